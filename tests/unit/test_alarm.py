"""The check's time limit (annual_report/alarm.py): SIGALRM raises the caller's error where the
code stands. Python ignores an exception raised inside some callbacks (a gc callback, a
__del__): the timer must fire again until its error gets through, or a stuck read goes on."""

from __future__ import annotations

import signal
import time

import pytest

from annual_report.alarm import alarm, can_alarm


class Expired(Exception):
    pass


@pytest.mark.timeout(60, method="thread")  # leaves SIGALRM to the alarm under test
def test_an_alarm_whose_error_was_swallowed_fires_again():
    assert can_alarm()
    swallowed = 0
    deadline = time.monotonic() + 10
    with pytest.raises(Expired), alarm(0.05, Expired):
        while True:
            try:
                while time.monotonic() < deadline:
                    pass
                break
            except Expired:
                swallowed += 1  # as a gc callback's caller would: the error is lost
                if swallowed == 2:
                    raise
    assert swallowed == 2 and time.monotonic() < deadline
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # stopped on the way out
