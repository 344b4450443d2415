"""The web app: clerks upload and follow their case, reviewers work an inbox, the county
sees who is late. Server-rendered (Starlette + Jinja2), Chinese, small vendored JS/CSS.

`create_app` (in `workers.web.app`) builds the ASGI app; `python -m workers.web` serves it.
"""

from workers.web.app import create_app

__all__ = ["create_app"]
