import pytest

from adapters.settings import require_secret


@pytest.mark.parametrize("value", ["", "change-me", "change-me-too", "short"])
def test_default_or_short_secrets_are_refused(value):
    with pytest.raises(SystemExit, match="INTAKE_WEB__SECRET"):
        require_secret(value, "INTAKE_WEB__SECRET")


def test_a_long_random_secret_is_accepted():
    assert require_secret("x" * 32, "INTAKE_EVENTS__TOKEN") == "x" * 32
