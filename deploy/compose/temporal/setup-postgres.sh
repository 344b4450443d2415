#!/bin/sh
# Temporal schema on PostgreSQL, run once by the `temporal-schema` service (temporalio/admin-tools).
# Idempotent: `create` fails harmlessly when the database exists, `setup-schema -v 0.0` skips
# when the schema is newer, `update-schema` applies only the missing versions.
set -eu
: "${POSTGRES_SEEDS:=postgresql}" "${DB_PORT:=5432}" "${POSTGRES_USER:=temporal}"
export SQL_PASSWORD="${POSTGRES_PWD:-temporal}"
SCHEMA=/etc/temporal/schema/postgresql/v12

until nc -z "$POSTGRES_SEEDS" "$DB_PORT"; do echo "waiting for postgres"; sleep 1; done

for db in temporal temporal_visibility; do
  case "$db" in temporal) dir=temporal ;; *) dir=visibility ;; esac
  tool="temporal-sql-tool --plugin postgres12 --ep $POSTGRES_SEEDS -u $POSTGRES_USER -p $DB_PORT --db $db"
  $tool create || echo "database $db exists"
  $tool setup-schema -v 0.0
  $tool update-schema -d "$SCHEMA/$dir/versioned"
done
echo "temporal schema ready"
