"""One-shot provisioning for a deployed stack: `python -m cli.stack.provision_cli`.

Reads the ordinary settings (INTAKE_*), then, each step idempotent:

1. buckets: the versioned intake bucket, the object-locked audit bucket and (MinIO only)
   the intake bucket's webhook subscription, via `cli.stack.provision.ensure_buckets`;
2. search attributes: every key in `workflows.search_attributes.ALL` on the configured
   Temporal namespace, via the operator service (only the missing ones are added).

Used by the `init` service of docker-compose.yml and the `intake-provision` Job in deploy/.
On AWS, buckets usually come from infrastructure code: pass `--skip-buckets`. On Temporal
Cloud the operator service does not manage search attributes: pass
`--skip-search-attributes` and add them with tcld / the Cloud UI (deploy/README.md).

Exit codes: 0 done, 1 a step failed (after retries), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from typing import TypeVar

from adapters.settings import Settings, get_settings
from adapters.temporal import connect_kwargs

T = TypeVar("T")


def _retry(what: str, fn: Callable[[], T], attempts: int, delay: float) -> T:
    """Servers in a compose stack come up in any order: try a few times before failing."""
    for i in range(1, attempts + 1):
        try:
            return fn()
        except Exception as exc:
            if i == attempts:
                raise
            print(f"provision: {what} not ready ({exc!r}); retry {i}/{attempts - 1} in {delay:.0f}s", file=sys.stderr)
            time.sleep(delay)
    raise AssertionError("unreachable")


def provision_buckets(settings: Settings, subscribe: bool, retention_days: int = 0, retention_mode: str = "GOVERNANCE") -> None:
    from cli.stack.provision import ensure_buckets, minio_admin

    s3 = settings.s3
    if not s3.endpoint:
        raise SystemExit("provision: INTAKE_S3__ENDPOINT is not set; on AWS create the buckets with IaC and pass --skip-buckets")
    client = minio_admin(s3.endpoint, s3.access_key or "", s3.secret_key or "")
    ensure_buckets(client, s3.intake_bucket, s3.audit_bucket, subscribe=subscribe)
    if retention_days > 0:
        # Object lock alone protects nothing: an object is WORM only with a retention period
        # (or a legal hold). A bucket default makes every audit record WORM on write.
        from minio.objectlockconfig import DAYS, ObjectLockConfig

        client.set_object_lock_config(s3.audit_bucket, ObjectLockConfig(retention_mode, retention_days, DAYS))
        print(f"provision: default retention on {s3.audit_bucket!r}: {retention_mode} {retention_days} days", file=sys.stderr)
    print(f"provision: buckets {s3.intake_bucket!r} (versioned) and {s3.audit_bucket!r} (object lock) ready", file=sys.stderr)


async def register_search_attributes(settings: Settings) -> list[str]:
    """Add the search attributes the namespace lacks; return the names added. A name that
    exists with another type is an error: a type cannot be changed in place."""
    from temporalio.api.enums.v1 import IndexedValueType
    from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest, ListSearchAttributesRequest
    from temporalio.client import Client

    from workflows.search_attributes import ALL

    kw = connect_kwargs(settings.temporal)
    client = await Client.connect(**kw)
    namespace = kw["namespace"]
    existing = await client.operator_service.list_search_attributes(ListSearchAttributesRequest(namespace=namespace))
    have = dict(existing.custom_attributes)
    missing: dict[str, IndexedValueType.ValueType] = {}
    for key in ALL:
        want = IndexedValueType.ValueType(key.indexed_value_type)  # the SDK's enum mirrors the API's numbers
        if key.name in have:
            if have[key.name] != want:
                raise SystemExit(
                    f"provision: search attribute {key.name} exists as {IndexedValueType.Name(have[key.name])}, "
                    f"expected {IndexedValueType.Name(want)}"
                )
            continue
        missing[key.name] = want
    if missing:
        await client.operator_service.add_search_attributes(AddSearchAttributesRequest(namespace=namespace, search_attributes=missing))
    print(f"provision: search attributes on {namespace!r}: added {sorted(missing) or 'none'}", file=sys.stderr)
    return sorted(missing)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cli.stack.provision_cli", description=__doc__.splitlines()[0])
    p.add_argument("--skip-buckets", action="store_true", help="do not create buckets (AWS: they come from IaC)")
    p.add_argument("--no-subscribe", action="store_true", help="create buckets but not the MinIO webhook subscription")
    p.add_argument(
        "--audit-retention-days",
        type=int,
        default=0,
        help="set this default retention on the audit bucket (0 = leave the bucket's setting alone)",
    )
    p.add_argument("--audit-retention-mode", choices=["GOVERNANCE", "COMPLIANCE"], default="GOVERNANCE")
    p.add_argument("--skip-search-attributes", action="store_true", help="do not register search attributes (Temporal Cloud)")
    p.add_argument("--attempts", type=int, default=30, help="tries per step while servers start (default 30)")
    p.add_argument("--delay", type=float, default=2.0, help="seconds between tries (default 2)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    try:
        if not args.skip_buckets:
            _retry(
                "object storage",
                lambda: provision_buckets(
                    settings,
                    subscribe=not args.no_subscribe,
                    retention_days=args.audit_retention_days,
                    retention_mode=args.audit_retention_mode,
                ),
                args.attempts,
                args.delay,
            )
        if not args.skip_search_attributes:
            _retry("temporal", lambda: asyncio.run(register_search_attributes(settings)), args.attempts, args.delay)
    except SystemExit:
        raise
    except Exception as exc:
        print(f"provision: failed: {exc!r}", file=sys.stderr)
        return 1
    print("provision: done", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
