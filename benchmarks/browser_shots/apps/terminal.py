"""A terminal emulator: a shell session, an htop-like monitor, or tmux panes, with optional tabs."""

from __future__ import annotations

import random

from benchmarks.browser_shots import text
from benchmarks.browser_shots.apps.shell_output import c, session
from benchmarks.browser_shots.apps.source_code import SYNTAX_CSS, snake
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = (
    SYNTAX_CSS
    + """
.term{flex:1;min-width:0;min-height:0;font-family:var(--mono);white-space:pre;overflow:hidden;padding:4px 8px;
 line-height:1.25;display:flex;flex-direction:column}
.term>div{overflow:hidden;flex:none}
.term>.procs{flex:1;min-height:0}
.ttabs{display:flex;flex:none;background:var(--panel);border-bottom:1px solid var(--border);font-size:.9em}
.ttab{flex:1;max-width:260px;padding:7px 12px;display:flex;gap:8px;align-items:center;color:var(--muted);
 border-right:1px solid var(--border);white-space:nowrap;overflow:hidden}
.ttab.on{background:var(--bg);color:var(--text)}
.meter{display:flex;gap:0}
.hl{background:var(--green);color:var(--bg)}
"""
)


def _bar(rng: random.Random, label: str, width_ch: int) -> str:
    used = rng.random() ** 1.5
    n = int(used * width_ch)
    parts = [
        c("green", "|" * int(n * 0.6)),
        c("blue", "|" * int(n * 0.25)),
        c("red", "|" * (n - int(n * 0.6) - int(n * 0.25))),
    ]
    return (
        f"{c('cyan', label.rjust(3))}{c('text', '[', True)}{''.join(parts)}{' ' * (width_ch - n)}"
        f"{c('muted', f'{used * 100:5.1f}%')}{c('text', ']', True)}"
    )


def _htop(rng: random.Random, rows: int, cols: int) -> str:
    """An htop screen whose process list takes whatever height is left above the function-key bar."""
    cpus = rng.choice([2, 4, 4, 8, 8, 12, 16])
    half = max(20, cols // 2 - 12)
    lines = []
    for i in range(0, cpus, 2):
        lines.append(f"{_bar(rng, str(i), half)}  {_bar(rng, str(i + 1), half)}")
    mem = rng.randint(1, 31)
    lines.append(
        f"{_bar(rng, 'Mem', half)}  {c('cyan', 'Tasks: ')}{c('text', str(rng.randint(80, 400)), True)}"
        f"{c('muted', ', ' + str(rng.randint(100, 900)) + ' thr; ')}{c('green', str(rng.randint(1, 6)) + ' running')}"
    )
    load = " ".join(f"{rng.uniform(0, 4):.2f}" for _ in range(3))
    lines.append(f"{_bar(rng, 'Swp', half)}  {c('cyan', 'Load average: ')}{c('text', load, True)}")
    lines.append(
        f"{' ' * (half + 7)}{c('cyan', 'Uptime: ')}{c('text', f'{rng.randint(0, 40)} days, {mem:02d}:14:03', True)}"
    )
    lines.append("")
    header = "    PID USER      PRI  NI  VIRT   RES   SHR S  CPU%  MEM%   TIME+  Command"
    lines.append(f'<span class="hl">{header.ljust(cols)}</span>')
    selected = rng.randint(0, 8)
    head, lines = lines, []
    for i in range(rows):
        cpu = rng.random() ** 3 * 100
        row = (
            f"{rng.randint(1, 99999):>7} {rng.choice(['root', 'ada', 'www-data', 'postgres']):<9} 20   0 "
            f"{rng.randint(10, 9000):>4}M {rng.randint(1, 900):>4}M {rng.randint(1, 90):>4}M "
            f"{rng.choice('SSSSR')} {cpu:5.1f} {rng.random() * 8:5.1f} "
            f"{rng.randint(0, 59)}:{rng.randint(0, 59):02d}.{rng.randint(0, 99):02d}  "
        )
        command = (
            rng.choice(["/usr/bin/", "/usr/lib/", "", "python3 ", "node "])
            + snake(rng)
            + rng.choice(["", " --daemon", " -c", ""])
        )
        line = row + command
        lines.append(
            f'<span style="background:var(--cyan);color:var(--bg)">{line.ljust(cols)}</span>'
            if i == selected
            else row.replace(f"{cpu:5.1f}", c("red" if cpu > 50 else "text", f"{cpu:5.1f}")) + c("text", command)
        )
    keys = "".join(
        f"{c('text', k)}<span style='background:var(--cyan);color:var(--bg)'>{v:<6}</span>"
        for k, v in [
            ("F1", "Help"),
            ("F2", "Setup"),
            ("F3", "Search"),
            ("F5", "Tree"),
            ("F6", "SortBy"),
            ("F9", "Kill"),
            ("F10", "Quit"),
        ]
    )
    procs = "".join(f"<div>{line}</div>" for line in lines)
    return f'<div class="term">{_rows(head)}<div class="procs">{procs}</div><div>{keys}</div></div>'


def _rows(lines: list[str]) -> str:
    return "".join(f"<div>{line or ' '}</div>" for line in lines)


def _pane(rng: random.Random, rows: int, cols: int, style: str, user: str, host: str, htop_odds: float = 0.0) -> str:
    if rng.random() < htop_odds:
        return _htop(rng, rows, cols)
    lines = session(rng, rows, style, user, host)
    # A full screen scrolls: keep the prompt on the last row whatever the real title-bar height is.
    anchor = "justify-content:flex-end" if len(lines) >= rows else ""
    return f'<div class="term" style="{anchor}">{_rows(lines)}</div>'


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One terminal window; the theme's palette doubles as the terminal colour scheme."""
    user, host = text.handle(rng, text.person(rng)).split(".")[0], rng.choice(["laptop", "dev-box", snake(rng, 1)])
    style = rng.choice(["bash", "zsh", "fish"])
    line_px = theme.font_px * 1.25
    char_px = theme.font_px * 0.6
    tabs = ""
    if rng.random() < 0.5:
        n = rng.randint(2, 5)
        on = rng.randrange(n)
        tabs = (
            '<div class="ttabs">'
            + "".join(
                f'<div class="ttab {"on" if i == on else ""}">{icon("terminal", 13)}<span class="grow ell">'
                f"{rng.choice([f'{user}@{host}: ~', style, 'ssh ' + snake(rng, 1), 'htop', 'python3', 'vim'])}</span>"
                f"{icon('close', 11)}</div>"
                for i in range(n)
            )
            + f'<div style="padding:7px 10px">{icon("plus", 13)}</div></div>'
        )
    usable = height - (34 if tabs else 0)
    rows = int(usable / line_px) - 1
    cols = int(width / char_px) - 2
    mode = rng.choices(["shell", "htop", "tmux"], weights=[6, 2, 2])[0]
    if mode == "htop":
        main = _htop(rng, rows, cols)
    elif mode == "tmux":
        vertical = rng.random() < 0.6
        first_rows = rows - 1 if vertical else rows // 2
        first = _pane(rng, first_rows, cols // 2 if vertical else cols, style, user, host, htop_odds=0.25)
        second_rows = rows - 1 if vertical else rows // 2
        second = _pane(rng, second_rows, cols // 2 if vertical else cols, style, user, host)
        line = "border-left" if vertical else "border-top"
        panes = f'{first}<div style="{line}:1px solid var(--green)"></div>{second}'
        windows = " ".join(f"{i}:{snake(rng, 1)}{'*' if i == 0 else ''}" for i in range(rng.randint(1, 4)))
        status = (
            f'<div class="mono" style="background:var(--green);color:var(--bg);white-space:pre;padding:0 6px;'
            f'display:flex"><span class="grow">[{snake(rng, 1)}] {windows}</span>"{host}" '
            f"{text.clock(rng, False)} {text.short_date(rng)}</div>"
        )
        direction = "row" if vertical else "column"
        main = (
            f'<div class="col grow"><div class="grow" style="display:flex;flex-direction:{direction};'
            f'overflow:hidden">{panes}</div>{status}</div>'
        )
    else:
        main = _pane(rng, rows, cols, style, user, host)
    title = f"{user}@{host}: {rng.choice(['~', '~/' + snake(rng, 1)])}"
    return document(rng, theme, title, CSS, f'<div class="col grow">{tabs}{main}</div>')
