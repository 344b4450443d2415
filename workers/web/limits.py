"""Request body limits: a form post is small, an upload is at most the file limit. Checked
on the declared length and again while the body streams in (a client may lie or chunk),
so an anonymous POST cannot fill the disk with multipart temp files."""

from __future__ import annotations

FORM_LIMIT = 64 * 1024
UPLOAD_PATHS = ("/upload", "/cases/")  # the upload and the corrected-file upload on a case


class BodyLimit:
    def __init__(self, app, upload_limit: int) -> None:
        self.app = app
        self.upload_limit = upload_limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        path = scope["path"]
        limit = self.upload_limit + FORM_LIMIT if path.startswith(UPLOAD_PATHS) else FORM_LIMIT
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await _too_large(send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send) -> None:
    body = "请求内容过大。".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
