"""The commands, env vars and healthcheck that docker-compose.yml and the Dockerfile declare, run here
without Docker, with the container paths remapped to temp folders.

No engine runs on CI, so the image itself is never built; `test_container_files.py` checks the files'
structure, and what can go wrong inside the image beyond this (a package missing from it) is what
`pip check` in the Dockerfile guards.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.container_spec import ROOT, SHELL_OVERRIDES, Stage, healthcheck_command
from tests.servers import free_port

# ---- the commands themselves


class Container:
    """A service's command and environment as the container would have them, paths remapped."""

    def __init__(self, runtime: Stage, mounts: dict[str, Path], rootfs: Path) -> None:
        self.runtime, self.mounts = runtime, mounts
        self.workdir = self.host_path(runtime.all("WORKDIR")[-1])
        # The image's PATH: the virtualenv (this one), then /usr/local/bin with the COPYed scripts.
        for flags, sources, dest in runtime.copies():
            if not any("--from" in f for f in flags):
                (rootfs / dest.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
                (rootfs / dest.lstrip("/")).symlink_to(ROOT / sources[0])
        self.path = f"{Path(sys.executable).parent}:{rootfs / 'usr/local/bin'}:{os.environ['PATH']}"

    def host_path(self, value: str) -> str:
        for target in sorted(self.mounts, key=len, reverse=True):
            if value == target or value.startswith(target + "/"):
                return str(self.mounts[target]) + value[len(target) :]
        return value

    def env(self, service: dict, shell: dict[str, str], **overrides: str) -> dict[str, str]:
        env = self.runtime.env() | {"HOME": self.runtime.all("WORKDIR")[-1]}  # the user's home, set by Docker
        for name, value in service.get("environment", {}).items():
            if value is not None:
                env[name] = str(value)
            elif name in shell:  # pass-through: taken from the shell running compose, else unset
                env[name] = shell[name]
        env = {name: self.host_path(value) for name, value in env.items()} | overrides
        env["PATH"] = self.path
        return env

    def command(self, service: dict) -> list[str]:
        return service.get("command") or json.loads(self.runtime.all("CMD")[-1])


@pytest.mark.parametrize(
    ("args", "trains"),
    [
        ([], False),
        (["--out", "{new}"], True),
        (["--epochs", "2", "--out={new}"], True),
        (["--out={new}", "--out", "{old}"], False),  # the last --out wins, as in python -m training
    ],
    ids=["env-only", "out-flag", "out-equals", "last-out-has-a-bundle"],
)
def test_train_script_checks_the_out_folder_it_will_write(tmp_path: Path, args: list[str], trains: bool) -> None:
    """The skip-if-trained check looks at --out when the arguments give one, not at LATENTMAP_TRAIN_OUT."""
    old, new, bin_dir = tmp_path / "old", tmp_path / "new", tmp_path / "bin"
    old.mkdir()
    (old / "manifest.json").write_text("{}")
    bin_dir.mkdir()
    (bin_dir / "python").write_text('#!/bin/sh\necho "python $*"\n')  # stands in for the training
    (bin_dir / "python").chmod(0o755)
    argv = [arg.format(new=new, old=old) for arg in args]
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "LATENTMAP_TRAIN_OUT": str(old)}
    done = subprocess.run(
        ["sh", str(ROOT / "docker" / "train.sh"), *argv], env=env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    if trains:
        assert done.stdout == f"python -m training {' '.join(argv)}\n"
    else:
        assert done.stdout.startswith(f"latentmap-train: a bundle is already at {old}, not retraining")


def test_train_script_without_any_out_says_how_to_give_one(tmp_path: Path) -> None:
    done = subprocess.run(
        ["sh", str(ROOT / "docker" / "train.sh"), "--epochs", "2"],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2
    assert "set LATENTMAP_TRAIN_OUT or pass --out" in done.stderr


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in sorted(folder.rglob("*"))}


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.mark.slow
def test_compose_train_then_api_commands_run_as_declared(
    compose: dict, runtime: Stage, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    train, api = compose["services"]["train"], compose["services"]["api"]
    (volume,) = compose["volumes"]
    data, bundles, home = tmp_path / "data", tmp_path / volume, tmp_path / "home"
    data.mkdir()
    (data / ".gitkeep").touch()  # the repository's ./data as cloned: no images
    bundles.mkdir()
    # ~/.cache is a cache: kept between test runs so numba need not recompile UMAP every time.
    pytest_cache = getattr(request.config, "cache", None)
    cache = pytest_cache.mkdir("container-home-cache") if pytest_cache else tmp_path / "cache"
    container = Container(
        runtime,
        {"/data": data, "/bundles": bundles, "/home/latentmap": home, "/home/latentmap/.cache": cache},
        tmp_path / "rootfs",
    )
    image_env = runtime.env()
    for name in ("NUMBA_CACHE_DIR", "MPLCONFIGDIR"):  # what the Dockerfile's mkdir does
        Path(container.host_path(image_env[name])).mkdir(parents=True, exist_ok=True)
    Path(container.workdir).mkdir(parents=True, exist_ok=True)

    # train: empty ./data → the embedded sample; the bundle lands below the volume's mount point.
    train_env = container.env(train, SHELL_OVERRIDES)
    trained = subprocess.run(
        container.command(train), env=train_env, cwd=container.workdir, capture_output=True, text=True, timeout=300
    )
    assert trained.returncode == 0, trained.stderr[-3000:]
    bundle = Path(train_env["LATENTMAP_TRAIN_OUT"])
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert bundle.parent == bundles and [p.name for p in bundles.iterdir()] == [bundle.name]
    assert json.loads((bundle / "report.json").read_text())["data"] == "embedded sample: scikit-learn digits"
    assert (manifest["model"]["latent_dim"], manifest["preprocess"]["channels"]) == (8, 1)
    assert list(Path(train_env["MPLCONFIGDIR"]).iterdir()) and list(Path(train_env["NUMBA_CACHE_DIR"]).iterdir())

    # train again (`docker compose up` a second time): keeps the bundle, exits 0 at once.
    again = subprocess.run(
        container.command(train), env=train_env, cwd=container.workdir, capture_output=True, text=True, timeout=30
    )
    assert again.returncode == 0 and "not retraining" in again.stdout
    # LATENTMAP_RETRAIN=1 does train: proven cheaply by a setting training refuses.
    refused = train_env | {"LATENTMAP_RETRAIN": "1", "LATENTMAP_TRAIN_IMAGE_SIZE": "17"}
    retried = subprocess.run(
        container.command(train), env=refused, cwd=container.workdir, capture_output=True, text=True, timeout=60
    )
    assert retried.returncode == 2 and "image_size must be a power of two" in retried.stderr
    assert json.loads((bundle / "manifest.json").read_text())["bundle_id"] == manifest["bundle_id"]

    # api: the image's CMD with the service's env; loopback and a free port instead of 0.0.0.0:8000.
    port = free_port()
    api_env = container.env(api, {}, LATENTMAP_HOST="127.0.0.1", LATENTMAP_PORT=str(port))
    assert api_env["LATENTMAP_BUNDLE"] == str(bundle)
    before = _snapshot(bundles)
    log = (tmp_path / "api.log").open("w")
    server = subprocess.Popen(container.command(api), env=api_env, cwd=container.workdir, stdout=log, stderr=log)
    checks = [healthcheck_command(runtime), api["healthcheck"]["test"][1:]]
    try:
        deadline, status = time.monotonic() + 60, 0
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/readyz")
            except OSError:
                status = 0
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, (tmp_path / "api.log").read_text()[-3000:]
        status, body = _get(f"http://127.0.0.1:{port}/info")
        assert status == 200 and json.loads(body)["bundle_id"] == manifest["bundle_id"]
        for check in checks:
            assert subprocess.run(check, env=api_env, capture_output=True, timeout=15).returncode == 0
    finally:
        server.send_signal(signal.SIGTERM)  # what `docker compose stop` sends
        try:
            stopped = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            stopped = server.wait(timeout=10)
        log.close()
    # uvicorn shuts down gracefully, then re-raises the signal: the exit a container reports as 143.
    assert stopped in (0, -signal.SIGTERM), (tmp_path / "api.log").read_text()[-3000:]
    assert "Application shutdown complete" in (tmp_path / "api.log").read_text()
    assert _snapshot(bundles) == before, "the api wrote into its read-only bundle volume"
    # Nothing listens any more: the same healthcheck now reports unhealthy.
    for check in checks:
        failed = subprocess.run(check, env=api_env, capture_output=True, text=True, timeout=15)
        assert failed.returncode == 1 and "Connection refused" in failed.stderr
