# Cordon image: one image for every role (`cordon worker`, `cordon lists sync`, `cordon demo`).
# Slim Debian base, dependencies in a virtualenv built in a separate stage, runs as a non-root
# user, health check on the worker's /healthz.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# gcc for the matcher's compiled core (matching/_*.pyx); only this stage has it
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /src
COPY pyproject.toml setup.py README.md ./
COPY matching ./matching
COPY services ./services
COPY streams ./streams
RUN /opt/venv/bin/pip install .

FROM python:3.11-slim
LABEL org.opencontainers.image.title="cordon" \
      org.opencontainers.image.description="Streaming sanctions screening on Kafka"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    CORDON_WEB_HOST=0.0.0.0 \
    CORDON_WEB_PORT=6066 \
    CORDON_DATA_DIR=/var/lib/cordon
RUN groupadd --system --gid 10001 cordon \
 && useradd --system --uid 10001 --gid cordon --home-dir /var/lib/cordon --create-home \
            --shell /usr/sbin/nologin cordon
COPY --from=build /opt/venv /opt/venv
# The demo list (2025 people-smuggling designations, FCDO CSV structure) for `lists sync` demos.
COPY services/demo_lists/*.csv /opt/cordon/lists/
USER 10001:10001
WORKDIR /var/lib/cordon
EXPOSE 6066
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('CORDON_WEB_PORT', '6066') + '/healthz', timeout=2)"]
ENTRYPOINT ["cordon"]
CMD ["worker"]
