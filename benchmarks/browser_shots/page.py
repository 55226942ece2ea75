"""The HTML document around an app: base CSS, theme variables and an optional window title bar.

The title bar style (none when maximised, macOS, GNOME, Windows) is drawn independently of the app,
as it is in real screenshots, so the frame itself says nothing about which program is inside.
"""

from __future__ import annotations

import random
from html import escape

from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.themes import Theme, theme_css

BASE_CSS = """
*{box-sizing:border-box;margin:0;padding:0}
html,body{width:100%;height:100%;overflow:hidden;color-scheme:var(--scheme)}
body{display:flex;flex-direction:column;background:var(--bg);color:var(--text);font-family:var(--font);
 font-size:var(--fs);line-height:1.4}
.app{flex:1;min-height:0;display:flex;overflow:hidden;position:relative}
.ico{display:inline-block;vertical-align:middle;flex:none}
.muted{color:var(--muted)} .b{font-weight:700} .mono{font-family:var(--mono)}
.ell{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;min-width:0}
.row{display:flex;align-items:center;gap:calc(var(--pad) * .8);min-width:0}
.col{display:flex;flex-direction:column;min-width:0;min-height:0}
.grow{flex:1;min-width:0;min-height:0}
.btn{display:inline-flex;align-items:center;gap:6px;padding:calc(var(--pad) * .6) calc(var(--pad) * 1.5);
 border:1px solid var(--border);border-radius:var(--radius);background:var(--raised);color:var(--text);
 white-space:nowrap;font-size:.95em}
.btn.primary{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.btn.flat{background:transparent;border-color:transparent}
.input{display:flex;align-items:center;gap:6px;padding:calc(var(--pad) * .6) var(--pad);min-width:0;
 border:1px solid var(--border);border-radius:var(--radius);background:var(--raised);color:var(--muted)}
.badge{display:inline-block;min-width:1.6em;padding:0 .45em;border-radius:1em;background:var(--accent);
 color:var(--on-accent);font-size:.78em;font-weight:700;text-align:center;line-height:1.6}
.chip{display:inline-flex;align-items:center;gap:4px;padding:1px 8px;border-radius:1em;font-size:.82em;
 background:var(--hover);color:var(--text);white-space:nowrap}
.sel{background:var(--soft)}
.sep{border-top:1px solid var(--border);margin:var(--pad) 0}
.tbar{height:30px;flex:none;display:flex;align-items:center;background:var(--panel);
 border-bottom:1px solid var(--border);font:13px 'DejaVu Sans',sans-serif;color:var(--muted);padding:0 10px;gap:8px}
.tbar .t{flex:1;text-align:center;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dot{width:12px;height:12px;border-radius:50%;display:inline-block}
.wbtn{width:40px;display:flex;justify-content:center}
"""


def _title_bar(rng: random.Random, title: str) -> str:
    style = rng.choices(["none", "mac", "gnome", "windows"], weights=[35, 25, 20, 20])[0]
    t = escape(title)
    if style == "mac":
        dots = "".join(f'<span class="dot" style="background:{c}"></span>' for c in ("#ff5f57", "#febc2e", "#28c840"))
        return f'<div class="tbar">{dots}<span class="t">{t}</span><span style="width:52px"></span></div>'
    if style == "gnome":
        return (
            f'<div class="tbar" style="height:38px"><span class="btn flat">{icon("menu", 14)}</span>'
            f'<span class="t b">{t}</span>{icon("more", 14)}<span class="wbtn">{icon("close", 14)}</span></div>'
        )
    if style == "windows":
        buttons = "".join(f'<span class="wbtn">{icon(n, 12, 1.5)}</span>' for n in ("down", "grid", "close"))
        title_left = f'<span class="t" style="text-align:left">{t}</span>'
        return f'<div class="tbar" style="padding-right:0">{title_left}{buttons}</div>'
    return ""


def document(rng: random.Random, theme: Theme, title: str, css: str, body: str) -> str:
    """A complete, self-contained page: nothing in it may reach the network."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title><style>"
        f"{theme_css(theme)}{BASE_CSS}{css}</style></head><body>{_title_bar(rng, title)}"
        f'<div class="app">{body}</div></body></html>'
    )
