"""The bucket-event receiver: `POST /events` → one idempotent workflow start per object.

Answers 2xx only after Temporal accepted every start (so MinIO's queue keeps the event if
Temporal is down), and answers 2xx for an event it can never process (bad JSON, another
bucket, not an upload): MinIO retries a failing event forever before sending the next one,
so a poison event must not block the queue. Those are logged and counted, not retried.
"""

from __future__ import annotations

import hmac

from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from temporalio.client import Client

from workers.asgi_server import serve
from intake.bucket_events import BadEventBody, parse_body
from adapters.logging import configure_logging, get_logger
from adapters.settings import Settings, get_settings, require_secret
from workflows.start_document import INBOX_PREFIX, start_document
from adapters.temporal import connect
from workflows.contracts import DocumentInput

log = get_logger("workers.event_receiver")

EVENTS = Counter("intake_events_total", "Bucket events received", ["outcome"])


def create_app(settings: Settings, client: Client | None = None) -> Starlette:
    state: dict = {"client": client}

    async def temporal() -> Client:
        if state["client"] is None:
            state["client"] = await connect(settings.temporal)
        return state["client"]

    async def events(request: Request) -> Response:
        auth = request.headers.get("authorization", "")
        if not auth:
            EVENTS.labels("unauthenticated").inc()
            return JSONResponse({"error": "missing bearer token"}, status_code=401)
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.encode(), settings.events.token.encode()):
            EVENTS.labels("forbidden").inc()
            return JSONResponse({"error": "wrong token"}, status_code=403)
        body = await request.body()
        try:
            parsed = parse_body(body)
        except BadEventBody as exc:
            EVENTS.labels("rejected").inc()
            log.warning("event dropped: unparsable body", reason=str(exc), body=body[:500].decode("utf-8", "replace"))
            return JSONResponse({"accepted": 0, "dropped": str(exc)})
        for why in parsed.ignored:
            EVENTS.labels("ignored").inc()
            log.info("event record ignored", reason=why)
        started = []
        client = await temporal()
        for ev in parsed.events:
            if ev.bucket != settings.s3.intake_bucket or not ev.key.startswith(INBOX_PREFIX):
                EVENTS.labels("ignored").inc()
                log.info("event for another bucket or prefix ignored", bucket=ev.bucket, key=ev.key)
                continue
            doc = DocumentInput(
                bucket=ev.bucket,
                key=ev.key,
                etag=ev.etag,
                version_id=ev.version_id,
                size=ev.size,
                event_time=ev.event_time,
                trigger=f"event:{ev.source}",
            )
            # A failure here (Temporal unreachable) propagates as 500: MinIO keeps the event
            # and retries it, which is what we want for a transient fault.
            wf_id = await start_document(client, settings.temporal.task_queue, doc)
            EVENTS.labels("started").inc()
            log.info("workflow started", workflow_id=wf_id, key=ev.key, etag=ev.etag)
            started.append(wf_id)
        return JSONResponse({"accepted": len(started), "workflows": started})

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    async def metrics(_request: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return Starlette(
        routes=[
            Route("/events", events, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/metrics", metrics),
        ]
    )


def main() -> None:
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format, process="events")
    require_secret(settings.events.token, "INTAKE_EVENTS__TOKEN")
    serve(create_app(settings), settings.events.host, settings.events.port, "event receiver")


if __name__ == "__main__":
    main()
