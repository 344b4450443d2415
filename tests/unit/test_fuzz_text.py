"""Mutated seed files: the check always answers, quickly, and never raises."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annual_report.check import check_bytes

SEED_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"  # shared/ sits beside the checkout
SEEDS = [p.read_bytes() for p in sorted(SEED_DIR.glob("*.txt"))]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "dup", "insert", "delete_line"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            data = data[:pos]
        elif op == "dup":
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 2000))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=40)) or b"\t|0"
        else:
            end = data.find(b"\n", pos)
            del data[pos : end if end > 0 else len(data)]
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=mutated())
def test_mutated_seeds_never_crash(data: bytes) -> None:
    started = time.perf_counter()
    result = check_bytes(data, "fuzz.txt", time_limit_s=5)
    assert time.perf_counter() - started < 2
    assert result.classification.kind in ("annual_report", "not_report", "unreadable")
    assert result.classification.reason_code != "internal_error", result.classification.reasons
    result.contract()


def test_pathological_inputs_answer_in_time() -> None:
    cases = [
        b"",
        b"\x00" * 1000,
        bytes(range(256)) * 4000,
        b"9" * 2_000_000,  # one endless line of digits
        ("规章" + "1" * 50 + "行政规范性文件").encode() * 20_000,  # endless flattened line
        SEEDS[0] * 60,  # ~570 KB of repeated report
    ]
    for data in cases:
        started = time.perf_counter()
        result = check_bytes(data, "x", time_limit_s=10)
        # A hang guard, not a speed measure: the check's own limit is 10 s; a loaded machine
        # may add its scheduling delay on top.
        assert time.perf_counter() - started < 60
        assert result.classification.reason_code != "internal_error", result.classification.reasons


@pytest.mark.timeout(120, method="thread")  # leaves SIGALRM to the check's own timer
def test_time_limit_interrupts_with_a_timer() -> None:
    started = time.perf_counter()
    result = check_bytes(SEEDS[0] * 300, "big.txt", time_limit_s=0.05)
    assert (result.classification.kind, result.classification.reason_code) == ("unreadable", "timeout")
    assert time.perf_counter() - started < 5


def test_time_limit_between_stages_when_no_timer_is_free() -> None:
    def in_thread(out: list) -> None:
        out.append(check_bytes(SEEDS[0] * 200, "big.txt", time_limit_s=0.001))

    out: list = []
    t = threading.Thread(target=in_thread, args=(out,))
    t.start()
    t.join()
    assert (out[0].classification.kind, out[0].classification.reason_code) == ("unreadable", "timeout")
