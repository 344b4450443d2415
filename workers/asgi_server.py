"""Serving an ASGI app of ours (event receiver, web app): one way, logged the same."""

from __future__ import annotations

import os

import uvicorn

from adapters.logging import get_logger


def serve(app, host: str, port: int, what: str) -> None:
    get_logger("workers.asgi_server").info(f"{what} listening", host=host, port=port, pid=os.getpid())
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
