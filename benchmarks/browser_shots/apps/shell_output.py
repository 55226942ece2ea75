"""Shell sessions as HTML lines: prompts in bash/zsh/fish styles and the output of everyday commands."""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

from benchmarks.browser_shots import text
from benchmarks.browser_shots.apps.source_code import snake, source_lines


def c(colour: str, value: str, bold: bool = False) -> str:
    """``value`` in an ANSI colour name (red, green, yellow, blue, magenta, cyan, muted)."""
    weight = ";font-weight:700" if bold else ""
    return f'<span style="color:var(--{colour}){weight}">{escape(value)}</span>'


def prompt(rng: random.Random, style: str, user: str, host: str, cwd: str) -> str:
    """A prompt line start; ``style`` is bash, zsh or fish."""
    branch = rng.choice(["main", "dev", "feature/" + snake(rng, 1), ""])
    if style == "bash":
        return f"{c('green', f'{user}@{host}', True)}:{c('blue', cwd, True)}$ "
    if style == "zsh":
        git = f" {c('blue', 'git:(')}{c('red', branch)}{c('blue', ')')}" if branch else ""
        return f"{c('green', '➜', True)}  {c('cyan', cwd.rsplit('/', 1)[-1] or '~', True)}{git} "
    git = f" ({c('magenta', branch)})" if branch else ""
    return f"{c('text', user)}@{host} {c('green', cwd)}{git}&gt; "


def _ls(rng: random.Random) -> tuple[str, list[str]]:
    lines = [f"total {rng.randint(8, 400)}"]
    for _ in range(rng.randint(4, 14)):
        is_dir = rng.random() < 0.35
        name = snake(rng) if is_dir else text.filename(rng, ["py", "md", "txt", "json", "sh", "toml", "log"])
        perms = "drwxr-xr-x" if is_dir else rng.choice(["-rw-r--r--", "-rwxr-xr-x"])
        colour = "blue" if is_dir else ("green" if "x" in perms[3] else "text")
        lines.append(
            f"{perms} {rng.randint(1, 9)} {rng.choice(['dev', 'root', 'ada'])} staff "
            f"{rng.randint(64, 99999):>6} {text.short_date(rng)} {text.clock(rng, False)} "
            f"{c(colour, name, is_dir)}"
        )
    return "ls -la", lines


def _git_status(rng: random.Random) -> tuple[str, list[str]]:
    lines = [
        f"On branch {snake(rng, 1)}",
        "Changes not staged for commit:",
        '  (use "git add &lt;file&gt;..." to update what will be committed)',
        "",
    ]
    lines += [c("red", f"\tmodified:   src/{snake(rng)}.py") for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.6:
        lines += ["", "Untracked files:"] + [c("red", f"\t{snake(rng)}.md") for _ in range(rng.randint(1, 3))]
    return "git status", lines


def _git_log(rng: random.Random) -> tuple[str, list[str]]:
    lines = []
    for i in range(rng.randint(5, 14)):
        sha = "".join(rng.choice("0123456789abcdef") for _ in range(7))
        ref = f" {c('yellow', '(')}{c('cyan', 'HEAD -&gt; main', True)}{c('yellow', ')')}" if i == 0 else ""
        lines.append(f"{c('yellow', sha)}{ref} {escape(text.sentence(rng, 3, 9))}")
    return "git log --oneline", lines


def _pytest(rng: random.Random) -> tuple[str, list[str]]:
    lines = [
        c("text", "=" * 20 + " test session starts " + "=" * 20, True),
        f"platform linux -- Python 3.{rng.randint(9, 13)}.{rng.randint(0, 9)}, pytest-{rng.randint(7, 9)}.1.0",
        f"collected {rng.randint(20, 400)} items",
        "",
    ]
    failed = 0
    for _ in range(rng.randint(3, 9)):
        dots = "".join(rng.choice("........F.s") for _ in range(rng.randint(5, 40)))
        failed += dots.count("F")
        lines.append(
            f"tests/test_{snake(rng)}.py {c('green', dots.replace('F', ''))}"
            f"{c('red', 'F' * dots.count('F'))} [{rng.randint(1, 99):>3}%]"
        )
    colour = "red" if failed else "green"
    lines.append(
        c(colour, f"==== {failed} failed, {rng.randint(30, 300)} passed in {rng.uniform(0.5, 60):.2f}s ====", True)
    )
    return rng.choice(["pytest -q", "pytest", "python -m pytest tests"]), lines


def _log(rng: random.Random) -> tuple[str, list[str]]:
    lines = []
    for _ in range(rng.randint(6, 18)):
        level, colour = rng.choice([("INFO", "green")] * 5 + [("WARN", "yellow"), ("ERROR", "red"), ("DEBUG", "muted")])
        stamp = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} {text.clock(rng, False)}:{rng.randint(10, 59)}"
        lines.append(
            f"{c('muted', stamp)} "
            f"{c(colour, level.ljust(5))} {c('cyan', snake(rng))} {escape(text.sentence(rng, 3, 10))}"
        )
    return f"tail -f /var/log/{snake(rng, 1)}.log", lines


def _docker(rng: random.Random) -> tuple[str, list[str]]:
    lines = ["CONTAINER ID   IMAGE                 STATUS          PORTS                    NAMES"]
    for _ in range(rng.randint(2, 7)):
        cid = "".join(rng.choice("0123456789abcdef") for _ in range(12))
        image = f"{snake(rng, 1)}:{rng.choice(['latest', '1.2', '3.11-slim', 'alpine'])}"
        lines.append(
            f"{cid}   {image:<20}  Up {rng.randint(2, 59)} minutes   0.0.0.0:{rng.randint(3000, 9000)}->80/tcp   "
            f"{snake(rng)}"
        )
    return "docker ps", [escape(line) if i == 0 else line for i, line in enumerate(lines)]


def _df(rng: random.Random) -> tuple[str, list[str]]:
    lines = ["Filesystem      Size  Used Avail Use% Mounted on"]
    for mount in ["/", "/boot", "/home", "/tmp", "/var/lib/docker"][: rng.randint(2, 5)]:
        size = rng.randint(1, 900)
        used = rng.randint(0, size)
        lines.append(
            f"/dev/{rng.choice(['sda', 'nvme0n1p', 'vda'])}{rng.randint(1, 4):<6} {size:>4}G {used:>4}G "
            f"{size - used:>4}G {used * 100 // size:>3}% {mount}"
        )
    return "df -h", lines


def _cat(rng: random.Random) -> tuple[str, list[str]]:
    name = f"{snake(rng)}.py"
    return f"cat {name}", source_lines(rng, "python", rng.randint(8, 24))


def _install(rng: random.Random) -> tuple[str, list[str]]:
    pkgs = [snake(rng, 1) for _ in range(rng.randint(2, 6))]
    lines = [f"Collecting {p}" for p in pkgs]
    lines += [
        f"  Downloading {p}-{rng.randint(0, 9)}.{rng.randint(0, 30)}.0-py3-none-any.whl ({rng.randint(10, 900)} kB)"
        for p in pkgs
    ]
    lines.append(c("green", "Successfully installed " + " ".join(pkgs)))
    return f"pip install {' '.join(pkgs[:2])}", lines


def _ping(rng: random.Random) -> tuple[str, list[str]]:
    host = f"{snake(rng, 1)}.local"
    lines = [f"PING {host} (10.0.{rng.randint(0, 9)}.{rng.randint(2, 250)}): 56 data bytes"]
    lines += [
        f"64 bytes from 10.0.0.{rng.randint(2, 250)}: icmp_seq={i} ttl=64 time={rng.uniform(0.2, 40):.3f} ms"
        for i in range(rng.randint(3, 9))
    ]
    return f"ping {host}", lines


COMMANDS: list[Callable[[random.Random], tuple[str, list[str]]]] = [
    _ls,
    _git_status,
    _git_log,
    _pytest,
    _log,
    _docker,
    _df,
    _cat,
    _install,
    _ping,
]


def session(rng: random.Random, rows: int, style: str, user: str, host: str) -> list[str]:
    """Commands and outputs that fill ``rows`` lines, ending in a prompt with a block cursor."""
    cwd = rng.choice(["~", f"~/{snake(rng, 1)}", f"~/src/{snake(rng, 1)}", "/etc", f"~/work/{snake(rng, 1)}"])
    lines: list[str] = []
    while len(lines) < rows * 1.5:
        command, output = rng.choice(COMMANDS)(rng)
        lines.append(prompt(rng, style, user, host, cwd) + escape(command))
        lines += output
        if rng.random() < 0.2:
            lines.append("")
    cursor = '<span style="background:var(--text)"> </span>'
    # A fifth of the time the screen was cleared a moment ago, leaving it mostly empty.
    keep = rng.randint(3, max(4, rows // 2)) if rng.random() < 0.2 else rows - 1
    return [*lines[-keep:], prompt(rng, style, user, host, cwd) + cursor]
