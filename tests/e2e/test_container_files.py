"""The Dockerfile, docker-compose.yml and .dockerignore without Docker: their structure, checked here.

No engine runs on CI, so the image itself is never built; `test_container_commands.py` runs the commands
they declare, and what can go wrong inside the image beyond that (a package missing from it) is what
`pip check` in the Dockerfile guards.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest
import yaml

from tests.e2e.container_spec import (
    ROOT,
    SHELL_OVERRIDES,
    Stage,
    container_mounts,
    healthcheck_command,
    pinned_versions,
    project_dependencies,
    read_dockerfile,
)

CPU_INDEX = "https://download.pytorch.org/whl/cpu"


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
    # The image's HEALTHCHECK polls the API; a training run of hours must not show as "unhealthy".
    assert train["healthcheck"] == {"disable": True}
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
