"""Which roster a process uses: INTAKE_ROSTER_PATH, else the bundled demo roster."""

from __future__ import annotations

from intake.roster import Roster, load_demo_roster, load_roster
from intake.settings import Settings


def load_roster_for(settings: Settings) -> Roster:
    return load_roster(settings.roster_path) if settings.roster_path else load_demo_roster()
