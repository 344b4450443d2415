"""The cluster profile and docker compose configure our processes and the Temporal server from
one source (deploy/env/*.env, the shared dynamic config): this checks they agree, and that
the rendered single-host server config is what the profile promises."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from cli.stack import cluster_env
from cli.stack.cluster import CLUSTER_APPS, CLUSTER_PORTS, MAX_MEMBERSHIP_PORT, ClusterStack, free_cluster_ports
from cli.stack.layout import StateDir
from cli.stack.postgres import PostgresCluster
from cli.stack.temporal_server import DYNAMIC_CONFIG, TEMPORAL_SERVER_VERSION, render_config
from tests.unit.test_deploy_files import compose, invalid_setting_names

REPO = Path(__file__).resolve().parents[2]
LOOPBACK = {"INTAKE_TEMPORAL__ADDRESS": "127.0.0.1:7233", "INTAKE_S3__ENDPOINT": "http://127.0.0.1:9000"}


def _stack(tmp_path: Path) -> ClusterStack:
    stack = ClusterStack(StateDir(tmp_path))
    stack.env = dict(LOOPBACK)
    stack.ports = {"metrics": 9464, "metrics_2": 9468}
    return stack


def test_env_files_hold_only_real_settings_with_values():
    for path in cluster_env.ENV_DIR.glob("*.env"):
        values = cluster_env.read_env_file(path.name)
        assert values, path
        intake_names = [k for k in values if k.startswith("INTAKE_")]
        assert invalid_setting_names(intake_names) == [], path
    # Addresses and secrets are per environment: never in the shared files.
    shared = cluster_env.service_env("worker") | cluster_env.service_env("mail-gateway")
    assert not [k for k in shared if re.search(r"__ADDRESS$|ENDPOINT|SECRET|TOKEN|PASSWORD|ACCESS_KEY|_HOST$|_PORT$", k)]


def test_compose_reads_the_same_env_files_and_does_not_override_them():
    services = compose()["services"]
    for service, files in cluster_env.SERVICE_ENV_FILES.items():
        assert services[service]["env_file"] == [f"deploy/env/{f}" for f in files], service
        overridden = set(services[service].get("environment") or {}) & set(cluster_env.service_env(service))
        assert overridden == set(), f"{service} sets {overridden} both in environment: and in its env file"
    # Every app service of compose is covered (a new service must be added to the mapping).
    apps = {name for name, svc in services.items() if svc.get("image") == "report-intake:dev"}
    assert apps == set(cluster_env.SERVICE_ENV_FILES) - {"temporal-namespace"}


def test_launcher_gives_each_process_its_compose_env(tmp_path):
    stack = _stack(tmp_path)
    assert {a.name for a in CLUSTER_APPS} == {"worker-1", "worker-2", "ocr-worker", "events", "mail-gateway", "web"}
    for app in CLUSTER_APPS:
        env = stack.app_env(app)
        service = cluster_env.PROCESS_SERVICE[app.name.split("-")[0] if app.module == "workers.worker" else app.name]
        for key, value in cluster_env.service_env(service).items():
            assert env[key] == value, (app.name, key)
        assert env["INTAKE_TEMPORAL__ADDRESS"] == "127.0.0.1:7233"  # loopback addresses win
    worker_env = [stack.app_env(a) for a in CLUSTER_APPS if a.module == "workers.worker"]
    assert [e["INTAKE_WORKER__PARSE_PROCESSES"] for e in worker_env] == ["2", "2"]
    assert [e["INTAKE_WORKER__METRICS_PORT"] for e in worker_env] == ["9464", "9468"]
    gateway = stack.app_env(next(a for a in CLUSTER_APPS if a.name == "mail-gateway"))
    assert gateway["INTAKE_GATEWAY__ADDRESSES"] == "nianbao@example.gov.cn"
    assert "INTAKE_GATEWAY__ADDRESSES" not in stack.app_env(next(a for a in CLUSTER_APPS if a.name == "web"))


def test_worker_count_namespace_and_versions_agree_with_compose():
    c = compose()
    services = c["services"]
    replicas = re.fullmatch(r"\$\{WORKER_REPLICAS:-(\d+)\}", str(services["worker"]["deploy"]["replicas"]))
    assert replicas and int(replicas.group(1)) == cluster_env.WORKER_REPLICAS
    assert sum(a.module == "workers.worker" for a in CLUSTER_APPS) == cluster_env.WORKER_REPLICAS
    namespace, retention = cluster_env.namespace_settings()
    assert cluster_env.service_env("worker")["INTAKE_TEMPORAL__NAMESPACE"] == namespace
    assert re.fullmatch(r"\d+[dh]", retention)
    image = services["temporal"]["image"]
    assert image.endswith(f":-{TEMPORAL_SERVER_VERSION.removeprefix('v')}}}")
    script = (REPO / "scripts" / "build-temporal-server.sh").read_text()
    assert re.search(rf"^TEMPORAL_VERSION=\$\{{\w+:-{re.escape(TEMPORAL_SERVER_VERSION)}\}}$", script, re.M)
    assert re.search(r"postgres:\$\{POSTGRESQL_VERSION:-15\}", services["postgresql"]["image"])


def test_both_servers_read_one_dynamic_config_with_fairness_on():
    mount = next(v for v in compose()["services"]["temporal"]["volumes"] if "dynamicconfig" in v)
    assert (REPO / mount.split(":")[0]).resolve() == DYNAMIC_CONFIG.parent.resolve()
    assert compose()["services"]["temporal"]["environment"]["DYNAMIC_CONFIG_FILE_PATH"].endswith(DYNAMIC_CONFIG.name)
    dyn = yaml.safe_load(DYNAMIC_CONFIG.read_text())
    assert dyn["matching.enableFairness"] == [{"value": True, "constraints": {}}]
    assert dyn["limit.maxIDLength"][0]["value"] <= 255  # PostgreSQL's VARCHAR(255) id columns


def test_rendered_server_config_is_one_loopback_host(tmp_path):
    ports = {"temporal": 17233, **{name: 20000 + i for i, name in enumerate(CLUSTER_PORTS)}}
    pg = PostgresCluster(tmp_path / "pg", ports["postgres"], "pw", tmp_path / "pg.log")
    conf = yaml.safe_load(render_config(tmp_path / "c.yaml", pg, ports).read_text())
    assert conf["persistence"]["numHistoryShards"] == 4
    stores = conf["persistence"]["datastores"]
    assert {s["sql"]["databaseName"] for s in stores.values()} == {"temporal", "temporal_visibility"}
    assert {s["sql"]["connectAddr"] for s in stores.values()} == {f"127.0.0.1:{ports['postgres']}"}
    assert set(conf["services"]) == {"frontend", "history", "matching", "worker"}
    assert all(s["rpc"]["bindOnLocalHost"] for s in conf["services"].values())
    assert conf["services"]["frontend"]["rpc"]["grpcPort"] == 17233
    grpc = [s["rpc"]["grpcPort"] for s in conf["services"].values()] + [s["rpc"]["membershipPort"] for s in conf["services"].values()]
    assert len(set(grpc)) == 8
    assert conf["global"]["membership"]["broadcastAddress"] == "127.0.0.1"
    assert conf["clusterMetadata"]["clusterInformation"]["active"]["rpcAddress"] == "127.0.0.1:17233"
    assert conf["dynamicConfigClient"]["filepath"] == str(DYNAMIC_CONFIG)
    assert (tmp_path / "c.yaml").stat().st_mode & 0o077 == 0  # it holds the database password


def test_membership_ports_fit_postgres_smallint():
    """cluster_membership.rpc_port is a SMALLINT: kernel-assigned ports (> 32767) crash the server."""
    ports = free_cluster_ports(["temporal", *CLUSTER_PORTS])
    assert len(set(ports.values())) == len(ports) == len(CLUSTER_PORTS) + 1
    assert all(20000 <= p <= MAX_MEMBERSHIP_PORT for p in ports.values())
    assert all(p <= MAX_MEMBERSHIP_PORT for k, p in CLUSTER_PORTS.items() if k.endswith("_membership"))
