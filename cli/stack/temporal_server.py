"""A real Temporal server (go.temporal.io/server, all four services in one process) on
PostgreSQL, run the way an operator runs one: schema by the server's own SQL tool, a rendered
config file, the namespace and search attributes created with the `temporal` CLI.

Binaries come from scripts/build-temporal-server.sh (`temporal-server`, `temporal-sql-tool`
in the build cache); the schema folders from the Go module cache of the same version.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from cli.stack import binaries
from cli.stack.net import http_ready
from cli.stack.postgres import HOST, SUPERUSER, PostgresCluster
from cli.stack.process import ManagedProcess
from workflows import search_attributes

TEMPORAL_SERVER_VERSION = "v1.32.0"
DATABASES = {"temporal": "temporal", "temporal_visibility": "visibility"}  # database -> schema folder
REPO = Path(__file__).resolve().parents[2]
# The compose server's dynamic config, shared so both run with the same settings.
DYNAMIC_CONFIG = REPO / "deploy" / "compose" / "temporal" / "dynamicconfig" / "development-sql.yaml"
SERVICES = ("frontend", "history", "matching", "worker")
SETUP_HINT = "run `make setup-cluster` (scripts/build-temporal-server.sh) to build it"
_CLI_TYPES = {"KEYWORD": "Keyword", "INT": "Int", "TEXT": "Text", "BOOL": "Bool", "DATETIME": "Datetime", "DOUBLE": "Double"}


def server_binary() -> Path:
    return binaries._find("temporal-server", binaries.cache_bin_dir() / "temporal-server")


def sql_tool_binary() -> Path:
    return binaries._find("temporal-sql-tool", binaries.cache_bin_dir() / "temporal-sql-tool")


def schema_root() -> Path:
    """`schema/postgresql/v12` of the server module the binaries were built from."""
    if os.environ.get("INTAKE_TEMPORAL_SCHEMA_DIR"):
        return Path(os.environ["INTAKE_TEMPORAL_SCHEMA_DIR"])
    try:
        modcache = subprocess.run(["go", "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        modcache = str(Path.home() / "go" / "pkg" / "mod")
    root = Path(modcache) / f"go.temporal.io/server@{TEMPORAL_SERVER_VERSION}" / "schema" / "postgresql" / "v12"
    if not root.is_dir():
        raise binaries.MissingBinary(f"Temporal schema folder {root} not found; {SETUP_HINT}")
    return root


def port_names() -> list[str]:
    """Ports the server needs besides the frontend's `temporal`: gRPC and membership per service."""
    names = ["temporal_http"]
    for service in SERVICES:
        if service != "frontend":
            names.append(f"temporal_{service}")
        names.append(f"temporal_{service}_membership")
    return names


@dataclass(frozen=True)
class Database:
    """Where the SQL tool connects: the local cluster's Postgres, or a production one."""

    port: int
    password: str
    host: str = HOST
    user: str = SUPERUSER


def _sql(db: Database, name: str, *args: str) -> subprocess.CompletedProcess:
    base = [str(sql_tool_binary()), "--plugin", "postgres12", "--ep", db.host, "-p", str(db.port), "-u", db.user, "--db", name]
    env = {**os.environ, "SQL_PASSWORD": db.password}
    return subprocess.run([*base, *args], capture_output=True, text=True, env=env, check=False)


def migrate(db: Database) -> list[str]:
    """Create both databases if missing and bring their schemas to this server version.
    Idempotent, and the upgrade path too: `update-schema` applies only the missing versions
    (the server's own `install-schema-postgresql12` sequence)."""
    done: list[str] = []
    root = schema_root()
    for name, folder in DATABASES.items():
        created = _sql(db, name, "create-database")
        if created.returncode != 0 and "already exists" not in (created.stdout + created.stderr):
            raise RuntimeError(f"create-database {name} failed: {created.stderr or created.stdout}")
        for step in (["setup-schema", "-v", "0.0"], ["update-schema", "-d", str(root / folder / "versioned")]):
            ran = _sql(db, name, *step)
            if ran.returncode != 0:
                raise RuntimeError(f"{step[0]} {name} failed: {ran.stderr or ran.stdout}")
        done.append(name)
    return done


def render_config(path: Path, pg: PostgresCluster, ports: dict[str, int], dynamic_config: Path = DYNAMIC_CONFIG) -> Path:
    """One host, four services on loopback (the server's development-postgres12.yaml, trimmed)."""

    def store(db: str, conns: int) -> dict:
        return {
            "sql": {
                "pluginName": "postgres12",
                "databaseName": db,
                "connectAddr": f"{HOST}:{pg.port}",
                "connectProtocol": "tcp",
                "user": SUPERUSER,
                "password": pg.password,
                "maxConns": conns,
                "maxIdleConns": conns,
                "maxConnLifetime": "1h",
            }
        }

    def rpc(service: str) -> dict:
        grpc = ports["temporal"] if service == "frontend" else ports[f"temporal_{service}"]
        conf = {"grpcPort": grpc, "membershipPort": ports[f"temporal_{service}_membership"], "bindOnLocalHost": True}
        if service == "frontend":
            conf["httpPort"] = ports["temporal_http"]
        return {"rpc": conf}

    frontend = f"{HOST}:{ports['temporal']}"
    config = {
        "log": {"stdout": True, "level": "warn"},
        "persistence": {
            "defaultStore": "default",
            "visibilityStore": "visibility",
            "numHistoryShards": 4,
            "datastores": {"default": store("temporal", 20), "visibility": store("temporal_visibility", 10)},
        },
        "global": {"membership": {"maxJoinDuration": "30s", "broadcastAddress": HOST}},
        "services": {s: rpc(s) for s in SERVICES},
        "clusterMetadata": {
            "enableGlobalNamespace": False,
            "failoverVersionIncrement": 10,
            "masterClusterName": "active",
            "currentClusterName": "active",
            "clusterInformation": {
                "active": {
                    "enabled": True,
                    "initialFailoverVersion": 1,
                    "rpcName": "frontend",
                    "rpcAddress": frontend,
                    "httpAddress": f"{HOST}:{ports['temporal_http']}",
                }
            },
        },
        "dcRedirectionPolicy": {"policy": "noop"},
        "dynamicConfigClient": {"filepath": str(dynamic_config), "pollInterval": "10s"},
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    path.chmod(0o600)  # it holds the database password
    return path


def server_process(config_path: Path, log_path: Path, address: str) -> ManagedProcess:
    argv = [str(server_binary()), "--config-file", str(config_path), "--allow-no-auth", "start"]
    proc = ManagedProcess("temporal", argv, log_path, ready=lambda: healthy(address))
    proc.stop_timeout = 30  # the services shut down in order, then the shards close
    return proc


def ui_process(root: Path, address: str, port: int, namespace: str, log_path: Path) -> ManagedProcess:
    """The standalone Temporal UI server (temporalio/ui-server, assets embedded) on loopback."""
    conf_dir = root / "temporal-ui"
    conf_dir.mkdir(parents=True, exist_ok=True)
    conf = {"temporalGrpcAddress": address, "host": HOST, "port": port, "enableUi": True, "defaultNamespace": namespace}
    (conf_dir / "base.yaml").write_text(yaml.safe_dump(conf))
    (conf_dir / "development.yaml").write_text("{}\n")  # the loader reads base.yaml, then the env's file
    ui = binaries._find("temporal-ui-server", binaries.cache_bin_dir() / "temporal-ui-server")
    argv = [str(ui), "--root", str(root), "--config", conf_dir.name, "--env", "development", "start"]
    return ManagedProcess("temporal-ui", argv, log_path, ready=lambda: http_ready(f"http://{HOST}:{port}/"))


def temporal_cli(*args: str, address: str) -> subprocess.CompletedProcess:
    argv = [str(binaries.temporal()), *args, "--address", address]
    return subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)


def healthy(address: str) -> bool:
    ran = temporal_cli("operator", "cluster", "health", address=address)
    return ran.returncode == 0 and "SERVING" in ran.stdout


def ensure_namespace(address: str, namespace: str, retention: str, timeout: float = 90) -> str:
    """Create the namespace with its retention, or set the retention of an existing one.
    Right after a cold start the history service may not be up yet: retried until `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        ran = temporal_cli("operator", "namespace", "create", "--namespace", namespace, "--retention", retention, address=address)
        out = ran.stdout + ran.stderr
        if ran.returncode == 0:
            return "created"
        if "already" in out.lower():
            upd = temporal_cli("operator", "namespace", "update", "--namespace", namespace, "--retention", retention, address=address)
            if upd.returncode == 0:
                return "exists"
            out = upd.stdout + upd.stderr
        if time.monotonic() > deadline:
            raise RuntimeError(f"namespace {namespace} could not be created or updated: {out.strip()}")
        time.sleep(1)


def existing_search_attributes(address: str, namespace: str) -> dict[str, str]:
    ran = temporal_cli("operator", "search-attribute", "list", "--namespace", namespace, "-o", "json", address=address)
    if ran.returncode != 0:
        raise RuntimeError(f"listing search attributes failed: {ran.stderr.strip()}")
    listed = json.loads(ran.stdout)
    custom = listed.get("customAttributes", {})
    return {name: str(kind).removeprefix("INDEXED_VALUE_TYPE_") for name, kind in custom.items()}


def ensure_search_attributes(address: str, namespace: str) -> list[str]:
    """Create the attributes of workflows.search_attributes.ALL that the namespace lacks;
    a name that exists with another type is an error (types cannot change in place)."""
    have = existing_search_attributes(address, namespace)
    added: list[str] = []
    for key in search_attributes.ALL:
        want = key.indexed_value_type.name  # KEYWORD, INT, ...
        if key.name in have:
            if have[key.name].upper() != want:
                raise RuntimeError(f"search attribute {key.name} exists as {have[key.name]}, expected {want}")
            continue
        ran = temporal_cli(
            "operator", "search-attribute", "create", "--namespace", namespace,
            "--name", key.name, "--type", _CLI_TYPES[want], address=address,
        )  # fmt: skip
        if ran.returncode != 0:
            raise RuntimeError(f"creating search attribute {key.name} failed: {ran.stderr.strip()}")
        added.append(key.name)
    return added


@dataclass
class TemporalCluster:
    """Postgres plus the Temporal server on it, under one directory."""

    root: Path
    pg: PostgresCluster
    ports: dict[str, int]
    namespace: str
    retention: str
    logs: Path

    @property
    def address(self) -> str:
        return f"{HOST}:{self.ports['temporal']}"

    def prepare(self) -> None:
        """initdb (once); called before postgres starts."""
        self.pg.init()

    def provision_database(self) -> None:
        migrate(Database(self.pg.port, self.pg.password))
        render_config(self.root / "temporal-server.yaml", self.pg, self.ports)

    def server(self) -> ManagedProcess:
        return server_process(self.root / "temporal-server.yaml", self.logs / "temporal.log", self.address)

    def provision_namespace(self) -> dict:
        state = ensure_namespace(self.address, self.namespace, self.retention)
        added = ensure_search_attributes(self.address, self.namespace)
        return {"namespace": state, "search_attributes_added": added}
