"""`intake up --samples`: drop the bundled sample reports into the intake bucket once."""

from __future__ import annotations

from importlib import resources

from adapters.intake_bucket import put_submission
from adapters.s3 import s3_client
from adapters.settings import S3Settings

# Which body sent each sample: its clerk in the demo roster is the submitter.
SAMPLE_BODIES = {
    "ningmute": "宁木特镇",
    "shangtang": "上塘镇",
    "luhe": "鲁河镇",
    "beida": "北大镇",
    "xidayingzi": "西大营子镇",
    "hongze": "洪泽区",
    "huaian": "淮安市",
}


def sample_sender(file_name: str, roster) -> tuple[str, str | None]:
    body_name = next((b for prefix, b in SAMPLE_BODIES.items() if file_name.startswith(prefix)), None)
    body = roster.find_body(body_name) if body_name else None
    if body and body.clerks:
        return body.clerks[0].email, body.clerks[0].name
    return "clerk@example.gov.cn", None


def sample_files() -> list[tuple[str, bytes]]:
    root = resources.files("intake") / "samples"
    return sorted((p.name, p.read_bytes()) for p in root.iterdir() if p.is_file())


def upload_samples(state, info: dict) -> list[str]:
    marker = state.root / "samples-uploaded"
    if marker.exists():
        return []
    s3 = info["s3"]
    client = s3_client(S3Settings(endpoint=s3["endpoint"], access_key=s3["access_key"], secret_key=s3["secret_key"], region=s3["region"]))
    from intake.roster_file import load_demo_roster

    roster = load_demo_roster()
    keys = []
    for name, data in sample_files():
        email, sender = sample_sender(name, roster)
        keys.append(put_submission(client, s3["intake_bucket"], data, name, email=email, name=sender, channel="sample"))
    marker.write_text("\n".join(keys))
    return keys
