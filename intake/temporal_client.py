"""Connecting to Temporal: the local dev server, a self-hosted cluster or Temporal Cloud.

With `INTAKE_TEMPORAL__ENVCONFIG_PROFILE` set, address, namespace, TLS and API key come from
Temporal's own environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
TEMPORAL_API_KEY, TEMPORAL_TLS_*, or the profile in the config file), exactly as the
`temporal` CLI reads them. Otherwise our settings are used.
"""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.runtime import Runtime

from intake.settings import TemporalSettings


async def connect(t: TemporalSettings, runtime: Runtime | None = None) -> Client:
    if t.envconfig_profile:
        from temporalio.envconfig import ClientConfig

        cfg = ClientConfig.load_client_connect_config(profile=t.envconfig_profile)
        return await Client.connect(**cfg, data_converter=pydantic_data_converter, runtime=runtime)
    return await Client.connect(
        t.address,
        namespace=t.namespace,
        api_key=t.api_key,
        tls=t.tls,
        data_converter=pydantic_data_converter,
        runtime=runtime,
    )
