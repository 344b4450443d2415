# syntax=docker/dockerfile:1
# The one app image: worker, event receiver, web app, mail gateway and the provisioning job
# differ only by command (`python -m <module>`, see cli/stack/launcher.py APP_PROCESSES).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Dependencies first (cached layer), pinned by the same constraints file as development.
COPY constraints.txt pyproject.toml README.md ./
COPY annual_report ./annual_report
COPY intake ./intake
COPY adapters ./adapters
COPY workflows ./workflows
COPY activities ./activities
COPY workers ./workers
COPY cli ./cli
RUN pip install --constraint constraints.txt . \
    && python -c "import adapters.settings, workflows.search_attributes, cli.stack.provision_cli"

FROM ${PYTHON_IMAGE}
# LibreOffice headless (no GUI deps) converts legacy uploads (annual_report/readers/legacy.py):
# Writer for .doc/.wps -> .docx, Calc for .xls -> .xlsx. Each conversion uses its own profile
# under the temp dir, so /tmp must be writable (an emptyDir in Kubernetes).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 intake \
    && useradd --system --uid 10001 --gid intake --home-dir /home/intake --create-home intake \
    && mkdir -p /var/lib/intake && chown intake:intake /var/lib/intake
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/home/intake \
    INTAKE_STATE_DIR=/var/lib/intake \
    INTAKE_LOG_FORMAT=json
USER 10001:10001
WORKDIR /home/intake
# 8001 event receiver, 8000 web, 2525 mail gateway, 9464 worker metrics
EXPOSE 8001 8000 2525 9464
CMD ["python", "-m", "workers.worker"]
