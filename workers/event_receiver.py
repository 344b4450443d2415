"""The bucket-event receiver: `POST /events` → one idempotent workflow start per object.

The event only says where to look: the object is looked up (HEAD, and its sha256) in the
store, and the workflow id is derived from its content (adapters.object_identity), so
duplicate, replayed or multipart events of the same bytes are one workflow.

Answers 2xx only after Temporal accepted every start (so MinIO's queue keeps the event if
Temporal is down), and answers 2xx for an event it can never process (bad JSON, another
bucket, not an upload): MinIO retries a failing event forever before sending the next one,
so a poison event must not block the queue. Those are logged and counted, not retried.
"""

from __future__ import annotations

import asyncio
import hmac
from datetime import date

from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from temporalio.client import Client
from temporalio.common import Priority

from adapters.logging import get_logger
from adapters.object_identity import ObjectGone, identify
from adapters.s3 import META_CASE_HINT, META_SUBMITTER_EMAIL, decode_metadata, s3_client
from adapters.settings import Settings, load_roster_for
from adapters.temporal import connect
from intake.bucket_events import BadEventBody, BucketEvent, parse_body
from intake.roster import Roster
from workers.asgi_server import serve_process
from workflows.start_document import INBOX_PREFIX, document_input, start_document_once, submission_priority

log = get_logger("workers.event_receiver")

EVENTS = Counter("intake_events_total", "Bucket events received", ["outcome"])


def _priority(roster: Roster, ev: BucketEvent) -> Priority:
    """Task-queue priority and fairness key from what the event itself says (MinIO sends the
    object's metadata: the sender and, for a corrected report, its case). The workflow is
    started on the first event, straight from the webhook; eager workflow start would need a
    worker in this process, and the receiver has none."""
    meta = decode_metadata(ev.user_metadata)
    return submission_priority(roster, meta.get(META_SUBMITTER_EMAIL), meta.get(META_CASE_HINT), date.today())


async def start_for_event(
    ev: BucketEvent, client: Client, s3, task_queue: str, priority: Priority | None = None
) -> tuple[str | None, bool]:
    """(workflow id or None when the object is gone, whether it was new). The store, not the
    event, says what the object is: a replayed event may carry a wrong or no eTag, and a
    multipart upload's ETag is not its content's. A failure here (Temporal or the store
    unreachable) propagates as 500: MinIO keeps the event and retries it, as it should."""
    try:
        identity = await asyncio.to_thread(identify, s3, ev.bucket, ev.key, ev.version_id)
    except ObjectGone:
        EVENTS.labels("gone").inc()
        log.info("event for an object that is not there ignored", key=ev.key, version_id=ev.version_id)
        return None, False
    wf_id, new = await start_document_once(client, task_queue, document_input(identity, f"event:{ev.source}", ev.event_time), priority)
    if new:
        EVENTS.labels("started").inc()
        log.info("workflow started", workflow_id=wf_id, key=ev.key, content=identity.content_id, via=identity.source)
    else:
        EVENTS.labels("duplicate").inc()
        log.info("duplicate absorbed", workflow_id=wf_id, key=ev.key, content=identity.content_id)
    return wf_id, new


def create_app(settings: Settings, client: Client | None = None) -> Starlette:
    state: dict = {"client": client, "s3": lambda: s3_client(settings.s3)}
    roster = load_roster_for(settings)

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
        started: list[str] = []
        duplicates = 0
        client = await temporal()
        for ev in parsed.events:
            if ev.bucket != settings.s3.intake_bucket or not ev.key.startswith(INBOX_PREFIX):
                EVENTS.labels("ignored").inc()
                log.info("event for another bucket or prefix ignored", bucket=ev.bucket, key=ev.key)
                continue
            wf_id, new = await start_for_event(ev, client, state["s3"](), settings.temporal.task_queue, _priority(roster, ev))
            if wf_id is not None:
                started.append(wf_id)
                duplicates += 0 if new else 1
        return JSONResponse({"accepted": len(started), "workflows": started, "duplicates": duplicates})

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
    serve_process("events", "event receiver", create_app, lambda s: (s.events, s.events.token, "INTAKE_EVENTS__TOKEN"))


if __name__ == "__main__":
    main()
