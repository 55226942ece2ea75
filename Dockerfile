# syntax=docker/dockerfile:1
# One image for both jobs: `latentmap-train` trains a bundle, the default command serves one.
#   docker build -t latentmap .
#   docker run --rm -v latentmap-bundles:/bundles latentmap latentmap-train
#   docker run --rm -v latentmap-bundles:/bundles:ro -p 127.0.0.1:8000:8000 latentmap
# docker-compose.yml wires the two together; tests/e2e/test_container_commands.py runs the same
# commands, env vars and healthcheck outside Docker.

# ---- build: a virtualenv with the CPU build of torch, the pinned dependencies and the project
FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src

# torch first, from PyTorch's CPU wheel index: from PyPI, pip would take the CUDA build (several GB).
# Same versions as pyproject.toml pins (the test checks); the CPU wheels are 2.14.1+cpu, which
# satisfies ==2.14.1, so the next step keeps them.
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --index-url https://download.pytorch.org/whl/cpu torch==2.14.1 torchvision==0.29.1

# The other pinned dependencies, read from pyproject.toml before any source is copied: editing
# code reuses this layer, only a change of pyproject.toml rebuilds it.
COPY pyproject.toml ./
RUN --mount=type=cache,target=/root/.cache/pip \
    python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -r requirements.txt \
    && python -c "import sys, torch; sys.exit(f'CUDA build of torch {torch.__version__} slipped in' if torch.version.cuda else 0)"

# The project itself: every dependency is in place, so --no-deps, and pip check proves it.
COPY shared ./shared
COPY training ./training
COPY service ./service
RUN pip install --no-deps . && pip check

# ---- runtime: the virtualenv, a non-root user and nothing else
FROM python:3.11-slim AS runtime

LABEL org.opencontainers.image.title="latentmap" \
      org.opencontainers.image.description="Learn the visual structure of a folder of images and serve it over HTTP."

# numba (UMAP) and matplotlib write caches; site-packages is read-only for the user, so point
# them into its home. LATENTMAP_TRAIN_OUT and LATENTMAP_BUNDLE are a subfolder of /bundles:
# training swaps the bundle in by renaming a sibling folder, and a mount point cannot be renamed.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    NUMBA_CACHE_DIR=/home/latentmap/.cache/numba \
    MPLCONFIGDIR=/home/latentmap/.config/matplotlib \
    LATENTMAP_TRAIN_OUT=/bundles/current \
    LATENTMAP_BUNDLE=/bundles/current \
    LATENTMAP_HOST=0.0.0.0 \
    LATENTMAP_PORT=8000

# /bundles belongs to the user: a new named volume mounted there copies this ownership.
RUN groupadd --system --gid 10001 latentmap \
    && useradd --system --uid 10001 --gid latentmap --create-home --home-dir /home/latentmap \
       --shell /usr/sbin/nologin latentmap \
    && mkdir -p /bundles "$NUMBA_CACHE_DIR" "$MPLCONFIGDIR" \
    && chown -R latentmap:latentmap /bundles /home/latentmap

COPY --from=build /opt/venv /opt/venv
COPY --chmod=0755 docker/train.sh /usr/local/bin/latentmap-train

# Numeric, so that runtimes enforcing "run as non-root" can check it.
USER 10001:10001
WORKDIR /home/latentmap
EXPOSE 8000

# Ready = bundle loaded and warm. python, not curl: the slim image has no curl. Any error
# (connection refused, HTTP 503, timeout) raises, and python exits 1 = unhealthy.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('LATENTMAP_PORT', '8000'), timeout=4)"]

CMD ["python", "-m", "service"]
