"""Reading the Dockerfile, docker-compose.yml and pyproject.toml the way Docker and compose do.

Shared by the structural checks (`test_container_files.py`) and the run of the declared commands
(`test_container_commands.py`); no tests here.
"""

from __future__ import annotations

import json
import shlex
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
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


def runtime_stage() -> Stage:
    """The repository Dockerfile's last stage: the image that runs."""
    return read_dockerfile(ROOT / "Dockerfile")[-1]


def read_compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


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
