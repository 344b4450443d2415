"""`intake up --samples`: drop the bundled sample reports into the intake bucket once."""

from __future__ import annotations

from importlib import resources

from intake.settings import S3Settings
from intake.storage import s3_client
from intake.submission import put_submission

SAMPLE_SENDERS = {
    "ningmute": ("ningmute@example.gov.cn", "宁木特镇党政办"),
    "shangtang": ("shangtang@example.gov.cn", "上塘镇党政办"),
    "luhe": ("luhe@example.gov.cn", "鲁河镇党政办"),
    "beida": ("beida@example.gov.cn", "北大镇党政办"),
    "xidayingzi": ("xidayingzi@example.gov.cn", "西大营子镇党政办"),
    "hongze": ("hongze@example.gov.cn", "洪泽区政府办"),
    "huaian": ("huaian@example.gov.cn", "淮安市政府办"),
}


def sample_files() -> list[tuple[str, bytes]]:
    root = resources.files("intake") / "samples"
    return sorted((p.name, p.read_bytes()) for p in root.iterdir() if p.is_file())


def upload_samples(state, info: dict) -> list[str]:
    marker = state.root / "samples-uploaded"
    if marker.exists():
        return []
    s3 = info["s3"]
    client = s3_client(
        S3Settings(endpoint=s3["endpoint"], access_key=s3["access_key"], secret_key=s3["secret_key"], region=s3["region"])
    )
    keys = []
    for name, data in sample_files():
        email, sender = next((v for k, v in SAMPLE_SENDERS.items() if name.startswith(k)), ("clerk@example.gov.cn", None))
        keys.append(put_submission(client, s3["intake_bucket"], data, name, email=email, name=sender, channel="sample"))
    marker.write_text("\n".join(keys))
    return keys
