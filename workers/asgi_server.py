"""Serving an ASGI app of ours (event receiver, web app): one way, logged the same."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, Protocol

import uvicorn

from adapters.logging import get_logger
from adapters.settings import Settings, process_settings, require_secret


class Listener(Protocol):
    host: str
    port: int


def serve(app, host: str, port: int, what: str) -> None:
    get_logger("workers.asgi_server").info(f"{what} listening", host=host, port=port, pid=os.getpid())
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def serve_process(
    process: str, what: str, create_app: Callable[[Settings], Any], listener: Callable[[Settings], tuple[Listener, str, str]]
) -> None:
    """An app's process: its settings (logging set up), a refusal to start with a default or
    short secret, then the app on its host and port. `listener(settings)` names the settings
    section the app listens by, its secret and the variable that sets the secret."""
    settings = process_settings(process)
    section, secret, variable = listener(settings)
    require_secret(secret, variable)
    serve(create_app(settings), section.host, section.port, what)
