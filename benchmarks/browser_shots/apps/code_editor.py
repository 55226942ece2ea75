"""An IDE: activity bar, file tree or search/git panel, tabs, highlighted code, minimap, panel, status bar."""

from __future__ import annotations

import random

from benchmarks.browser_shots import text, widgets
from benchmarks.browser_shots.apps.source_code import EXT_COLOURS, LANGUAGES, SYNTAX_CSS, snake, source_lines
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = (
    SYNTAX_CSS
    + """
.act{flex:none;width:48px;background:var(--panel);display:flex;flex-direction:column;align-items:center;
 gap:22px;padding-top:14px;color:var(--muted);border-right:1px solid var(--border)}
.act .on{color:var(--text);box-shadow:-12px 0 0 -9px var(--accent)}
.side{flex:none;background:var(--panel);border-right:1px solid var(--border);overflow:hidden;font-size:.92em}
.side .hd{padding:8px 14px;font-size:.8em;letter-spacing:.06em;color:var(--muted)}
.tree{padding:2px 0;white-space:nowrap}
.tree.on{background:var(--soft)}
.tabs{display:flex;background:var(--panel);flex:none;overflow:hidden;border-bottom:1px solid var(--border)}
.tab{padding:calc(var(--pad) * .9) 14px;border-right:1px solid var(--border);white-space:nowrap;color:var(--muted);
 display:flex;align-items:center;gap:6px}
.tab.on{background:var(--bg);color:var(--text);box-shadow:inset 0 2px var(--accent)}
.code{flex:1;display:flex;overflow:hidden;font-family:var(--mono);white-space:pre;tab-size:4;min-height:0}
.gut{flex:none;text-align:right;color:var(--muted);opacity:.6;padding:0 14px 0 10px}
.src{flex:1;min-width:0;overflow:hidden}
.cur{background:var(--hover)}
.mini{flex:none;width:90px;padding:4px 8px;overflow:hidden;opacity:.55;border-left:1px solid var(--border)}
.mini div{height:2px;margin-bottom:1px;border-radius:1px}
.panel{flex:none;border-top:1px solid var(--border);display:flex;flex-direction:column;overflow:hidden}
.status{flex:none;height:24px;display:flex;align-items:center;gap:16px;padding:0 10px;font-size:.8em}
.palette{position:absolute;z-index:20;top:8px;left:50%;transform:translateX(-50%);width:min(600px,70%);
 background:var(--raised);border:1px solid var(--border);border-radius:var(--radius);box-shadow:var(--shadow)}
"""
)
EXTRA_FILES = ["README.md", "pyproject.toml", "package.json", ".gitignore", "LICENSE", "Makefile", "config.yaml"]


def _file_icon(name: str) -> str:
    colour = EXT_COLOURS.get(name.rsplit(".", 1)[-1], "var(--muted)")
    return f'<span style="color:{colour}">{icon("file", 14)}</span>'


def _tree(rng: random.Random, ext: str, active: str, rows: int) -> str:
    out, depth = [], 0
    while len(out) < rows:
        if rng.random() < 0.3 or not out:
            open_ = rng.random() < 0.6
            chevron = icon("down" if open_ else "right", 12)
            out.append(
                f'<div class="tree" style="padding-left:{8 + depth * 14}px">{chevron} '
                f'<span style="color:var(--yellow)">{icon("folder", 14)}</span> {snake(rng, 1)}</div>'
            )
            depth = min(depth + 1, 4) if open_ else depth
        elif rng.random() < 0.15 and depth:
            depth -= 1
        else:
            name = rng.choice([f"{snake(rng)}.{ext}"] * 4 + EXTRA_FILES)
            cls = "tree on" if len(out) == rows // 3 else "tree"
            name = active if cls == "tree on" else name
            mod = (
                '<span style="float:right;margin-right:10px;color:var(--yellow)">M</span>' if rng.random() < 0.1 else ""
            )
            out.append(
                f'<div class="{cls}" style="padding-left:{22 + depth * 14}px">{_file_icon(name)} {name}{mod}</div>'
            )
    return "".join(out)


def _side(rng: random.Random, ext: str, active: str, rows: int) -> str:
    kind = rng.choices(["explorer", "search", "git"], weights=[6, 1, 1])[0]
    if kind == "explorer":
        project = snake(rng).replace("_", "-")
        return (
            f'<div class="hd">EXPLORER</div><div class="hd b" style="color:var(--text)">{icon("down", 12)} '
            f"{project.upper()}</div>{_tree(rng, ext, active, rows)}"
        )
    if kind == "search":
        query = snake(rng, 1)
        hits = "".join(
            f'<div style="padding:3px 14px" class="ell">{_file_icon(f"x.{ext}")} {snake(rng)}.{ext} '
            f'<span class="badge">{rng.randint(1, 9)}</span></div><div class="ell muted" style="padding:2px 36px">'
            f'{text.words(rng, 1, 3)} <span style="background:var(--soft);color:var(--text)">{query}</span>'
            f"{text.words(rng, 1, 4)}</div>"
            for _ in range(rows // 2)
        )
        return (
            f'<div class="hd">SEARCH</div><div class="input" style="margin:4px 12px 10px;color:var(--text)">'
            f"{query}</div>{hits}"
        )
    changes = "".join(
        f'<div class="tree" style="padding-left:18px">{_file_icon(f"x.{ext}")} {snake(rng)}.{ext} '
        f'<span style="float:right;margin-right:12px;color:var({rng.choice(["--yellow", "--green", "--red"])})">'
        f"{rng.choice('MMMUAD')}</span></div>"
        for _ in range(rng.randint(2, 12))
    )
    return (
        f'<div class="hd">SOURCE CONTROL</div><div class="input" style="margin:4px 12px">Message (Ctrl+Enter to '
        f'commit)</div><span class="btn primary" style="margin:8px 12px">Commit</span><div class="hd">CHANGES'
        f"</div>{changes}"
    )


def _editor(rng: random.Random, lang: str, files: list[str], lines_n: int, minimap: bool) -> str:
    on = rng.randrange(len(files))
    tabs = "".join(
        f'<div class="tab {"on" if i == on else ""}">{_file_icon(f)}{f}'
        f"{icon('close', 11) if i == on else ('●' if rng.random() < 0.2 else '')}</div>"
        for i, f in enumerate(files)
    )
    first = rng.choice([1, 1, rng.randint(2, 400)])
    lines = source_lines(rng, lang, lines_n)
    cur = rng.randrange(len(lines))
    numbers = "\n".join(str(first + i) for i in range(len(lines)))
    src = "".join(f'<div class="{"cur" if i == cur else ""}">{line or " "}</div>' for i, line in enumerate(lines))
    crumbs = ""
    if rng.random() < 0.6:
        crumbs = (
            f'<div class="muted" style="padding:3px 14px;font-size:.85em">{snake(rng, 1)} › {files[on]} › '
            f"{snake(rng)}</div>"
        )
    mini = ""
    if minimap:
        colours = ["var(--text)", "var(--blue)", "var(--magenta)", "var(--green)", "var(--comment)"]
        mini = (
            '<div class="mini">'
            + "".join(
                f'<div style="width:{min(100, len(line) // 3)}%;margin-left:{(len(line) - len(line.lstrip())) * 2}px;'
                f'background:{rng.choice(colours)}"></div>'
                for line in lines * 2
            )
            + "</div>"
        )
    return (
        f'<div class="col grow"><div class="tabs">{tabs}</div>{crumbs}<div class="code">'
        f'<div class="gut">{numbers}</div><div class="src">{src}</div>{mini}</div></div>'
    )


def _panel(rng: random.Random, height: int) -> str:
    tab = rng.choice(["TERMINAL", "PROBLEMS", "OUTPUT", "DEBUG CONSOLE"])
    heads = "".join(
        f'<span style="padding:6px 2px;{"border-bottom:1px solid var(--text);color:var(--text)" if t == tab else ""}">'
        f"{t}</span>"
        for t in ["PROBLEMS", "OUTPUT", "DEBUG CONSOLE", "TERMINAL"]
    )
    rows = []
    for _ in range(height // 20):
        if tab == "PROBLEMS":
            sev = rng.choice([("close", "--red"), ("bug", "--yellow")])
            rows.append(
                f'<div class="ell"><span style="color:var({sev[1]})">{icon(sev[0], 12)}</span> '
                f"{text.sentence(rng, 4, 9)} <span class='muted'>[Ln {rng.randint(1, 400)}, "
                f"Col {rng.randint(1, 80)}]</span></div>"
            )
        else:
            rows.append(f'<div class="ell mono">{rng.choice(["$ ", "", "", "> "])}{text.words(rng, 2, 10)}</div>')
    return (
        f'<div class="panel" style="height:{height}px"><div class="row muted" style="gap:20px;padding:0 14px;'
        f'font-size:.8em">{heads}</div><div style="padding:6px 14px;overflow:hidden">{"".join(rows)}</div></div>'
    )


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One IDE window with one or two editor groups and optional side bar, panel and overlays."""
    lang = rng.choices(list(LANGUAGES), weights=[4, 3, 2, 1])[0]
    ext, lang_name, _ = LANGUAGES[lang]
    files = [f"{snake(rng)}.{ext}" for _ in range(rng.randint(1, max(1, min(7, width // 220))))]
    line_px = int(theme.font_px * 1.4)
    panel_h = rng.randint(120, max(121, height // 3)) if rng.random() < 0.35 else 0
    lines_n = (height - panel_h) // line_px + 2
    activity = rng.random() < 0.75
    side = width >= 900 and rng.random() < 0.75
    split = width >= 1400 and rng.random() < 0.2
    minimap = width >= 1100 and rng.random() < 0.55
    left = ""
    if activity:
        items = ["file", "search", "branch", "bug", "puzzle"]
        on = rng.randrange(len(items)) if side else -1
        left += (
            '<div class="act">'
            + "".join(f'<span class="{"on" if i == on else ""}">{icon(n, 22, 1.6)}</span>' for i, n in enumerate(items))
            + "</div>"
        )
    if side:
        left += (
            f'<div class="side" style="width:{rng.randint(200, 300)}px">'
            f"{_side(rng, ext, files[0], height // line_px)}</div>"
        )
    editors = _editor(rng, lang, files, lines_n, minimap)
    if split:
        editors += '<div style="width:1px;background:var(--border)"></div>' + _editor(
            rng, lang, files[:2], lines_n, False
        )
    panel = _panel(rng, panel_h) if panel_h else ""
    accent_bar = rng.random() < 0.5
    status_style = (
        "background:var(--accent);color:var(--on-accent)"
        if accent_bar
        else "background:var(--panel);color:var(--muted);border-top:1px solid var(--border)"
    )
    status = (
        f'<div class="status" style="{status_style}">{icon("branch", 13)} {rng.choice(["main", "develop", snake(rng)])}'
        f"<span>{icon('close', 12)} {rng.randint(0, 5)}  {icon('bug', 12)} {rng.randint(0, 12)}</span>"
        f'<span class="grow"></span><span>Ln {rng.randint(1, 400)}, Col {rng.randint(1, 80)}</span>'
        f"<span>{rng.choice(['Spaces: 4', 'Spaces: 2', 'Tab Size: 4'])}</span><span>UTF-8</span>"
        f"<span>{lang_name}</span>{icon('bell', 13)}</div>"
    )
    overlay = ""
    roll = rng.random()
    if roll < 0.12:
        items = "".join(
            f'<div class="row {"sel" if i == 0 else ""}" style="padding:5px 12px"><span class="grow ell">'
            f"{text.title(rng, 2, 4)}</span><span class='muted'>Ctrl+{rng.choice('KPBJ')}</span></div>"
            for i in range(rng.randint(5, 10))
        )
        overlay = (
            f'<div class="palette"><div class="input" style="margin:6px;color:var(--text)">&gt; '
            f"{text.words(rng, 1, 2)}</div>{items}</div>"
        )
    elif roll < 0.22:
        overlay = widgets.context_menu(
            rng,
            width,
            height,
            ["Go to Definition", "Find All References", "Rename Symbol", "Format Document", "Cut", "Copy", "Paste"],
        )
    elif roll < 0.3:
        overlay = widgets.toast(rng, rng.choice(["Git: push succeeded.", "Extension installed.", "File saved."]))
    body = (
        f'<div class="col grow"><div class="row grow" style="align-items:stretch;gap:0">{left}'
        f'<div class="col grow"><div class="row grow" style="align-items:stretch;gap:0">{editors}</div>{panel}</div>'
        f"</div>{status}</div>{overlay}"
    )
    return document(rng, theme, f"{files[0]} — {snake(rng).replace('_', '-')} — Code", CSS, body)
