"""Response headers on every page: no framing by other sites, no sniffing, scripts and
styles only from us."""

from __future__ import annotations

from typing import Any

CSP = b"default-src 'self'; img-src 'self' data:; object-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'"


class SecurityHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def wrapped(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-security-policy", CSP),
                ]
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, wrapped)
