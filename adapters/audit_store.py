"""The audit trail's store: records written once into the `audit` bucket (S3 object lock,
COMPLIANCE retention, versioning), read back and verified. The chain itself (records, hashes,
cursor, verification of one chain) is pure and lives in `intake.audit_chain`."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from intake.audit_chain import (
    DEFAULT_LOCK_MODE,
    DEFAULT_RETENTION_DAYS,
    KEY_PREFIX,
    AuditRecord,
    StoredObject,
    VerifyReport,
    check_chain,
    encode_record,
    record_hash,
)

# ---------------------------------------------------------------- the store


class AuditError(RuntimeError):
    pass


class AuditConflict(AuditError):
    """A different record already holds this chain position."""


class AuditStore:
    def __init__(
        self,
        client,
        bucket: str,
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        lock_mode: str = DEFAULT_LOCK_MODE,
        workers: int = 8,
    ):
        self.client = client
        self.bucket = bucket
        self.retention_days = retention_days
        self.lock_mode = lock_mode
        self.workers = workers

    def append(self, record: AuditRecord) -> str:
        """Write `record` once; return the hash of the record stored at its position.

        Idempotent for retried activities: the PUT is conditional (If-None-Match: *), so a
        second write of the same chain/seq never creates a version. If the key exists with the
        same stage, the stored record wins and its hash is returned (a retry may differ only
        in `activity.attempt`); the caller must chain the next record to that hash. A
        different stage at that seq is a real conflict."""
        from botocore.exceptions import ClientError

        if record_hash(record.fields()) != record.hash:
            raise ValueError("record hash does not match its content")
        until = dt.datetime.now(dt.UTC) + dt.timedelta(days=self.retention_days)
        for _ in range(3):
            try:
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=record.key,
                    Body=encode_record(record),
                    ContentType="application/json",
                    IfNoneMatch="*",
                    ObjectLockMode=self.lock_mode,
                    ObjectLockRetainUntilDate=until,
                )
                return record.hash
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code")
                if code == "ConditionalRequestConflict":  # a concurrent writer of the same key: look again
                    continue
                if code not in ("PreconditionFailed", "412"):
                    raise
            stored = self._stored(record.key)
            if stored is None:  # deleted (delete marker) meanwhile: the next conditional PUT succeeds
                continue
            if stored.stage != record.stage:
                raise AuditConflict(f"{record.chain}#{record.seq} already holds stage {stored.stage!r}, not {record.stage!r}")
            return stored.hash
        raise AuditError(f"could not write {record.key}")

    def _stored(self, key: str) -> AuditRecord | None:
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise
        try:
            return AuditRecord.model_validate_json(body)
        except ValidationError as exc:
            raise AuditConflict(f"{key} is unparsable") from exc

    def _pages(self, op: str, **kw):
        return self.client.get_paginator(op).paginate(Bucket=self.bucket, **kw)

    def chains(self, prefix: str = "") -> list[str]:
        """Chain ids, including chains whose records were all delete-marked."""
        out = []
        for page in self._pages("list_object_versions", Prefix=KEY_PREFIX + prefix, Delimiter="/"):
            out += [p["Prefix"][len(KEY_PREFIX) : -1] for p in page.get("CommonPrefixes", [])]
        return sorted(set(out))

    def read_chain(self, chain: str) -> list[AuditRecord]:
        """The chain's current records in seq order (raises AuditError on an unparsable one)."""
        objs = self._snapshot(KEY_PREFIX + chain + "/").get(chain, [])
        out = []
        for o in sorted(objs, key=lambda o: o.key):
            if o.body is None:
                continue
            try:
                out.append(AuditRecord.model_validate_json(o.body))
            except ValidationError as exc:
                raise AuditError(f"{o.key} is unparsable") from exc
        return out

    def _snapshot(self, prefix: str) -> dict[str, list[StoredObject]]:
        """Every key under `prefix` with its latest body, grouped by chain. One paginated
        version listing gives current versions, delete markers and rewrites together; the
        bodies are then fetched concurrently (small objects: latency-bound)."""
        from concurrent.futures import ThreadPoolExecutor

        latest: dict[str, dict] = {}  # key -> latest version or delete marker
        first_etag: dict[str, str] = {}  # key -> ETag of its oldest version
        for page in self._pages("list_object_versions", Prefix=prefix):
            for v in page.get("Versions", []):
                # S3 lists each key's versions newest first, so the last one seen is the oldest.
                first_etag[v["Key"]] = v["ETag"]
                if v["IsLatest"]:
                    latest[v["Key"]] = v
            for d in page.get("DeleteMarkers", []):
                if d["IsLatest"]:
                    latest[d["Key"]] = {**d, "ETag": None}

        def fetch(key: str) -> StoredObject:
            v = latest[key]
            if v["ETag"] is None:
                return StoredObject(key, None)
            body = self.client.get_object(Bucket=self.bucket, Key=key, VersionId=v["VersionId"])["Body"].read()
            return StoredObject(key, body, rewritten=v["ETag"] != first_etag.get(key))

        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            objs = list(pool.map(fetch, sorted(latest)))
        grouped: dict[str, list[StoredObject]] = {}
        for o in objs:
            grouped.setdefault(o.key[len(KEY_PREFIX) :].split("/", 1)[0], []).append(o)
        return grouped

    def verify(self, chains: list[str] | None = None, prefix: str = "") -> VerifyReport:
        return verify(self, chains=chains, prefix=prefix)


def verify(store: AuditStore, *, chains: list[str] | None = None, prefix: str = "") -> VerifyReport:
    """Recompute every chain (or only `chains`, or chains whose id starts with `prefix`)."""
    if chains is None:
        snapshot = store._snapshot(KEY_PREFIX + prefix)
    else:
        snapshot = {}
        for c in chains:
            snapshot.update(store._snapshot(KEY_PREFIX + c + "/"))
    problems = []
    for chain in sorted(snapshot):
        problem = check_chain(chain, snapshot[chain])
        if problem:
            problems.append(problem)
    return VerifyReport(
        ok=not problems,
        chains=len(snapshot),
        records=sum(len(v) for v in snapshot.values()),
        problems=problems,
    )
