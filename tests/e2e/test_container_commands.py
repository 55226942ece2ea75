"""The Dockerfile and docker-compose.yml without Docker: their structure, then the very commands,
env vars and healthcheck they declare, run here with the container paths remapped to temp folders.

No engine runs on CI, so the image itself is never built; what can go wrong inside it beyond
this (a package missing from the image) is what `pip check` in the Dockerfile guards.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# What a user would export before `docker compose up` to get a quick bundle; each must be
# declared as a pass-through in the train service, or compose would not hand it over.
SHELL_OVERRIDES = {
    "LATENTMAP_TRAIN_EPOCHS": "2",
    "LATENTMAP_TRAIN_LATENT_DIM": "8",
    "LATENTMAP_TRAIN_IMAGE_SIZE": "16",
    "LATENTMAP_TRAIN_CHANNELS": "1",
    "LATENTMAP_TRAIN_BASE_WIDTH": "8",
    "LATENTMAP_TRAIN_BATCH_SIZE": "256",
    "LATENTMAP_TRAIN_N_NEIGHBORS": "8",
}


# ---- reading the two files


@dataclass
class Stage:
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)  # (KEYWORD, arguments)

    def all(self, keyword: str) -> list[str]:
        return [args for key, args in self.instructions if key == keyword]

    def env(self) -> dict[str, str]:
        pairs = (token.split("=", 1) for args in self.all("ENV") for token in shlex.split(args))
        return dict(pairs)  # type: ignore[arg-type]

    def copies(self) -> list[tuple[list[str], list[str], str]]:
        """(flags, sources, destination) of each COPY."""
        result = []
        for args in self.all("COPY"):
            tokens = shlex.split(args)
            flags = [t for t in tokens if t.startswith("--")]
            paths = [t for t in tokens if not t.startswith("--")]
            result.append((flags, paths[:-1], paths[-1]))
        return result


def read_dockerfile(path: Path) -> list[Stage]:
    """Stages of a Dockerfile: comments dropped, continuation lines joined, split at FROM."""
    logical, current = [], ""
    for line in path.read_text().splitlines():
        if line.lstrip().startswith("#"):
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        if current.strip():
            logical.append(current.strip())
        current = ""
    stages: list[Stage] = []
    for line in logical:
        keyword, _, args = line.partition(" ")
        if keyword.upper() == "FROM":
            stages.append(Stage(base=args.split()[0]))
        else:
            stages[-1].instructions.append((keyword.upper(), args.strip()))
    return stages


def healthcheck_command(stage: Stage) -> list[str]:
    (args,) = stage.all("HEALTHCHECK")
    _, _, command = args.partition(" CMD ")
    return json.loads(command)


def project_dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def pinned_versions() -> dict[str, str]:
    return dict(dependency.split("==") for dependency in project_dependencies())


def container_mounts(volumes: list[str]) -> dict[str, tuple[str, str]]:
    """target → (source, mode) of compose short-syntax volumes."""
    mounts = {}
    for volume in volumes:
        source, target, *mode = volume.split(":")
        mounts[target] = (source, mode[0] if mode else "rw")
    return mounts


@pytest.fixture(scope="module")
def runtime() -> Stage:
    return read_dockerfile(ROOT / "Dockerfile")[-1]


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


# ---- Dockerfile


def test_torch_comes_from_the_cpu_index_pinned_like_pyproject_and_before_the_rest() -> None:
    build = read_dockerfile(ROOT / "Dockerfile")[0]
    assert build.base == "python:3.11-slim"
    keys = [f"{key} {args}" for key, args in build.instructions]
    torch_at = next(i for i, line in enumerate(keys) if "torch==" in line and line.startswith("RUN"))
    pins = pinned_versions()
    torch_line = shlex.split(keys[torch_at])
    assert torch_line[torch_line.index("--index-url") + 1] == CPU_INDEX
    assert f"torch=={pins['torch']}" in torch_line
    assert f"torchvision=={pins['torchvision']}" in torch_line
    # Layer order: torch, then pyproject.toml and its dependencies, then the source.
    pyproject_at = keys.index("COPY pyproject.toml ./")
    requirements_at = next(i for i, line in enumerate(keys) if "pip install -r requirements.txt" in line)
    source_at = min(
        i for i, line in enumerate(keys) if line.startswith(("COPY shared", "COPY training", "COPY service"))
    )
    assert torch_at < pyproject_at < requirements_at < source_at


def test_requirements_step_lists_exactly_the_pyproject_dependencies(tmp_path: Path) -> None:
    build = read_dockerfile(ROOT / "Dockerfile")[0]
    (run,) = [args for args in build.all("RUN") if "requirements.txt" in args]
    extract = run.split("&&")[0].replace("--mount=type=cache,target=/root/.cache/pip", "")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    env = {"PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run(["sh", "-c", extract], cwd=tmp_path, env=env, check=True, timeout=30)
    assert (tmp_path / "requirements.txt").read_text().split() == project_dependencies()


def test_runtime_stage_is_non_root_with_writable_caches_and_a_python_healthcheck(runtime: Stage) -> None:
    assert runtime.base == "python:3.11-slim"
    (user,) = runtime.all("USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) > 0, f"USER {user} must be a numeric non-root uid"
    env = runtime.env()
    assert env["PYTHONDONTWRITEBYTECODE"] == env["PYTHONUNBUFFERED"] == "1"
    (setup,) = [args for args in runtime.all("RUN") if "useradd" in args]
    assert f"--uid {uid}" in setup
    home = shlex.split(setup)[shlex.split(setup).index("--home-dir") + 1]
    for cache in ("NUMBA_CACHE_DIR", "MPLCONFIGDIR"):
        assert env[cache].startswith(home + "/") and f'"${cache}"' in setup
    assert f"chown -R latentmap:latentmap /bundles {home}" in setup
    assert runtime.all("EXPOSE") == [env["LATENTMAP_PORT"]] == ["8000"]
    assert not runtime.all("ENTRYPOINT")
    assert json.loads(runtime.all("CMD")[0]) == ["python", "-m", "service"]
    check = healthcheck_command(runtime)
    assert check[:2] == ["python", "-c"] and "/readyz" in check[2] and "curl" not in check[2]


def test_build_context_holds_every_copied_file_and_nothing_private() -> None:
    patterns = [p for p in (ROOT / ".dockerignore").read_text().splitlines() if p and not p.startswith("#")]

    def ignored(path: str) -> bool:
        """Docker's rule: the last matching line wins; a line matches a path or any parent of it."""
        parts = path.split("/")
        result = False
        for pattern in patterns:
            negate, glob = pattern.startswith("!"), pattern.lstrip("!").rstrip("/")
            prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
            if any(
                fnmatch(p, glob) or (glob.startswith("**/") and fnmatch(p.split("/")[-1], glob[3:])) for p in prefixes
            ):
                result = not negate
        return result

    stages = read_dockerfile(ROOT / "Dockerfile")
    sources = [
        src
        for stage in stages
        for flags, srcs, _ in stage.copies()
        if not any("--from" in f for f in flags)
        for src in srcs
    ]
    assert {"pyproject.toml", "shared", "training", "service", "docker/train.sh"} <= set(sources)
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: not in the repository"
        assert not ignored(source), f"COPY {source}: excluded by .dockerignore"
    assert ignored("training/__pycache__/run.cpython-311.pyc")
    for private in (
        ".venv/bin/python",
        ".git/config",
        "data/cat.png",
        "bundles/current/model.pt",
        ".env",
        "tests/conftest.py",
    ):
        assert ignored(private), f"{private} would be sent to the builder"


# ---- docker-compose.yml


def test_compose_trains_into_a_named_volume_then_serves_it_read_only(compose: dict, runtime: Stage) -> None:
    train, api = compose["services"]["train"], compose["services"]["api"]
    assert train["image"] == api["image"] and train["build"] == api["build"] == "."
    assert api["depends_on"] == {"train": {"condition": "service_completed_successfully"}}
    train_mounts, api_mounts = container_mounts(train["volumes"]), container_mounts(api["volumes"])
    assert train_mounts["/data"] == ("./data", "ro")
    (volume,) = compose["volumes"]
    assert train_mounts["/bundles"] == (volume, "rw") and api_mounts == {"/bundles": (volume, "ro")}
    out = Path(train["environment"]["LATENTMAP_TRAIN_OUT"])
    # The bundle is swapped in by renaming a sibling folder: it must sit below the mount point.
    assert out.parent == Path("/bundles") and api["environment"]["LATENTMAP_BUNDLE"] == str(out)
    assert train["environment"]["LATENTMAP_TRAIN_DATA"] == "/data"
    assert api["environment"]["LATENTMAP_HOST"] == "0.0.0.0"
    assert api["environment"]["LATENTMAP_PORT"] == runtime.env()["LATENTMAP_PORT"] == "8000"
    assert [port.rsplit(":", 1)[1] for port in api["ports"]] == ["8000"]
    assert api["healthcheck"]["test"] == ["CMD", *healthcheck_command(runtime)]
    for name in SHELL_OVERRIDES:
        assert name in train["environment"] and train["environment"][name] is None, f"{name}: not passed through"


def test_data_folder_is_in_git_so_compose_never_creates_it_as_root() -> None:
    assert (ROOT / "data" / ".gitkeep").is_file()
    assert subprocess.run(["git", "check-ignore", "-q", "data/.gitkeep"], cwd=ROOT).returncode == 1
    assert subprocess.run(["git", "check-ignore", "-q", "data/cat.png"], cwd=ROOT).returncode == 0


def _compose_cli() -> list[str] | None:
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return ["docker", "compose"]
    return ["docker-compose"] if shutil.which("docker-compose") else None


def test_compose_config_validates_and_resolves_pass_through_variables() -> None:
    cli = _compose_cli()
    if cli is None:
        pytest.skip("neither the docker compose plugin nor docker-compose is installed")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LATENTMAP_")} | {"LATENTMAP_TRAIN_EPOCHS": "2"}
    done = subprocess.run(
        [*cli, "-f", "docker-compose.yml", "config"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)["services"]
    assert resolved["train"]["environment"]["LATENTMAP_TRAIN_EPOCHS"] == "2"
    assert resolved["api"]["depends_on"]["train"]["condition"] == "service_completed_successfully"


# ---- the commands themselves


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = _free_port()
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
