"""Settings of the SMTP mail gateway (`workers/mail_gateway.py`).

Environment variables with the INTAKE_GATEWAY__ prefix, e.g. INTAKE_GATEWAY__PORT=2525,
INTAKE_GATEWAY__ADDRESSES='["nianbao@example.gov.cn"]' (a comma-separated list works too).

`GatewaySettings` is `Settings.gateway` (intake/settings.py).
"""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import NoDecode

MB = 1024 * 1024


class GatewaySettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 2525
    # The only recipients accepted (RCPT TO); anything else is refused with 550 (no relay).
    addresses: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["nianbao@example.gov.cn"])
    max_message_bytes: int = 30 * MB  # whole message as received (base64 included)
    max_attachment_bytes: int = 25 * MB  # one decoded attachment
    max_attachments: int = 20  # per message

    @field_validator("addresses", mode="before")
    @classmethod
    def _split(cls, v):
        if isinstance(v, str):
            v = json.loads(v) if v.lstrip().startswith("[") else v.replace(";", ",").split(",")
        return [a.strip().lower() for a in v if a and a.strip()]
