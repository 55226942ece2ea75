"""A chat app: team style (workspace rail, channels, flat message feed) or messenger style (bubbles)."""

from __future__ import annotations

import random

from benchmarks.browser_shots import text, widgets
from benchmarks.browser_shots.apps.source_code import SYNTAX_CSS, source_lines
from benchmarks.browser_shots.art import avatar, hsl, photo
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = (
    SYNTAX_CSS
    + """
.rail{flex:none;width:68px;background:var(--panel);display:flex;flex-direction:column;align-items:center;gap:10px;
 padding-top:12px;border-right:1px solid var(--border)}
.chans{flex:none;background:var(--panel);overflow:hidden;padding:calc(var(--pad) * 1.2) 0;
 border-right:1px solid var(--border)}
.chan{padding:calc(var(--pad) * .45) calc(var(--pad) * 2);display:flex;gap:8px;align-items:center;color:var(--muted)}
.chan.on{background:var(--accent);color:var(--on-accent)}
.chan.unread{color:var(--text);font-weight:700}
.head{flex:none;display:flex;align-items:center;gap:10px;padding:calc(var(--pad) * 1.2) calc(var(--pad) * 2);
 border-bottom:1px solid var(--border)}
.feed{flex:1;min-height:0;overflow:hidden;display:flex;flex-direction:column;justify-content:flex-end;
 padding:0 calc(var(--pad) * 2)}
.post{display:flex;gap:10px;padding:calc(var(--pad) * .8) 0}
.react{display:inline-flex;gap:4px;padding:0 8px;border:1px solid var(--border);border-radius:1em;font-size:.85em;
 margin:4px 4px 0 0;background:var(--raised)}
.snip{font-family:var(--mono);white-space:pre;background:var(--panel);border:1px solid var(--border);
 border-radius:var(--radius);padding:8px 10px;margin-top:4px;overflow:hidden;font-size:.9em}
.composer{flex:none;margin:calc(var(--pad) * 1.5) calc(var(--pad) * 2);border:1px solid var(--border);
 border-radius:calc(var(--radius) + 2px);padding:10px 12px;display:flex;gap:12px;align-items:center;color:var(--muted)}
.bub{max-width:min(62%,560px);padding:calc(var(--pad) * .9) calc(var(--pad) * 1.5);border-radius:14px;margin:3px 0;
 position:relative}
.me{align-self:flex-end;background:var(--accent);color:var(--on-accent)}
.them{align-self:flex-start;background:var(--raised);border:1px solid var(--border)}
.convo{display:flex;gap:10px;padding:calc(var(--pad) * 1.2) calc(var(--pad) * 1.6);align-items:center}
.convo.on{background:var(--soft)}
.day{align-self:center;font-size:.8em;color:var(--muted);margin:10px 0;padding:2px 10px;border-radius:1em;
 background:var(--panel)}
"""
)
REACTIONS = ["♥", "★", "✓", "☺", "☀", "☕", "♫", "✎", "⚑", "✔"]


def _message(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return f'<div class="snip">{"<br>".join(source_lines(rng, "python", rng.randint(2, 6)))}</div>'
    if roll < 0.14:
        return f'<div style="width:min(320px,60%);margin-top:4px">{photo(rng)}</div>'
    return text.paragraph(rng, 1, 3) if rng.random() < 0.3 else text.sentence(rng, 3, 18)


def _post(rng: random.Random, people: list[str], twelve: bool) -> str:
    who = rng.choice(people)
    reacts = ""
    if rng.random() < 0.25:
        reacts = "".join(
            f'<span class="react">{r} {rng.randint(1, 9)}</span>' for r in rng.sample(REACTIONS, rng.randint(1, 3))
        )
    thread = ""
    if rng.random() < 0.12:
        thread = f'<div style="color:var(--accent);font-size:.88em;margin-top:4px">{rng.randint(2, 30)} replies</div>'
    body = "".join(f"<div>{_message(rng)}</div>" for _ in range(rng.choice([1, 1, 1, 2, 3])))
    return (
        f'<div class="post">{avatar(rng, who, 36, square=True)}<div class="grow"><div><b>{who}</b> '
        f'<span class="muted" style="font-size:.8em">{text.clock(rng, twelve)}</span></div>{body}{reacts}{thread}'
        "</div></div>"
    )


def _team(rng: random.Random, width: int, height: int, twelve: bool) -> tuple[str, str]:
    people = [text.person(rng) for _ in range(rng.randint(4, 12))]
    channels = [text.words(rng, 1, 2).replace(" ", "-") for _ in range(rng.randint(6, 16))]
    current = rng.randrange(len(channels))
    rail = ""
    if rng.random() < 0.6:
        rail = (
            '<div class="rail">'
            + "".join(
                f'<div style="width:42px;height:42px;border-radius:{rng.choice(["12px", "50%"])};background:{hsl(rng)};'
                f'color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700">'
                f"{text.title(rng, 1, 1)[0]}</div>"
                for _ in range(rng.randint(2, 6))
            )
            + f'<div style="color:var(--muted)">{icon("plus", 22)}</div></div>'
        )
    rows = [
        f'<div class="chan b" style="color:var(--text);font-size:1.1em;margin-bottom:10px">'
        f"{text.title(rng, 1, 2)} {icon('down', 12)}</div>",
        f'<div class="chan">{icon("layers", 15)} Threads</div><div class="chan">{icon("bell", 15)} Mentions</div>',
        '<div class="chan muted" style="margin-top:10px;font-size:.85em">▾ Channels</div>',
    ]
    for i, name in enumerate(channels):
        cls = "on" if i == current else ("unread" if rng.random() < 0.3 else "")
        badge = (
            f'<span class="badge" style="margin-left:auto">{rng.randint(1, 12)}</span>'
            if cls == "unread" and rng.random() < 0.5
            else ""
        )
        rows.append(f'<div class="chan {cls}">{icon("hash", 14)}<span class="ell">{name}</span>{badge}</div>')
    rows.append('<div class="chan muted" style="margin-top:10px;font-size:.85em">▾ Direct messages</div>')
    for who in people[:6]:
        rows.append(f'<div class="chan">{avatar(rng, who, 20, square=True)}<span class="ell">{who}</span></div>')
    sidebar = f'{rail}<div class="chans col" style="width:{rng.randint(220, 280)}px">{"".join(rows)}</div>'
    posts = "".join(_post(rng, people, twelve) for _ in range(height // 60 + 2))
    day = f'<div class="day" style="align-self:center">{rng.choice(["Today", "Yesterday", text.short_date(rng)])}</div>'
    head = (
        f'<div class="head">{icon("hash", 18)}<b style="font-size:1.1em">{channels[current]}</b><span class="muted ell '
        f'grow">{text.sentence(rng, 3, 8)}</span>{icon("user", 16)} {len(people)}{icon("search", 16)}</div>'
    )
    composer = (
        f'<div class="composer">{icon("plus", 18)}<span class="grow">Message #{channels[current]}</span>'
        f"{icon('smile', 18)}{icon('send', 18)}</div>"
    )
    thread = ""
    if width >= 1300 and rng.random() < 0.25:
        replies = "".join(_post(rng, people, twelve) for _ in range(height // 90))
        thread = (
            f'<div class="col" style="width:{rng.randint(320, 420)}px;border-left:1px solid var(--border)">'
            f'<div class="head"><b class="grow">Thread</b>{icon("close", 14)}</div><div class="feed">'
            f"{replies}</div></div>"
        )
    main = f'<div class="col grow">{head}<div class="feed">{day}{posts}</div>{composer}</div>{thread}'
    return sidebar + main, channels[current]


def _messenger(rng: random.Random, width: int, height: int, twelve: bool) -> tuple[str, str]:
    contacts = [text.person(rng) for _ in range(height // 64 + 2)]
    current = rng.randrange(min(len(contacts), 6))
    convos = "".join(
        f'<div class="convo {"on" if i == current else ""}">{avatar(rng, who, 44)}<div class="grow col">'
        f'<div class="row"><b class="grow ell">{who}</b><span class="muted" style="font-size:.8em">'
        f'{text.clock(rng, twelve)}</span></div><div class="row"><span class="muted ell grow">'
        f"{text.sentence(rng, 3, 10)}"
        f"</span>{f'<span class=badge>{rng.randint(1, 20)}</span>' if rng.random() < 0.25 else ''}</div></div></div>"
        for i, who in enumerate(contacts)
    )
    sidebar = (
        f'<div class="chans col" style="width:{rng.randint(280, 360)}px;padding-top:0"><div class="head">'
        f"{icon('menu', 18)}{widgets.search_box('Search', '100%')}</div>{convos}</div>"
    )
    bubbles = []
    for _ in range(height // 50 + 2):
        if rng.random() < 0.08:
            bubbles.append(f'<div class="day">{rng.choice(["Today", "Yesterday", text.short_date(rng)])}</div>')
        side = rng.choice(["me", "them"])
        ticks = " ✓✓" if side == "me" else ""
        bubbles.append(
            f'<div class="bub {side}">{_message(rng)}<div style="font-size:.72em;opacity:.7;text-align:right">'
            f"{text.clock(rng, twelve)}{ticks}</div></div>"
        )
    who = contacts[current]
    head = (
        f'<div class="head">{avatar(rng, who, 38)}<div class="grow"><b>{who}</b><div class="muted" '
        f'style="font-size:.85em">{rng.choice(["online", "last seen recently", "typing…"])}</div></div>'
        f"{icon('phone', 18)}{icon('video', 18)}{icon('more', 18)}</div>"
    )
    wallpaper = (
        "background:var(--bg)" if rng.random() < 0.5 else f"background:color-mix(in srgb,{hsl(rng)} 12%,var(--bg))"
    )
    composer = (
        f'<div class="composer" style="border-radius:24px">{icon("smile", 18)}<span class="grow">'
        f"Write a message…</span>{icon('clip', 18)}{icon('mic', 18)}</div>"
    )
    main = f'<div class="col grow" style="{wallpaper}">{head}<div class="feed">{"".join(bubbles)}</div>{composer}</div>'
    return sidebar + main, who


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One chat window in team or messenger style."""
    twelve = rng.random() < 0.5
    style = rng.choice(["team", "team", "messenger"])
    body, current = (_team if style == "team" else _messenger)(rng, width, height, twelve)
    overlay = ""
    roll = rng.random()
    if roll < 0.1:
        overlay = widgets.context_menu(
            rng,
            width,
            height,
            ["Reply in thread", "Add reaction", "Copy link", "Pin to channel", "Edit message", "Delete message"],
        )
    elif roll < 0.18:
        overlay = widgets.dialog(
            rng, "Create a channel", widgets.form_fields(rng, ["Name", "Description"]), ("Cancel", "Create")
        )
    title = f"{current} – {rng.choice(['Chat', 'Messages', 'Team'])}"
    return document(
        rng, theme, title, CSS, f'<div class="row grow" style="align-items:stretch;gap:0">{body}</div>{overlay}'
    )
