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
