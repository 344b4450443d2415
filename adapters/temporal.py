"""Connecting to Temporal: the local dev server, a self-hosted cluster or Temporal Cloud.

With `INTAKE_TEMPORAL__ENVCONFIG_PROFILE` set, address, namespace, TLS and API key come from
Temporal's own environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
TEMPORAL_API_KEY, TEMPORAL_TLS_*, or the profile in the config file), exactly as the
`temporal` CLI reads them. Otherwise our settings are used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from google.protobuf.field_mask_pb2 import FieldMask
from temporalio.api.common.v1 import Priority as PriorityProto
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflow.v1 import WorkflowExecutionOptions
from temporalio.api.workflowservice.v1 import UpdateWorkflowExecutionOptionsRequest
from temporalio.client import Client
from temporalio.common import Priority
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.runtime import Runtime

from adapters.settings import TemporalSettings

if TYPE_CHECKING:
    from temporalio.envconfig import ClientConnectConfig


def connect_kwargs(t: TemporalSettings) -> ClientConnectConfig:
    """Client.connect keyword arguments from our settings. With `envconfig_profile` set, the
    connection comes from Temporal's envconfig (TOML profile + TEMPORAL_* variables); our
    address / namespace then only fill what the profile leaves unset."""
    if t.envconfig_profile:
        from temporalio.envconfig import ClientConfigProfile

        # "default" also works with no config file at all (TEMPORAL_* variables only): the SDK
        # raises "Profile 'default' not found" when that name is passed explicitly and no file
        # defines it, but not when the profile is left unset.
        profile = None if t.envconfig_profile == "default" else t.envconfig_profile
        kw = ClientConfigProfile.load(profile=profile).to_client_connect_config()
        kw.setdefault("target_host", t.address)
        kw.setdefault("namespace", t.namespace)
        return kw
    direct: ClientConnectConfig = {"target_host": t.address, "namespace": t.namespace}
    if t.api_key:
        direct["api_key"] = t.api_key
        direct["tls"] = True
    elif t.tls:
        direct["tls"] = True
    return direct


_connected = False  # whether this process made a client (see cli.main.entry)


def connected() -> bool:
    return _connected


async def connect(t: TemporalSettings, runtime: Runtime | None = None) -> Client:
    global _connected
    _connected = True
    return await Client.connect(**connect_kwargs(t), data_converter=pydantic_data_converter, runtime=runtime)


async def set_priority(client: Client, workflow_id: str, priority: Priority) -> None:
    """Change a running workflow's task-queue priority and fairness key (its activities and
    workflow tasks from now on). The SDK has no public call for it; the service call is the
    documented UpdateWorkflowExecutionOptions with a field mask."""
    await client.workflow_service.update_workflow_execution_options(
        UpdateWorkflowExecutionOptionsRequest(
            namespace=client.namespace,
            workflow_execution=WorkflowExecution(workflow_id=workflow_id),
            workflow_execution_options=WorkflowExecutionOptions(priority=_priority_proto(priority)),
            update_mask=FieldMask(paths=["priority"]),
        )
    )


def _priority_proto(priority: Priority) -> PriorityProto:
    return PriorityProto(
        priority_key=priority.priority_key or 0,
        fairness_key=priority.fairness_key or "",
        fairness_weight=priority.fairness_weight or 0.0,
    )
