"""The web app process: `python -m workers.web` (started by `intake up`).

Listens on INTAKE_WEB__HOST / INTAKE_WEB__PORT; sessions are signed with INTAKE_WEB__SECRET;
accounts are read from the state dir (INTAKE_STATE_DIR). `create_app` builds the app for
tests with an existing Temporal client, roster and S3 client.
"""

from __future__ import annotations

from workers.asgi_server import serve_process
from workers.web.app import create_app

__all__ = ["create_app", "main"]


def main() -> None:
    serve_process("web", "web app", create_app, lambda s: (s.web, s.web.secret, "INTAKE_WEB__SECRET"))


if __name__ == "__main__":
    main()
