"""Inputs for the chaos scenarios: real reports (the bundled samples, re-dated so each is its
own case), hostile files, and the ways of putting them into the intake bucket."""

from __future__ import annotations

import io
import itertools
import os
from dataclasses import dataclass
from importlib import resources

from boto3.s3.transfer import TransferConfig

from adapters import s3 as storage
from adapters.intake_bucket import put_submission
from cli.stack.samples import sample_sender
from intake.roster_file import load_demo_roster
from tests.fixtures.archives import zip_of

SEEDS = {"shangtang-2021.txt": 2021, "luhe-2021.txt": 2021, "ningmute-2021.txt": 2021, "beida-2020.txt": 2020, "xidayingzi-2022.txt": 2022}
FIRST_YEAR = 2080  # far from every real year and from the test suite's


@dataclass(frozen=True)
class Report:
    name: str
    data: bytes
    email: str
    sender: str | None
    body: str
    county: str
    year: int

    @property
    def official_case(self) -> str:
        return f"case-{self.year}-{self.county}-{self.body}"


class Reports:
    """Each call: a real report of another (body, year) pair, so each is its own case."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.roster = load_demo_roster()
        root = resources.files("intake") / "samples"
        self.seeds = [(name, (root / name).read_text(encoding="utf-8"), year) for name, year in SEEDS.items()]
        self._pairs = itertools.product(range(FIRST_YEAR, FIRST_YEAR + 40), range(len(self.seeds)))

    def next(self) -> Report:
        year, i = next(self._pairs)
        name, text, seed_year = self.seeds[i]
        body_text = text.replace(str(seed_year + 1), str(year + 1)).replace(str(seed_year), str(year))
        email, sender = sample_sender(name, self.roster)
        body = self.roster.find_body(next(b for p, b in _BODIES.items() if name.startswith(p)))
        data = (body_text + f"\n{self.tag}-{year}-{i}\n").encode()
        return Report(f"{body.name}{year}年报-{self.tag}.txt", data, email, sender, body.name, body.county, year)


_BODIES = {"shangtang": "上塘镇", "luhe": "鲁河镇", "ningmute": "宁木特镇", "beida": "北大镇", "xidayingzi": "西大营子镇"}


def upload(s3, bucket: str, r: Report, channel: str = "chaos") -> str:
    return put_submission(s3, bucket, r.data, r.name, email=r.email, name=r.sender, channel=channel)


def upload_multipart(s3, bucket: str, key: str, data: bytes, meta: dict[str, str | None]) -> None:
    """A multipart upload (threshold forced down): its ETag is `<md5 of md5s>-1`."""
    config = TransferConfig(multipart_threshold=1, multipart_chunksize=5 * 1024 * 1024)
    s3.upload_fileobj(io.BytesIO(data), bucket, key, Config=config, ExtraArgs={"Metadata": storage.encode_metadata(meta)})


def hostile_files(tag: str) -> dict[str, bytes]:
    """Empty, random, large, a zip bomb, zips nested three deep, a broken PDF, a text wall."""
    level3 = zip_of({f"c{i}-{tag}.txt": os.urandom(200) for i in range(3)})
    level2 = zip_of({f"b{i}-{tag}.zip": level3 + bytes([i]) for i in range(3)})
    bomb = zip_of({"bomb.txt": b"0" * (200 * 1024 * 1024)})
    return {
        f"empty-{tag}.docx": b"",
        f"random-{tag}.pdf": os.urandom(1024 * 1024),
        f"large-{tag}.bin": os.urandom(40 * 1024 * 1024),
        f"bomb-{tag}.zip": bomb,
        f"nested-{tag}.zip": zip_of({f"a{i}-{tag}.zip": level2 + bytes([i]) for i in range(3)}),
        f"broken-{tag}.pdf": b"%PDF-1.7\n" + os.urandom(4096),
        f"wall-{tag}.txt": ("无意义的文字" * 50 + "\n").encode() * 4000,
    }
