from hypothesis import given
from hypothesis import strategies as st

from adapters import s3 as storage


@given(st.text(min_size=0, max_size=60))
def test_metadata_values_round_trip_and_are_ascii(value):
    encoded = storage.encode_meta_value(value)
    assert encoded.isascii()
    assert storage.decode_meta_value(encoded) == value


def test_rfc2047_values_from_gateways_are_decoded():
    assert storage.decode_meta_value("=?utf-8?b?5LiK5aGY6ZWH?=") == "上塘镇"


def test_decode_metadata_strips_amz_prefix():
    assert storage.decode_metadata({"X-Amz-Meta-Submitter-Email": "a@b.cn"}) == {"submitter-email": "a@b.cn"}


def test_the_readme_aws_cli_example_uses_the_service_encoding():
    """README's `aws s3 cp … --metadata` example: each value is what the service writes, and
    reads back as the Chinese name."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    shorthand = re.search(r"--metadata '([^']+)'", readme).group(1)
    meta = dict(pair.split("=", 1) for pair in shorthand.split(","))
    decoded = storage.decode_metadata(meta)
    assert decoded[storage.META_SUBMITTER_NAME] == "上塘镇党政办"
    assert decoded[storage.META_ORIGINAL_NAME] == "上塘镇2021年度报告.pdf"
    assert decoded[storage.META_SUBMITTER_EMAIL] == "shangtang@fc.example.gov.cn"
    assert storage.encode_metadata(decoded) == meta  # byte for byte what put_submission writes
    assert all(v.isascii() and "," not in v for v in meta.values())  # safe in the CLI shorthand
