#!/bin/sh
# Register report-intake's custom search attributes on a self-hosted Temporal namespace, once.
# Same list as workflows/search_attributes.py (tests/unit/test_deploy_files.py checks it).
# Usage: deploy/scripts/register-search-attributes.sh NAMESPACE [extra temporal CLI flags,
#        e.g. --address temporal-frontend:7233]
# Prefer `python -m cli.stack.provision_cli --skip-buckets`, which adds only missing ones.
set -eu
NS="${1:?usage: $0 NAMESPACE [temporal flags]}"
shift
while read -r name type; do
  if temporal operator search-attribute list --namespace "$NS" "$@" | grep -qw "$name"; then
    echo "$name exists"
  else
    temporal operator search-attribute create --namespace "$NS" --name "$name" --type "$type" "$@"
  fi
done <<'LIST'
IntakeOrganization Keyword
IntakeCounty Keyword
IntakeYear Int
IntakeStatus Keyword
IntakeKind Keyword
IntakeTemplate Keyword
IntakeSubmitter Keyword
IntakeObjectKey Keyword
IntakeErrors Int
IntakeWarnings Int
IntakeReviewer Keyword
LIST
