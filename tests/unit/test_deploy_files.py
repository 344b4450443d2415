"""The production-shape files (docker-compose.yml, Dockerfile, deploy/**) are right by
construction: no Docker engine or cluster runs here, so these tests check them against the
code they describe — settings names, module names, search attributes, the image recipe.

Every validator here has a self-check showing it rejects a deliberately wrong input.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from adapters.settings import Settings
from cli.stack.launcher import APP_PROCESSES
from workflows import search_attributes

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
DEPLOY = REPO / "deploy"
DOCKERFILE = REPO / "Dockerfile"
README = DEPLOY / "README.md"
SA_SCRIPT = DEPLOY / "scripts" / "register-search-attributes.sh"
PROVISION_MODULE = "cli.stack.provision_cli"
APP_MODULES = {a.module for a in APP_PROCESSES}

# Settings groups that `intake up` already passes but adapters/settings.py does not define yet.
# Only prose (deploy/README.md, YAML comments) may name them; YAML values/keys may not.
PENDING_PREFIXES: tuple[str, ...] = ()  # settings groups named in docs before they exist (none now)

ENV_TOKEN = re.compile(r"\bINTAKE_[A-Z0-9_]*[A-Z0-9]")


# ---------------------------------------------------------------- helpers / validators


def deploy_yaml_files() -> list[Path]:
    files = sorted(p for p in DEPLOY.rglob("*") if p.suffix in (".yaml", ".yml"))
    assert files, "no YAML under deploy/"
    return files


def all_yaml_files() -> list[Path]:
    return [COMPOSE, *deploy_yaml_files()]


def load_docs(path: Path) -> list:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]


def _model_of(annotation) -> type[BaseModel] | None:
    for a in (annotation, *typing.get_args(annotation)):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def settings_leaves(model: type[BaseModel] = Settings, prefix: str | None = None) -> dict[str, object]:
    """Every environment variable name the settings accept for a leaf field -> annotation."""
    cfg = Settings.model_config
    prefix = cfg["env_prefix"] if prefix is None else prefix
    delim = cfg["env_nested_delimiter"]
    out: dict[str, object] = {}
    for name, field in model.model_fields.items():
        sub = _model_of(field.annotation)
        env = (prefix + name).upper()
        if sub is not None:
            out.update(settings_leaves(sub, env + delim))
        else:
            out[env] = field.annotation
    return out


def invalid_setting_names(names) -> list[str]:
    """The names that no leaf field of adapters.settings.Settings reads (walks nested models
    with the configured delimiter; a group name alone, a misspelling or a single `_` where
    `__` is needed are all invalid)."""
    leaves = settings_leaves()
    return sorted({n for n in names if n.upper() not in leaves})


def intake_names_in(obj) -> set[str]:
    """INTAKE_* names used as mapping keys or inside string values of parsed YAML (comments
    are not part of the parsed document, so prose in comments is free)."""
    found: set[str] = set()

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                walk(k)
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
        elif isinstance(o, str):
            found.update(ENV_TOKEN.findall(o))

    walk(obj)
    return found


def python_modules_in(obj) -> set[str]:
    """Modules run as `python -m X` anywhere in parsed YAML: argv lists (compose command /
    entrypoint / healthcheck, k8s command + args) and shell strings."""
    found: set[str] = set()

    def scan(argv: list[str]):
        for i, tok in enumerate(argv[:-2]):
            if Path(tok).name.startswith("python") and argv[i + 1] == "-m":
                found.add(argv[i + 2])

    def walk(o):
        if isinstance(o, dict):
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            if all(isinstance(v, str) for v in o):
                scan(list(o))
            for v in o:
                walk(v)
        elif isinstance(o, str) and "-m" in o:
            try:
                scan(shlex.split(o))
            except ValueError:
                pass

    walk(obj)
    return found


def unknown_modules(modules) -> list[str]:
    """Modules that neither import nor are a planned process in launcher.APP_PROCESSES."""
    bad = []
    for m in modules:
        try:
            spec = importlib.util.find_spec(m)
        except ModuleNotFoundError:
            spec = None
        if spec is None and m not in APP_MODULES:
            bad.append(m)
    return sorted(bad)


SA_CLI = re.compile(r"--name\s+(\w+)\s+--type\s+(\w+)")
SA_LIST = re.compile(r"^(Intake\w+)\s+(\w+)$", re.M)
CLI_TYPES = {"KEYWORD": "Keyword", "INT": "Int", "TEXT": "Text", "BOOL": "Bool", "DATETIME": "Datetime", "FLOAT": "Double"}


def expected_search_attributes() -> list[tuple[str, str]]:
    return [(k.name, CLI_TYPES[k.indexed_value_type.name]) for k in search_attributes.ALL]


def compose() -> dict:
    (doc,) = load_docs(COMPOSE)
    return doc


def resolve_compose_value(value) -> str:
    """`${VAR:-default}` -> default, `${VAR}` -> '' (what compose does with VAR unset)."""
    s = str(value)
    s = re.sub(r"\$\{[A-Z0-9_]+:?-([^}]*)\}", r"\1", s)
    return re.sub(r"\$\{[A-Z0-9_]+(:?\?[^}]*)?\}", "", s)


def k8s_docs(under: Path = DEPLOY) -> list[dict]:
    docs = []
    for p in sorted(under.rglob("*.yaml")):
        docs += [d for d in load_docs(p) if isinstance(d, dict) and "kind" in d and d.get("kind") != "Kustomization"]
    return docs


def find_doc(kind: str, name: str, under: Path = DEPLOY / "base") -> dict:
    for d in k8s_docs(under):
        if d["kind"] == kind and d["metadata"]["name"] == name:
            return d
    raise AssertionError(f"{kind}/{name} not found under {under}")


def container(deploy_doc: dict) -> dict:
    (c,) = deploy_doc["spec"]["template"]["spec"]["containers"]
    return c


def settings_from_env(monkeypatch, env: dict[str, str]) -> Settings:
    import os

    for k in list(os.environ):
        if k.startswith("INTAKE_"):
            monkeypatch.delenv(k)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return Settings()


# ---------------------------------------------------------------- validator self-checks


def test_env_validator_rejects_wrong_names():
    bad = [
        "INTAKE_S3__ENDPIONT",  # misspelt
        "INTAKE_TEMPORAL_ADDRESS",  # single underscore: not nested
        "INTAKE_S3",  # a group, not a leaf
        "INTAKE_LOG_LEVEL__X",  # below a leaf
        "INTAKE_NOSUCHGROUP__HOST",  # no such group
    ]
    assert invalid_setting_names(bad) == sorted(bad)
    good = ["INTAKE_S3__ENDPOINT", "INTAKE_TEMPORAL__ENVCONFIG_PROFILE", "INTAKE_STATE_DIR", "INTAKE_WORKER__METRICS_PORT"]
    assert invalid_setting_names(good) == []
    # End to end through the YAML extraction: a wrong name inside a compose-like string.
    doc = yaml.safe_load('environment:\n  - "INTAKE_EVENTS__TOKEM=x"\n  INTAKE_OK: 1\n'.replace("  INTAKE_OK: 1\n", ""))
    assert invalid_setting_names(intake_names_in(doc)) == ["INTAKE_EVENTS__TOKEM"]
    doc = yaml.safe_load("data:\n  INTAKE_MAIL__SMTP_PORTT: '25'\n# INTAKE_COMMENT__IGNORED\n")
    assert invalid_setting_names(intake_names_in(doc)) == ["INTAKE_MAIL__SMTP_PORTT"]


def test_env_validator_agrees_with_pydantic_settings(monkeypatch):
    """Each name the validator accepts really reaches its field through pydantic-settings."""
    samples = {str: "sentinel-x", int: "4242", float: "42.5", bool: "true", Path: "/sentinel"}
    leaves = settings_leaves()
    assert len(leaves) > 20
    for name, annotation in leaves.items():
        if typing.get_origin(annotation) is typing.Literal:  # a choice: its last value
            choice = typing.get_args(annotation)[-1]
            assert str(getattr_path(settings_from_env(monkeypatch, {name: choice}), name)) == choice, name
            continue
        args = _flat_args(annotation)
        base = next(a for a in args if a in samples)
        s = settings_from_env(monkeypatch, {name: samples[base]})
        obj = s
        for part in name.removeprefix("INTAKE_").lower().split("__"):
            obj = getattr(obj, part)
        expected = base(samples[base]) if base is not bool else True
        if typing.get_origin(_unannotated(annotation)) is list:
            expected = [expected]  # a list setting takes a comma-separated value
        assert str(obj) == str(expected), name


def getattr_path(settings, name: str):
    obj = settings
    for part in name.removeprefix("INTAKE_").lower().split("__"):
        obj = getattr(obj, part)
    return obj


def _unannotated(annotation):
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _flat_args(annotation) -> list:
    """The annotation and every type inside it (Optional, list[...], Annotated[...])."""
    out, todo = [], [annotation]
    while todo:
        a = todo.pop(0)
        out.append(a)
        todo.extend(typing.get_args(a))
    return out


def test_module_validator_rejects_unknown_module():
    doc = yaml.safe_load(
        "services:\n"
        "  a: {command: [python, -m, workers.worker]}\n"
        "  b: {command: 'python3 -m workers.does_not_exist --flag'}\n"
        "  c: {command: [python, -m, cli.stack.provision_cli]}\n"
        "  d: {healthcheck: {test: [CMD, python, -c, 'import x']}}\n"
    )
    mods = python_modules_in(doc)
    assert mods == {"workers.worker", "workers.does_not_exist", PROVISION_MODULE}
    assert unknown_modules(mods) == ["workers.does_not_exist"]


def test_search_attribute_parser_detects_a_mismatch():
    text = "temporal operator search-attribute create --namespace n --name IntakeYear --type Keyword\n"
    assert SA_CLI.findall(text) == [("IntakeYear", "Keyword")]
    assert ("IntakeYear", "Int") in expected_search_attributes()
    assert SA_CLI.findall(text) != [("IntakeYear", "Int")]


# ---------------------------------------------------------------- YAML


@pytest.mark.parametrize("path", all_yaml_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_yaml_parses(path):
    docs = load_docs(path)
    assert docs, f"{path} is empty"
    for d in docs:
        assert isinstance(d, dict)
        if path == COMPOSE:
            assert "services" in d
        elif "configmap-patch" in path.name or "serviceaccounts-patch" in path.name or path.parent.name == "dynamicconfig":
            continue
        else:
            assert d.get("apiVersion") and d.get("kind"), f"{path}: not a Kubernetes object"
            if d["kind"] != "Kustomization":
                assert d["metadata"]["name"]


def test_every_intake_env_name_is_a_setting():
    problems = {}
    for path in all_yaml_files():
        names = set()
        for d in load_docs(path):
            names |= intake_names_in(d)
        bad = invalid_setting_names(names)
        if bad:
            problems[str(path.relative_to(REPO))] = bad
    names = set(ENV_TOKEN.findall(DOCKERFILE.read_text()))
    if invalid_setting_names(names):
        problems["Dockerfile"] = invalid_setting_names(names)
    assert problems == {}


def test_readme_names_are_settings_or_pending():
    text = README.read_text()
    # `INTAKE_GROUP__*` names a whole group: the group must exist (or be pending).
    groups = {n.removeprefix("INTAKE_").lower() for n in re.findall(r"\b(INTAKE_[A-Z0-9_]+?)__\*", text)}
    assert groups, "README names no settings group"
    known = {n.lower() for n, f in Settings.model_fields.items() if _model_of(f.annotation)}
    pending = {p.removeprefix("INTAKE_").rstrip("_").lower() for p in PENDING_PREFIXES}
    assert groups - known - pending == set()
    names = set(ENV_TOKEN.findall(re.sub(r"\bINTAKE_[A-Z0-9_]+?__\*", "", text)))
    assert "INTAKE_TEMPORAL__ENVCONFIG_PROFILE" in names
    bad = [n for n in invalid_setting_names(names) if not n.startswith(PENDING_PREFIXES)]
    assert bad == []
    # The self-check: a wrong name in README prose would be caught.
    assert invalid_setting_names(ENV_TOKEN.findall("set `INTAKE_TEMPORAL__ADRESS`")) == ["INTAKE_TEMPORAL__ADRESS"]


def test_modules_exist_or_are_planned_processes():
    compose_mods = python_modules_in(compose())
    k8s_mods: set[str] = set()
    for d in k8s_docs():
        k8s_mods |= python_modules_in(d)
    cmd = re.search(r"^CMD\s+(\[.*\])", DOCKERFILE.read_text(), re.M)
    docker_mods = python_modules_in(yaml.safe_load(cmd.group(1)))
    assert unknown_modules(compose_mods | k8s_mods | docker_mods) == []
    # Every process is deployed by both, plus the provisioning entry point.
    assert compose_mods == APP_MODULES | {PROVISION_MODULE}
    assert k8s_mods == APP_MODULES | {PROVISION_MODULE}
    assert importlib.util.find_spec(PROVISION_MODULE) is not None
    # Modules not built yet are exactly launcher's planned ones (tightens as they land).
    missing = {m for m in compose_mods if importlib.util.find_spec(m) is None}
    assert missing <= APP_MODULES


# ---------------------------------------------------------------- compose


def test_compose_structure():
    c = compose()
    services = c["services"]
    declared_volumes = set(c.get("volumes") or {})
    for name, svc in services.items():
        assert "image" in svc or "build" in svc, name
        deps = svc.get("depends_on") or {}
        for dep, cond in deps.items() if isinstance(deps, dict) else ((d, {}) for d in deps):
            assert dep in services, f"{name} depends on unknown {dep}"
            assert cond.get("condition", "service_started") in {
                "service_started",
                "service_healthy",
                "service_completed_successfully",
            }
            if cond.get("condition") == "service_healthy":
                assert "healthcheck" in services[dep], f"{dep} has no healthcheck but {name} waits for it"
        for v in svc.get("volumes") or []:
            src = v.split(":")[0]
            if not src.startswith((".", "/")):
                assert src in declared_volumes, f"{name}: volume {src} not declared"
            else:
                assert (REPO / src).exists(), f"{name}: bind mount {src} missing"
    for must in ("postgresql", "temporal", "temporal-ui", "minio", "mailpit", "init", "event-receiver", "worker", "web", "mail-gateway"):
        assert must in services
    assert services["temporal"]["environment"]["DB"] == "postgres12"
    assert "replicas" in services["worker"]["deploy"]
    for app in ("event-receiver", "worker", "web", "mail-gateway"):
        assert services[app]["depends_on"]["init"]["condition"] == "service_completed_successfully"
    # Scripts mounted into admin-tools are shell-valid.
    for script in (DEPLOY / "compose" / "temporal").glob("*.sh"):
        subprocess.run(["sh", "-n", str(script)], check=True)


def test_compose_minio_webhook_reaches_the_receiver():
    services = compose()["services"]
    minio_env = services["minio"]["environment"]
    recv_env = services["event-receiver"]["environment"]
    assert minio_env["MINIO_NOTIFY_WEBHOOK_ENABLE"] == "on"
    endpoint = minio_env["MINIO_NOTIFY_WEBHOOK_ENDPOINT"]
    m = re.fullmatch(r"http://([\w-]+):(\d+)/events", endpoint)
    assert m and m.group(1) == "event-receiver"
    assert m.group(2) == str(recv_env["INTAKE_EVENTS__PORT"])
    assert recv_env["INTAKE_EVENTS__HOST"] == "0.0.0.0"
    # The same secret on both ends.
    assert minio_env["MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN"] == recv_env["INTAKE_EVENTS__TOKEN"]
    assert "${EVENTS_TOKEN" in minio_env["MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN"]
    queue = minio_env["MINIO_NOTIFY_WEBHOOK_QUEUE_DIR"]
    assert any(v.split(":")[1] == queue for v in services["minio"]["volumes"]), "queue dir must be a volume"
    # The app reaches MinIO with the root user of this dev stack.
    assert recv_env["INTAKE_S3__ENDPOINT"] == "http://minio:9000"
    assert recv_env["INTAKE_S3__ACCESS_KEY"] == minio_env["MINIO_ROOT_USER"]


def test_compose_env_loads_into_settings(monkeypatch):
    services = compose()["services"]
    for name in ("init", "event-receiver", "worker", "web", "mail-gateway"):
        env = {k: resolve_compose_value(v) for k, v in services[name]["environment"].items() if k.startswith("INTAKE_")}
        s = settings_from_env(monkeypatch, env)
        assert s.temporal.address == "temporal:7233"
        assert s.s3.endpoint == "http://minio:9000"
        assert s.mail.smtp_host == "mailpit"
    worker = services["worker"]
    port = worker["environment"]["INTAKE_WORKER__METRICS_PORT"]
    assert f":{port}/metrics" in " ".join(worker["healthcheck"]["test"])
    web = services["web"]
    port = web["environment"]["INTAKE_WEB__PORT"]
    assert f":{port}/healthz" in " ".join(web["healthcheck"]["test"]) and f"{port}:{port}" in web["ports"]
    assert web["environment"]["INTAKE_WEB__HOST"] == "0.0.0.0"


# ---------------------------------------------------------------- Kubernetes


def test_kustomization_lists_existing_files():
    for kfile in DEPLOY.rglob("kustomization.yaml"):
        (k,) = load_docs(kfile)
        refs = list(k.get("resources", [])) + [p["path"] for p in k.get("patches", []) if "path" in p]
        for r in refs:
            assert (kfile.parent / r).exists(), f"{kfile}: {r} missing"
    (base,) = load_docs(DEPLOY / "base" / "kustomization.yaml")
    listed = set(base["resources"])
    on_disk = {p.name for p in (DEPLOY / "base").glob("*.yaml")} - {"kustomization.yaml", "secret.template.yaml"}
    assert listed == on_disk
    assert "secret.template.yaml" not in listed  # a template, never applied with placeholders


def test_kustomize_build_renders():
    """Render the overlays with kubectl's built-in kustomize (present on this machine kind as
    a Debian package; if a machine lacks it the structural test above still runs)."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.fail("kubectl not found: apt-get install kubectl (needed to render deploy/ overlays)")
    for overlay in ("base", "overlays/minio", "overlays/aws"):
        out = subprocess.run([kubectl, "kustomize", str(DEPLOY / overlay)], capture_output=True, text=True, check=True).stdout
        docs = [d for d in yaml.safe_load_all(out) if d]
        kinds = [d["kind"] for d in docs]
        assert kinds.count("Deployment") == 5 and "HorizontalPodAutoscaler" in kinds and "Job" in kinds
        assert "CronJob" not in kinds
        assert all(d["metadata"].get("namespace") == "report-intake" for d in docs if d["kind"] != "Namespace")
        cm = next(d for d in docs if d["kind"] == "ConfigMap")
        assert invalid_setting_names(cm["data"]) == []
        assert ("INTAKE_S3__ENDPOINT" in cm["data"]) == (overlay == "overlays/minio")
        sas = {d["metadata"]["name"] for d in docs if d["kind"] == "ServiceAccount"}
        for d in docs:
            if d["kind"] in ("Deployment", "Job"):
                spec = d["spec"]["template"]["spec"]
                assert spec["serviceAccountName"] in sas
                assert spec["containers"][0]["image"].startswith("registry.example.org/report-intake:")
        job = next(d for d in docs if d["kind"] == "Job")
        args = job["spec"]["template"]["spec"]["containers"][0]["args"]
        assert ("--skip-buckets" in args) == (overlay == "overlays/aws")
        from cli.stack.provision_cli import build_parser

        build_parser().parse_args(args)  # the job's arguments are ones the CLI accepts


def test_configmap_loads_into_settings(monkeypatch):
    cm = find_doc("ConfigMap", "intake-config")["data"]
    assert all(isinstance(v, str) for v in cm.values()), "ConfigMap values must be strings"
    s = settings_from_env(monkeypatch, cm)
    assert s.events.host == "0.0.0.0"
    assert s.s3.endpoint is None  # absent = AWS; the minio overlay adds it
    (patch,) = load_docs(DEPLOY / "overlays" / "minio" / "configmap-patch.yaml")
    s = settings_from_env(monkeypatch, {**cm, **patch["data"]})
    assert s.s3.endpoint and s.s3.endpoint.startswith("http")
    secret = find_doc("Secret", "intake-secrets")
    assert invalid_setting_names(secret["stringData"]) == []
    assert "INTAKE_EVENTS__TOKEN" in secret["stringData"]
    assert not set(secret["stringData"]) & set(cm), "a setting is in both ConfigMap and Secret"


def test_k8s_workloads():
    cm = find_doc("ConfigMap", "intake-config")["data"]
    deployments = {d["metadata"]["name"]: d for d in k8s_docs(DEPLOY / "base") if d["kind"] == "Deployment"}
    assert set(deployments) == {"intake-worker", "intake-ocr-worker", "intake-event-receiver", "intake-web", "intake-mail-gateway"}
    for name, d in deployments.items():
        spec = d["spec"]["template"]["spec"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        c = container(d)
        assert c["securityContext"]["allowPrivilegeEscalation"] is False, name
        assert c["readinessProbe"] and c["livenessProbe"], name
        assert {"configMapRef": {"name": "intake-config"}} in c["envFrom"], name
        assert d["spec"]["selector"]["matchLabels"].items() <= d["spec"]["template"]["metadata"]["labels"].items()

    worker = deployments["intake-worker"]
    wc = container(worker)
    metrics_port = int(cm["INTAKE_WORKER__METRICS_PORT"])
    assert [p["containerPort"] for p in wc["ports"] if p["name"] == "metrics"] == [metrics_port]
    assert wc["readinessProbe"]["httpGet"]["port"] == "metrics"
    assert wc["livenessProbe"]["httpGet"]["path"] == "/metrics"
    assert worker["spec"]["template"]["metadata"]["annotations"]["prometheus.io/port"] == str(metrics_port)
    # Long enough for graceful shutdown: above the per-check time limit with margin.
    assert worker["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] >= 2 * float(cm["INTAKE_CHECK_TIME_LIMIT_S"])
    hpa = find_doc("HorizontalPodAutoscaler", "intake-worker")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "intake-worker"
    assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"

    recv = deployments["intake-event-receiver"]
    rc = container(recv)
    assert [p["containerPort"] for p in rc["ports"] if p["name"] == "http"] == [int(cm["INTAKE_EVENTS__PORT"])]
    assert rc["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert rc["livenessProbe"]["httpGet"]["path"] == "/healthz"
    svc = find_doc("Service", "intake-event-receiver")
    assert svc["spec"]["selector"] == recv["spec"]["selector"]["matchLabels"]
    assert svc["spec"]["ports"][0]["targetPort"] == "http"

    web = container(deployments["intake-web"])
    assert [p["containerPort"] for p in web["ports"] if p["name"] == "http"] == [int(cm["INTAKE_WEB__PORT"])]
    assert cm["INTAKE_WEB__HOST"] == "0.0.0.0"
    assert "INTAKE_WEB__SECRET" in find_doc("Secret", "intake-secrets")["stringData"]

    # Probe paths follow the launcher's definitions for the HTTP processes.
    by_module = {a.module: a for a in APP_PROCESSES}
    for d in deployments.values():
        c = container(d)
        app = by_module[python_modules_in(c).pop()]
        if app.probe.startswith("/"):
            assert c["readinessProbe"]["httpGet"]["path"] == app.probe
        else:
            assert "tcpSocket" in c["readinessProbe"]

    # The reconciler is a Temporal Schedule: no CronJob anywhere, and the docs say why.
    assert not [d for d in k8s_docs() if d["kind"] == "CronJob"]
    assert "Temporal Schedule" in README.read_text() and "CronJob" in README.read_text()


# ---------------------------------------------------------------- search attributes


def test_search_attributes_in_docs_and_script_match_code():
    expected = expected_search_attributes()
    assert SA_CLI.findall(README.read_text()) == expected
    script = SA_SCRIPT.read_text()
    assert SA_LIST.findall(script) == expected
    assert "search-attribute create" in script
    subprocess.run(["sh", "-n", str(SA_SCRIPT)], check=True)


def test_search_attributes_fit_sql_visibility_limits():
    """PostgreSQL/MySQL/SQLite visibility allows per namespace 10 Keyword, 3 of the other
    types (the compose stack and the dev server use SQL visibility)."""
    limits = {"Keyword": 10, "Int": 3, "Text": 3, "Bool": 3, "Datetime": 3, "Double": 3}
    counts: dict[str, int] = {}
    for _, t in expected_search_attributes():
        counts[t] = counts.get(t, 0) + 1
    assert all(counts[t] <= limits[t] for t in counts), counts


# ---------------------------------------------------------------- Dockerfile


def test_dockerfile():
    text = DOCKERFILE.read_text()
    froms = re.findall(r"^ARG PYTHON_IMAGE=(\S+)", text, re.M)
    assert froms and froms[0].startswith("python:3.11-slim")
    assert re.search(r"^COPY [^\n]*constraints\.txt", text, re.M)
    installs = [line for line in text.replace("\\\n", " ").splitlines() if "pip install" in line]
    assert installs and all(re.search(r"(--constraint|-c)\s+constraints\.txt", i) for i in installs)
    assert "libreoffice-writer-nogui" in text and "libreoffice-calc-nogui" in text  # readers/legacy.py
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    # Every package the wheel includes is copied into the build.
    import tomllib

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    for pattern in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]:
        pkg = pattern.rstrip("*")
        assert re.search(rf"^COPY {pkg} ", text, re.M), f"{pkg} not copied"
    # .dockerignore keeps what the build needs.
    ignored = {line.strip() for line in (REPO / ".dockerignore").read_text().splitlines() if line.strip() and not line.startswith("#")}
    for needed in (
        "constraints.txt",
        "pyproject.toml",
        "README.md",
        "intake",
        "adapters",
        "workers",
        "workflows",
        "activities",
        "annual_report",
        "cli",
    ):
        assert needed not in ignored


def test_constraints_pin_every_dependency():
    import tomllib

    pins = {
        re.split(r"[=<>~!]", line, maxsplit=1)[0].strip().lower().replace("_", "-")
        for line in (REPO / "constraints.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[=<>~!\[ ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in deps}
    assert names - pins == set()


# ---------------------------------------------------------------- Temporal envconfig + provision_cli


def test_documented_envconfig_variables_exist_in_the_sdk():
    import temporalio

    src = Path(temporalio.__file__).parent / "bridge" / "sdk-core" / "crates" / "common" / "src" / "envconfig.rs"
    documented = set(re.findall(r"`(TEMPORAL_[A-Z_]+)", README.read_text()))
    # `TEMPORAL_GRPC_META_SOME_KEY` is an example of the `TEMPORAL_GRPC_META_` prefix.
    documented = {"TEMPORAL_GRPC_META_" if n.startswith("TEMPORAL_GRPC_META_") else n for n in documented}
    assert {"TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY", "TEMPORAL_TLS", "TEMPORAL_PROFILE"} <= documented
    code = src.read_text()
    assert {n for n in documented if f'"{n}' not in code} == set()


def test_envconfig_variables_behave_as_documented():
    from temporalio.envconfig import ClientConfigProfile

    cfg = ClientConfigProfile.load(
        disable_file=True,
        override_env_vars={"TEMPORAL_ADDRESS": "ns.acct.tmprl.cloud:7233", "TEMPORAL_NAMESPACE": "ns.acct", "TEMPORAL_API_KEY": "k"},
    ).to_client_connect_config()
    assert cfg == {"target_host": "ns.acct.tmprl.cloud:7233", "namespace": "ns.acct", "api_key": "k", "tls": True}


def test_provision_connect_kwargs(monkeypatch):
    from adapters.settings import TemporalSettings
    from cli.stack.provision_cli import connect_kwargs

    assert connect_kwargs(TemporalSettings(address="t:7233")) == {"target_host": "t:7233", "namespace": "default"}
    assert connect_kwargs(TemporalSettings(api_key="k"))["tls"] is True
    assert connect_kwargs(TemporalSettings(tls=True))["tls"] is True
    for k in ("TEMPORAL_CONFIG_FILE", "TEMPORAL_PROFILE"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("TEMPORAL_CONFIG_FILE", "/nonexistent/temporal.toml")
    monkeypatch.setenv("TEMPORAL_ADDRESS", "cloud:7233")
    monkeypatch.setenv("TEMPORAL_API_KEY", "secret")
    kw = connect_kwargs(TemporalSettings(envconfig_profile="default", namespace="fallback-ns"))
    assert kw["target_host"] == "cloud:7233" and kw["api_key"] == "secret" and kw["tls"] is True
    assert kw["namespace"] == "fallback-ns"
