"""AuditStore and `intake audit` against the real MinIO of the `minio_server` fixture.

Every test uses its own chain ids (uuid) and verifies only those chains, because the
`audit` bucket is shared with other tests (and tampered with here on purpose).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError
from click.testing import CliRunner

from adapters.audit_store import AuditConflict, AuditStore
from cli.main import main
from intake.audit_chain import AuditCursor, AuditRecord, encode_record, make_record

pytestmark = pytest.mark.integration

BUCKET = "audit"
AT = "2026-03-01T08:00:00+00:00"
STAGES = ["fetch", "classify", "extract", "validate", "notify", "route", "decision"]


@pytest.fixture
def store(minio_server) -> AuditStore:
    return AuditStore(minio_server.client, BUCKET)


def new_chain() -> str:
    return f"t-{uuid.uuid4().hex[:12]}"


def write_chain(store: AuditStore, chain: str, n: int = 5) -> list[AuditRecord]:
    cursor, out = AuditCursor(chain=chain), []
    for i in range(n):
        rec = make_record(
            cursor,
            stage=STAGES[i],
            actor="system:worker" if i < n - 1 else "reviewer:wang",
            at=AT,
            input={"step": i},
            output={"ok": True, "说明": "第" + str(i) + "步"},
            activity={"workflow_id": f"case-{chain}", "run_id": "r1", "activity_type": STAGES[i], "attempt": 1},
        )
        cursor = cursor.advance(store.append(rec))
        out.append(rec)
    return out


def versions(client, key: str) -> tuple[list[dict], list[dict]]:
    page = client.list_object_versions(Bucket=BUCKET, Prefix=key)
    return [v for v in page.get("Versions", []) if v["Key"] == key], page.get("DeleteMarkers", [])


def test_minio_honours_if_none_match(minio_server, store):
    """The idempotency of append rests on this: a conditional PUT of an existing key fails."""
    key = f"probe/{uuid.uuid4().hex}.json"
    minio_server.client.put_object(Bucket=BUCKET, Key=key, Body=b"1", IfNoneMatch="*")
    with pytest.raises(ClientError) as exc:
        minio_server.client.put_object(Bucket=BUCKET, Key=key, Body=b"2", IfNoneMatch="*")
    assert exc.value.response["Error"]["Code"] == "PreconditionFailed"
    assert minio_server.client.get_object(Bucket=BUCKET, Key=key)["Body"].read() == b"1"


def test_append_is_idempotent_and_first_write_wins(minio_server, store):
    chain = new_chain()
    cursor = AuditCursor(chain=chain)
    kw = {"stage": "fetch", "actor": "system:worker", "at": AT, "input": b"pdf"}
    first = make_record(cursor, **kw, activity={"workflow_id": "w", "attempt": 1})
    retry = make_record(cursor, **kw, activity={"workflow_id": "w", "attempt": 2})
    assert retry.hash != first.hash  # only the attempt number differs

    assert store.append(first) == first.hash
    assert store.append(first) == first.hash
    assert store.append(retry) == first.hash  # the stored record wins; the workflow chains to it

    vs, markers = versions(minio_server.client, first.key)
    assert len(vs) == 1 and not markers
    assert store.read_chain(chain) == [first]


def test_concurrent_appends_of_one_record_write_one_version(minio_server, store):
    rec = make_record(AuditCursor(chain=new_chain()), stage="fetch", actor="system:worker", at=AT)
    with ThreadPoolExecutor(8) as pool:
        hashes = set(pool.map(lambda _: store.append(rec), range(8)))
    assert hashes == {rec.hash}
    assert len(versions(minio_server.client, rec.key)[0]) == 1


def test_other_stage_at_the_same_seq_conflicts(store):
    cursor = AuditCursor(chain=new_chain())
    store.append(make_record(cursor, stage="fetch", actor="system:worker", at=AT))
    with pytest.raises(AuditConflict, match="fetch"):
        store.append(make_record(cursor, stage="classify", actor="system:worker", at=AT))


def test_records_are_locked_in_compliance_mode(minio_server, store):
    rec = write_chain(store, new_chain(), n=1)[0]
    head = minio_server.client.head_object(Bucket=BUCKET, Key=rec.key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert head["ObjectLockRetainUntilDate"] > dt.datetime.now(dt.UTC) + dt.timedelta(days=3649)
    with pytest.raises(ClientError):  # not even the root user can delete the version
        minio_server.client.delete_object(Bucket=BUCKET, Key=rec.key, VersionId=head["VersionId"])
    with pytest.raises(ClientError):
        minio_server.client.delete_object(Bucket=BUCKET, Key=rec.key, VersionId=head["VersionId"], BypassGovernanceRetention=True)


def test_intact_chains_verify(store):
    chains = [new_chain(), new_chain()]
    for c in chains:
        write_chain(store, c, n=7)
    report = store.verify(chains=chains)
    assert report.ok and report.chains == 2 and report.records == 14 and report.problems == []
    assert set(chains) <= set(store.chains(prefix="t-"))
    assert [r.stage for r in store.read_chain(chains[0])] == STAGES


def test_replaced_record_is_changed(minio_server, store):
    chain = new_chain()
    recs = write_chain(store, chain)
    forged = recs[2].fields() | {"detail": {"verdict": "approved"}}
    minio_server.client.put_object(Bucket=BUCKET, Key=recs[2].key, Body=json.dumps(forged).encode())
    assert len(versions(minio_server.client, recs[2].key)[0]) == 2  # the PUT only added a version

    report = store.verify(chains=[chain])
    assert not report.ok
    [p] = report.problems
    assert (p.chain, p.seq, p.key, p.problem) == (chain, 3, recs[2].key, "changed")


def test_self_consistent_replacement_is_changed(minio_server, store):
    """A forger who recomputes the hash: the version history still names the record."""
    chain = new_chain()
    recs = write_chain(store, chain)
    cursor = AuditCursor(chain=chain, seq=1, prev_hash=recs[0].hash)
    forged = make_record(cursor, stage=recs[1].stage, actor="system:worker", at=AT, output={"ok": False})
    minio_server.client.put_object(Bucket=BUCKET, Key=forged.key, Body=encode_record(forged))
    [p] = store.verify(chains=[chain]).problems
    assert (p.seq, p.key, p.problem) == (2, recs[1].key, "changed")


def test_deleted_record_is_removed(minio_server, store):
    chain = new_chain()
    recs = write_chain(store, chain)
    # No version id: allowed even under object lock, but it only adds a delete marker.
    minio_server.client.delete_object(Bucket=BUCKET, Key=recs[3].key)
    vs, markers = versions(minio_server.client, recs[3].key)
    assert len(vs) == 1 and len(markers) == 1

    report = store.verify(chains=[chain])
    [p] = report.problems
    assert (p.seq, p.key, p.problem) == (4, recs[3].key, "removed")
    assert [r.seq for r in store.read_chain(chain)] == [1, 2, 3, 5]


def test_swapped_records_are_reordered(minio_server, store):
    chain = new_chain()
    recs = write_chain(store, chain)
    c = minio_server.client
    body1 = c.get_object(Bucket=BUCKET, Key=recs[1].key)["Body"].read()
    body2 = c.get_object(Bucket=BUCKET, Key=recs[2].key)["Body"].read()
    c.put_object(Bucket=BUCKET, Key=recs[1].key, Body=body2)
    c.put_object(Bucket=BUCKET, Key=recs[2].key, Body=body1)
    [p] = store.verify(chains=[chain]).problems
    assert (p.seq, p.key, p.problem) == (2, recs[1].key, "reordered")


def test_only_the_broken_chain_is_named(minio_server, store):
    good, bad = new_chain(), new_chain()
    write_chain(store, good)
    recs = write_chain(store, bad)
    minio_server.client.put_object(Bucket=BUCKET, Key=recs[0].key, Body=b"{")
    report = store.verify(chains=[good, bad])
    assert report.chains == 2 and report.records == 10
    assert [(p.chain, p.seq, p.problem) for p in report.problems] == [(bad, 1, "unparsable")]


# ---------------------------------------------------------------- the CLI


@pytest.fixture
def stack_dir(minio_server, tmp_path):
    """A state dir whose stack.json points at the test MinIO, with a fresh locked audit
    bucket, so the command checks the *whole* bucket exactly as an operator runs it."""
    bucket = f"audit-{uuid.uuid4().hex[:10]}"
    minio_server.admin().make_bucket(bucket, object_lock=True)
    stack = {
        "temporal": {"address": "127.0.0.1:1", "namespace": "default"},
        "s3": {
            "endpoint": minio_server.endpoint,
            "access_key": minio_server.access_key,
            "secret_key": minio_server.secret_key,
            "intake_bucket": "intake",
            "audit_bucket": bucket,
            "region": "us-east-1",
        },
    }
    (tmp_path / "stack.json").write_text(json.dumps(stack))
    return tmp_path, AuditStore(minio_server.client, bucket)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_verify_exit_codes_and_named_record(minio_server, stack_dir):
    state, store = stack_dir
    chains = [new_chain(), new_chain()]
    recs = {c: write_chain(store, c) for c in chains}

    ok = run("audit", "verify", "--state-dir", str(state), "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output) == {"ok": True, "chains": 2, "records": 10, "problems": []}
    text = run("audit", "verify", "--state-dir", str(state))
    assert text.exit_code == 0 and "intact" in text.output and "完整" in text.output

    victim = recs[chains[1]][3]
    minio_server.client.delete_object(Bucket=store.bucket, Key=victim.key)
    broken = run("audit", "verify", "--state-dir", str(state), "--json")
    assert broken.exit_code == 1
    report = json.loads(broken.output)
    assert report["ok"] is False
    [problem] = report["problems"]
    assert {k: problem[k] for k in ("chain", "seq", "key", "problem")} == {
        "chain": chains[1],
        "seq": 4,
        "key": victim.key,
        "problem": "removed",
    }
    text = run("audit", "verify", "--state-dir", str(state))
    assert text.exit_code == 1 and victim.key in text.output and "BROKEN" in text.output

    only_good = run("audit", "verify", "--state-dir", str(state), "--chain", chains[0], "--json")
    assert only_good.exit_code == 0 and json.loads(only_good.output)["records"] == 5


def test_cli_show_lists_a_chain(stack_dir):
    state, store = stack_dir
    chain = new_chain()
    recs = write_chain(store, chain, n=3)
    out = run("audit", "show", chain, "--state-dir", str(state), "--json")
    assert out.exit_code == 0
    assert [r["hash"] for r in json.loads(out.output)] == [r.hash for r in recs]
    text = run("audit", "show", chain, "--state-dir", str(state))
    assert text.exit_code == 0 and "classify" in text.output and "reviewer:wang" in text.output
    missing = run("audit", "show", new_chain(), "--state-dir", str(state))
    assert missing.exit_code == 1


def test_cli_without_a_stack_says_so(tmp_path):
    out = run("audit", "verify", "--state-dir", str(tmp_path))
    assert out.exit_code == 1 and "stack.json" in out.output
