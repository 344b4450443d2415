#!/bin/sh
# Create the Temporal namespace once (temporalio/server does not, unlike the old auto-setup).
set -eu
NS="${NAMESPACE:-default}"
ADDR="${TEMPORAL_ADDRESS:-temporal:7233}"
RETENTION="${NAMESPACE_RETENTION:-30d}"
until temporal operator cluster health --address "$ADDR"; do echo "waiting for temporal"; sleep 2; done
temporal operator namespace describe --namespace "$NS" --address "$ADDR" >/dev/null 2>&1 \
  || temporal operator namespace create --namespace "$NS" --retention "$RETENTION" --address "$ADDR"
echo "namespace $NS ready"
