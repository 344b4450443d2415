"""Where the external servers' binaries are: `temporal` in the venv, MinIO and Mailpit in
the build cache (`scripts/setup.sh` puts them there)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SETUP_HINT = "run `make setup` (or `bash scripts/setup.sh`) to build it"


class MissingBinary(RuntimeError):
    pass


def cache_bin_dir() -> Path:
    if os.environ.get("INTAKE_BIN_DIR"):
        return Path(os.environ["INTAKE_BIN_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "report-intake" / "bin"


def _find(name: str, *candidates: Path) -> Path:
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    found = shutil.which(name)
    if found:
        return Path(found)
    raise MissingBinary(f"`{name}` binary not found (looked in {', '.join(map(str, candidates))}); {SETUP_HINT}")


def temporal() -> Path:
    return _find("temporal", Path(sys.executable).parent / "temporal", cache_bin_dir() / "temporal")


def minio() -> Path:
    return _find("minio", cache_bin_dir() / "minio")


def mailpit() -> Path:
    """Mailpit with its web UI embedded (setup.sh builds the UI with npm; `go install` alone
    gives a server whose UI is missing)."""
    return _find("mailpit-ui", cache_bin_dir() / "mailpit-ui")
