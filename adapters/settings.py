"""All configuration, in one typed place (environment variables with the INTAKE_ prefix).

The same code runs against local MinIO or AWS S3, the local dev server or a Temporal
cluster: only these values change. Nested groups use `__`, e.g. INTAKE_S3__ENDPOINT.
`intake up` writes the local stack's values into the environment of every child it starts.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from intake.roster import Roster
from intake.roster_file import load_demo_roster, load_roster

MB = 1024 * 1024


class GatewaySettings(BaseModel):
    """The SMTP intake gateway (`workers/mail_gateway.py`): INTAKE_GATEWAY__*, e.g.
    INTAKE_GATEWAY__ADDRESSES='["nianbao@example.gov.cn"]' (a comma-separated list works too)."""

    host: str = "127.0.0.1"
    port: int = 2525
    # The only recipients accepted (RCPT TO); anything else is refused with 550 (no relay).
    addresses: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["nianbao@example.gov.cn"])
    max_message_bytes: int = 30 * MB  # whole message as received (base64 included)
    max_attachment_bytes: int = 25 * MB  # one decoded attachment
    max_attachments: int = 20  # per message
    # A sender is proven by evidence (intake/sender_trust.py): "required" (production) or
    # "alignment" (the local demo stack: aligned envelope and From are enough).
    sender_evidence: Literal["required", "alignment"] = "required"
    # authserv-ids of the relays whose Authentication-Results headers we trust (our MX).
    trusted_authserv_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    verify_dkim: bool = True  # verify DKIM signatures ourselves (needs DNS)

    @field_validator("trusted_authserv_ids", mode="before")
    @classmethod
    def _split_ids(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = json.loads(v) if v.lstrip().startswith("[") else v.split(",")
        return [a.strip().lower() for a in v if a and a.strip()]

    @field_validator("addresses", mode="before")
    @classmethod
    def _split(cls, v):
        if isinstance(v, str):
            v = json.loads(v) if v.lstrip().startswith("[") else v.replace(";", ",").split(",")
        return [a.strip().lower() for a in v if a and a.strip()]


class TemporalSettings(BaseModel):
    address: str = "127.0.0.1:7233"
    namespace: str = "default"
    task_queue: str = "report-intake"
    # Scans are read by OCR workers on their own queue, so a text report never waits behind one.
    ocr_task_queue: str = "report-intake-ocr"
    ui: str | None = None  # base URL of the Temporal UI, for links
    # TLS / API key for Temporal Cloud or a secured cluster. When `envconfig_profile` is set,
    # connection options come from Temporal's own envconfig (TEMPORAL_* vars / config file).
    envconfig_profile: str | None = None
    api_key: str | None = None
    tls: bool = False


class S3Settings(BaseModel):
    endpoint: str | None = None  # None = AWS S3 default endpoint for the region
    region: str = "us-east-1"
    access_key: str | None = None  # None = the default AWS credential chain
    secret_key: str | None = None
    intake_bucket: str = "intake"
    audit_bucket: str = "audit"
    results_prefix: str = "results/"  # large activity results live here, not in history


class EventSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8001
    token: str = "change-me"  # MinIO sends it as Authorization: Bearer


class MailSettings(BaseModel):
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: str | None = None
    sender: str = "nianbao@example.gov.cn"
    api: str | None = None  # Mailpit HTTP API base, local only


def _cores_for_parsing() -> int:
    """One parse process per core, at least 1 and at most 8 (a PDF is parsed in well under a
    second; more processes than cores only add memory)."""
    return max(1, min(8, os.cpu_count() or 1))


class WorkerSettings(BaseModel):
    parse_processes: int = Field(default_factory=_cores_for_parsing)  # process pool for CPU-bound parsing
    max_concurrent_activities: int = 16
    # Poller and slot tuning handed to the Temporal worker; None = the SDK's default
    # (see bench/README.md, "Worker tuning", for what was measured).
    workflow_task_pollers: int | None = None
    activity_task_pollers: int | None = None
    max_concurrent_workflow_tasks: int | None = None
    eager_activities: bool = True  # the SDK's eager activity execution (off only to measure it)
    metrics_port: int | None = None  # Prometheus metrics; None = off
    # Fault injection for resilience tests and drills: "activity_name:seconds" makes that
    # activity wait (heartbeating) before working, so a worker can be killed mid-stage.
    fault_delay: str | None = None


class OcrSettings(BaseModel):
    """The OCR worker (workers/ocr_worker.py): one scan at a time per process (≈ 0.6 GB)."""

    max_pages: int = 40  # a scan with more pages needing OCR is refused with a reason
    page_seconds: float = 180.0
    document_seconds: float = 1800.0
    metrics_port: int | None = None  # Prometheus (readiness of the OCR worker); None = off


class WebSettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 8000
    secret: str = "change-me-too"  # signs session cookies
    base_url: str | None = None  # public URL for links in e-mails; default http://host:port
    secure_cookies: bool | None = None  # `Secure` session cookies; default: base_url is https://


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INTAKE_", env_nested_delimiter="__", extra="ignore")

    state_dir: Path = Path("var")
    log_level: str = "INFO"
    log_format: str = "json"  # json | console
    temporal: TemporalSettings = Field(default_factory=TemporalSettings)
    s3: S3Settings = Field(default_factory=S3Settings)
    events: EventSettings = Field(default_factory=EventSettings)
    mail: MailSettings = Field(default_factory=MailSettings)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    gateway: GatewaySettings = Field(default_factory=GatewaySettings)
    ocr: OcrSettings = Field(default_factory=OcrSettings)
    # The county's roster (counties, bodies, clerks, reviewers, deadlines). None = the demo
    # roster bundled with the package (intake/demo_roster.toml).
    roster_path: Path | None = None
    check_time_limit_s: float = 60.0
    # A reviewer may withdraw a decision this long after making it; the clerk is mailed after.
    decision_withdraw_window_s: int = 600
    max_file_bytes: int = 100 * 1024 * 1024


_KNOWN_DEFAULTS = {"", "change-me", "change-me-too"}


def require_secret(value: str, name: str) -> str:
    """Refuse to serve with a default or short secret: with a known web secret anyone can
    forge a reviewer's session; with a known event token anyone can start workflows."""
    if value in _KNOWN_DEFAULTS or len(value) < 16:
        raise SystemExit(f"{name} is unset, a default or shorter than 16 characters: set it to a long random string")
    return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def process_settings(process: str) -> Settings:
    """What an entry point (worker, web, …) does first: read the settings and configure
    logging by them, each line tagged with `process`."""
    from adapters.logging import configure_logging  # structlog and rich: only for processes that log

    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format, process=process)
    return settings


def load_roster_for(settings: Settings) -> Roster:
    """Which roster a process uses: INTAKE_ROSTER_PATH, else the bundled demo roster."""
    return load_roster(settings.roster_path) if settings.roster_path else load_demo_roster()
