"""Pieces many apps draw the same way: menus, dialogs, toasts, toggles, segmented controls."""

from __future__ import annotations

import random

from benchmarks.browser_shots import text
from benchmarks.browser_shots.icons import icon

_POPUP = (
    "position:absolute;z-index:20;background:var(--raised);border:1px solid var(--border);"
    "border-radius:var(--radius);box-shadow:var(--shadow);"
)


def menu(rng: random.Random, items: list[str], left: str, top: str) -> str:
    """A context or drop-down menu at a CSS position, one item hovered, separators between groups."""
    hovered = rng.randrange(len(items))
    rows = []
    for i, label in enumerate(items):
        if i and rng.random() < 0.2:
            rows.append('<div class="sep" style="margin:4px 0"></div>')
        cls = "sel" if i == hovered else ""
        shortcut = f"Ctrl+{rng.choice('ABCDEFKLMNPSZ')}" if rng.random() < 0.4 else ""
        rows.append(
            f'<div class="row {cls}" style="padding:calc(var(--pad)*.6) calc(var(--pad)*1.6);gap:24px">'
            f'<span class="grow">{label}</span><span class="muted" style="font-size:.85em">{shortcut}</span></div>'
        )
    return f'<div style="{_POPUP}left:{left};top:{top};min-width:200px;padding:4px 0">{"".join(rows)}</div>'


def context_menu(rng: random.Random, width: int, height: int, items: list[str]) -> str:
    """A menu somewhere in the middle of the window, as if right-clicked."""
    return menu(rng, items, f"{rng.randint(15, 60) * width // 100}px", f"{rng.randint(15, 55) * height // 100}px")


def dialog(rng: random.Random, title: str, body: str, buttons: tuple[str, str] = ("Cancel", "OK")) -> str:
    """A modal dialog over a dimmed window."""
    width = rng.choice([360, 420, 480, 560])
    return (
        '<div style="position:absolute;inset:0;z-index:30;background:rgba(0,0,0,.38);display:flex;'
        'align-items:center;justify-content:center">'
        f'<div style="{_POPUP}position:static;width:{width}px;max-width:90%;padding:calc(var(--pad)*2.4)">'
        f'<div class="row" style="margin-bottom:12px"><b class="grow" style="font-size:1.15em">{title}</b>'
        f'{icon("close", 14)}</div><div style="margin-bottom:16px">{body}</div>'
        f'<div class="row" style="justify-content:flex-end"><span class="btn">{buttons[0]}</span>'
        f'<span class="btn primary">{buttons[1]}</span></div></div></div>'
    )


def form_fields(rng: random.Random, labels: list[str]) -> str:
    """Labelled inputs for a dialog body, filled or showing a placeholder."""
    rows = []
    for label in labels:
        value = text.title(rng, 1, 3) if rng.random() < 0.6 else f'<span class="muted">{text.words(rng, 1, 2)}</span>'
        rows.append(
            f'<div style="margin-bottom:10px"><div class="muted" style="font-size:.85em;margin-bottom:3px">'
            f'{label}</div><div class="input" style="color:var(--text)">{value}</div></div>'
        )
    return "".join(rows)


def toast(rng: random.Random, message: str) -> str:
    """A notification in a bottom corner."""
    side = rng.choice(["left", "right"])
    return (
        f'<div class="row" style="{_POPUP}{side}:24px;bottom:24px;padding:calc(var(--pad)*1.4) calc(var(--pad)*2);'
        f'max-width:360px">{icon("bell", 16)}<span class="grow">{message}</span>'
        f'<b style="color:var(--accent)">Undo</b></div>'
    )


def toggle(on: bool) -> str:
    """A switch control."""
    knob = "left:18px" if on else "left:2px"
    bg = "var(--accent)" if on else "var(--hover)"
    return (
        f'<span style="position:relative;display:inline-block;width:36px;height:20px;border-radius:10px;'
        f'background:{bg};flex:none"><span style="position:absolute;top:2px;{knob};width:16px;height:16px;'
        'border-radius:50%;background:#fff"></span></span>'
    )


def segmented(options: list[str], active: int) -> str:
    """A row of joined buttons with one pressed, like view switchers."""
    parts = []
    for i, label in enumerate(options):
        style = "background:var(--accent);color:var(--on-accent)" if i == active else "background:var(--raised)"
        parts.append(f'<span style="padding:calc(var(--pad)*.5) calc(var(--pad)*1.4);{style}">{label}</span>')
    return (
        '<span style="display:inline-flex;border:1px solid var(--border);border-radius:var(--radius);'
        f'overflow:hidden;white-space:nowrap;flex:none">{"".join(parts)}</span>'
    )


def search_box(placeholder: str, width: str = "260px") -> str:
    """A search field with its magnifier icon."""
    return f'<div class="input" style="width:{width}">{icon("search", 14)}<span class="ell">{placeholder}</span></div>'
