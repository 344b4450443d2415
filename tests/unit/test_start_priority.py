"""Task-queue priority and fairness key of a document workflow, from what the upload event says."""

from __future__ import annotations

import json
from datetime import date

from adapters.s3 import META_CASE_HINT, META_SUBMITTER_EMAIL, encode_metadata
from intake.bucket_events import parse_body
from intake.cases import case_id_for
from intake.roster_file import load_demo_roster
from workers.event_receiver import _priority
from workflows.start_document import FIRST_SUBMISSION, RESUBMISSION, URGENT, submission_priority

ROSTER = load_demo_roster()
TODAY = date(2026, 6, 1)


def test_first_submission_of_a_known_clerk_is_fair_per_county():
    p = submission_priority(ROSTER, "shangtang@fc.example.gov.cn", None, TODAY)
    assert (p.priority_key, p.fairness_key) == (FIRST_SUBMISSION, "丰城市")


def test_a_county_mail_domain_names_the_county_and_an_unknown_domain_is_its_own_key():
    assert submission_priority(ROSTER, "someone-new@wn.example.gov.cn", None, TODAY).fairness_key == "万宁市"
    assert submission_priority(ROSTER, "Clerk@Elsewhere.CN", None, TODAY).fairness_key == "elsewhere.cn"
    assert submission_priority(ROSTER, None, None, TODAY).fairness_key == "unknown"


def test_a_resubmission_goes_first_and_first_of_all_near_its_deadline():
    hint = case_id_for("龙城区", "西大营子镇", 2025)  # due 2026-01-31 (demo roster rule)
    far = submission_priority(ROSTER, "shangtang@fc.example.gov.cn", hint, date(2026, 1, 10))
    near = submission_priority(ROSTER, "shangtang@fc.example.gov.cn", hint, date(2026, 1, 29))
    late = submission_priority(ROSTER, "shangtang@fc.example.gov.cn", hint, date(2026, 3, 1))
    assert (far.priority_key, near.priority_key, late.priority_key) == (RESUBMISSION, URGENT, URGENT)
    assert far.fairness_key == "龙城区"  # the case's county, not the sender's
    assert URGENT < RESUBMISSION < FIRST_SUBMISSION  # lower goes first


def test_the_receiver_reads_sender_and_case_from_minio_user_metadata():
    meta = encode_metadata({META_SUBMITTER_EMAIL: "beida@wn.example.gov.cn", META_CASE_HINT: case_id_for("万宁市", "北大镇", 2020)})
    body = {
        "Records": [
            {
                "eventSource": "minio:s3",
                "eventName": "s3:ObjectCreated:Put",
                "s3": {
                    "bucket": {"name": "intake"},
                    "object": {
                        "key": "inbox%2Fabc%2Fr.pdf",
                        "size": 1,
                        "eTag": "e",
                        "userMetadata": {f"X-Amz-Meta-{k}": v for k, v in meta.items()},
                    },
                },
            }
        ]
    }
    ev = parse_body(json.dumps(body).encode()).events[0]
    p = _priority(ROSTER, ev)
    assert (p.priority_key, p.fairness_key) == (URGENT, "万宁市")  # the 2020 report was due 2021-01-31
