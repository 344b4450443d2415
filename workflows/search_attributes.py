"""Custom search attributes: how operators find a case in the Temporal UI.

Registered by `intake up` (and by the test fixtures) when the dev server starts; a
production cluster registers the same names once (`deploy/README.md`).
"""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

ORGANIZATION = SearchAttributeKey.for_keyword("IntakeOrganization")
COUNTY = SearchAttributeKey.for_keyword("IntakeCounty")
YEAR = SearchAttributeKey.for_int("IntakeYear")
STATUS = SearchAttributeKey.for_keyword("IntakeStatus")
KIND = SearchAttributeKey.for_keyword("IntakeKind")
TEMPLATE = SearchAttributeKey.for_keyword("IntakeTemplate")
SUBMITTER = SearchAttributeKey.for_keyword("IntakeSubmitter")
OBJECT_KEY = SearchAttributeKey.for_keyword("IntakeObjectKey")
ERRORS = SearchAttributeKey.for_int("IntakeErrors")
WARNINGS = SearchAttributeKey.for_int("IntakeWarnings")
REVIEWER = SearchAttributeKey.for_keyword("IntakeReviewer")

ALL = (ORGANIZATION, COUNTY, YEAR, STATUS, KIND, TEMPLATE, SUBMITTER, OBJECT_KEY, ERRORS, WARNINGS, REVIEWER)

_CLI_TYPES = {"KEYWORD": "Keyword", "INT": "Int", "TEXT": "Text", "BOOL": "Bool", "DATETIME": "Datetime"}


def cli_flags() -> list[str]:
    """`--search-attribute NAME=Type` flags for `temporal server start-dev`."""
    flags: list[str] = []
    for key in ALL:
        flags += ["--search-attribute", f"{key.name}={_CLI_TYPES[key.indexed_value_type.name]}"]
    return flags
