"""A mail client: folder pane, message list and reading pane, in three, two or one column layouts."""

from __future__ import annotations

import random

from benchmarks.browser_shots import text, widgets
from benchmarks.browser_shots.art import avatar, hsl, photo
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = """
.top{height:calc(var(--fs) * 2 + var(--pad) * 2.4);flex:none;display:flex;align-items:center;gap:12px;
 padding:0 calc(var(--pad) * 2);border-bottom:1px solid var(--border);background:var(--panel)}
.folders{background:var(--panel);border-right:1px solid var(--border);padding:var(--pad);flex:none;overflow:hidden}
.fold{padding:calc(var(--pad) * .55) var(--pad);border-radius:var(--radius);gap:10px}
.fold.on{background:var(--soft);color:var(--accent);font-weight:700}
.list{border-right:1px solid var(--border);overflow:hidden;flex:none}
.msg{padding:calc(var(--pad) * 1.1) calc(var(--pad) * 1.6);border-bottom:1px solid var(--border);gap:10px;
 align-items:flex-start}
.msg.unread .who,.msg.unread .subj{font-weight:700}
.msg.on{background:var(--soft);box-shadow:inset 3px 0 var(--accent)}
.line{display:flex;align-items:center;gap:8px;padding:calc(var(--pad) * .7) calc(var(--pad) * 1.6);
 border-bottom:1px solid var(--border);white-space:nowrap}
.line.unread{font-weight:700;background:var(--raised)}
.read{padding:calc(var(--pad) * 2.5) calc(var(--pad) * 3.5);overflow:hidden}
.read p{margin:0 0 1em;max-width:70em}
.quote{border-left:3px solid var(--border);padding-left:12px;color:var(--muted)}
.att{border:1px solid var(--border);border-radius:var(--radius);padding:8px 12px;gap:8px;background:var(--raised)}
.compose{position:absolute;right:24px;bottom:0;width:min(520px,60%);height:min(420px,70%);background:var(--raised);
 border:1px solid var(--border);border-radius:var(--radius) var(--radius) 0 0;box-shadow:var(--shadow);z-index:10}
"""
FOLDERS = ["Inbox", "Starred", "Snoozed", "Sent", "Drafts", "Archive", "Spam", "Trash"]
FOLDER_ICONS = ["inbox", "star", "clock", "send", "file", "archive", "bug", "trash"]


def _folders(rng: random.Random, collapsed: bool, current: int) -> str:
    rows = [
        f'<div class="btn primary" style="margin:4px 0 12px">{icon("edit", 14)}{"" if collapsed else "Compose"}</div>'
    ]
    for i, (name, ico) in enumerate(zip(FOLDERS, FOLDER_ICONS, strict=True)):
        count = f'<span class="muted">{rng.randint(1, 240)}</span>' if i in (0, 2, 4) and not collapsed else ""
        label = "" if collapsed else f'<span class="grow">{name}</span>{count}'
        rows.append(f'<div class="row fold {"on" if i == current else ""}">{icon(ico, 16)}{label}</div>')
    if not collapsed:
        rows.append('<div class="muted b" style="margin:14px 8px 6px;font-size:.8em">LABELS</div>')
        for _ in range(rng.randint(3, 8)):
            rows.append(
                f'<div class="row fold"><span class="dot" style="background:{hsl(rng)};width:10px;height:10px">'
                f"</span>{text.title(rng, 1, 2)}</div>"
            )
    return (
        f'<div class="folders col" style="width:{56 if collapsed else rng.randint(190, 250)}px">{"".join(rows)}</div>'
    )


def _card(rng: random.Random, on: bool, avatars: bool, twelve: bool) -> str:
    name = text.person(rng)
    unread = rng.random() < 0.35
    flags = icon("clip", 13) if rng.random() < 0.2 else ""
    flags += f'<span style="color:var(--yellow)">{icon("star", 13)}</span>' if rng.random() < 0.15 else ""
    when = text.clock(rng, twelve) if rng.random() < 0.4 else text.short_date(rng)
    return (
        f'<div class="row msg {"unread" if unread else ""} {"on" if on else ""}">'
        f"{avatar(rng, name, 34) if avatars else ''}<div class='col grow'>"
        f'<div class="row"><span class="who grow ell">{name}</span>{flags}<span class="muted" '
        f'style="font-size:.85em">{when}</span></div><div class="subj ell">{text.title(rng, 2, 7)}</div>'
        f'<div class="muted ell" style="font-size:.92em">{text.sentence(rng, 8, 18)}</div></div></div>'
    )


def _line(rng: random.Random, twelve: bool) -> str:
    unread = rng.random() < 0.3
    tag = f'<span class="chip">{text.title(rng, 1, 1)}</span>' if rng.random() < 0.2 else ""
    check = '<span style="width:14px;height:14px;border:1.5px solid var(--muted);border-radius:3px;flex:none"></span>'
    star = icon("star", 14) if rng.random() < 0.2 else '<span class="muted">' + icon("star", 14) + "</span>"
    when = text.clock(rng, twelve) if rng.random() < 0.3 else text.short_date(rng)
    return (
        f'<div class="line {"unread" if unread else ""}">{check}{star}<span class="ell" style="width:190px;flex:none">'
        f'{text.person(rng)}</span>{tag}<span class="ell grow">{text.title(rng, 2, 6)} <span class="muted" '
        f'style="font-weight:400">— {text.sentence(rng, 6, 16)}</span></span><span>{when}</span></div>'
    )


def _reading(rng: random.Random, twelve: bool) -> str:
    sender = text.person(rng)
    tools = "".join(f'<span class="btn flat">{icon(n, 16)}</span>' for n in ("reply", "archive", "trash", "more"))
    paragraphs = [f"<p>{rng.choice(['Hi', 'Hello', 'Dear', 'Hey'])} {text.person(rng).split()[0]},</p>"]
    paragraphs += [f"<p>{text.paragraph(rng, 1, 5)}</p>" for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.25:
        paragraphs.insert(2, f'<div style="width:min(420px,80%);margin:0 0 1em">{photo(rng)}</div>')
    paragraphs.append(f"<p>{rng.choice(['Best', 'Thanks', 'Cheers', 'Regards'])},<br>{sender}</p>")
    if rng.random() < 0.4:
        paragraphs.append(
            f'<div class="quote"><p>On {text.short_date(rng)}, {text.person(rng)} wrote:</p>'
            f"<p>{text.paragraph(rng, 2, 4)}</p></div>"
        )
    attachments = ""
    if rng.random() < 0.35:
        files = "".join(
            f'<div class="row att">{icon("file", 18)}<div><div>{text.filename(rng, ["pdf", "xlsx", "png", "zip"])}'
            f'</div><div class="muted" style="font-size:.8em">{rng.randint(12, 980)} KB</div></div></div>'
            for _ in range(rng.randint(1, 3))
        )
        attachments = f'<div class="row" style="flex-wrap:wrap;margin:8px 0 16px">{files}</div>'
    serif = "font-family:'Liberation Serif',serif;font-size:1.1em;" if rng.random() < 0.2 else ""
    return (
        f'<div class="read col grow"><div class="row" style="justify-content:flex-end;margin-bottom:10px">{tools}</div>'
        f'<h2 style="font-size:1.45em;margin-bottom:14px">{text.title(rng, 3, 8)}</h2>'
        f'<div class="row" style="margin-bottom:18px">{avatar(rng, sender, 40)}<div class="grow">'
        f'<b>{sender}</b> <span class="muted">&lt;{text.email(rng, sender)}&gt;</span><div class="muted" '
        f'style="font-size:.88em">to me, {text.person(rng)}</div></div><span class="muted">'
        f"{text.short_date(rng)}, {text.clock(rng, twelve)}</span></div>{attachments}"
        f'<div style="{serif}">{"".join(paragraphs)}</div></div>'
    )


def _compose(rng: random.Random) -> str:
    fields = "".join(
        f'<div class="row" style="padding:8px 14px;border-bottom:1px solid var(--border)">'
        f'<span class="muted">{k}</span>'
        f"{v}</div>"
        for k, v in (("To", text.email(rng, text.person(rng))), ("Subject", text.title(rng, 2, 5)))
    )
    return (
        f'<div class="compose col"><div class="row" style="padding:10px 14px;background:var(--panel)">'
        f'<b class="grow">New message</b>{icon("close", 14)}</div>{fields}'
        f'<div class="grow" style="padding:14px">{text.paragraph(rng, 1, 3)}</div>'
        f'<div class="row" style="padding:10px 14px"><span class="btn primary">Send</span>{icon("clip", 16)}</div>'
        "</div>"
    )


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One mail client window; layout follows the window width like a responsive client does."""
    twelve = rng.random() < 0.5
    layout = rng.choice(["three", "three", "two", "lines"]) if width >= 1000 else rng.choice(["two", "lines"])
    collapsed = layout == "two" or rng.random() < 0.25
    current = rng.choices(range(len(FOLDERS)), weights=[8, 1, 1, 2, 1, 1, 1, 1])[0]
    rows = height // (theme.font_px * 4 + theme.pad_px * 2) + 2
    if layout == "lines":
        body = "".join(_line(rng, twelve) for _ in range(height // (theme.font_px + theme.pad_px * 2) + 2))
        main = f'<div class="col grow" style="overflow:hidden">{body}</div>'
    else:
        on = rng.randrange(min(rows, 8))
        avatars = rng.random() < 0.6
        cards = "".join(_card(rng, i == on, avatars, twelve) for i in range(rows))
        list_width = rng.randint(300, 420) if layout == "three" else min(rng.randint(320, 400), width // 3)
        main = f'<div class="list col" style="width:{list_width}px">{cards}</div>{_reading(rng, twelve)}'
    app = rng.choice(["Mail", "Inbox", "Mailbox", "Post"])
    top = (
        f'<div class="top">{icon("menu", 18)}<b style="font-size:1.1em;color:var(--accent)">{app}</b>'
        f'<span style="width:40px"></span>{widgets.search_box("Search mail", "min(560px,45%)")}<span class="grow">'
        f"</span>{icon('settings', 18)}{icon('bell', 18)}{avatar(rng, text.person(rng), 30)}</div>"
    )
    overlay = ""
    roll = rng.random()
    if roll < 0.18:
        overlay = _compose(rng)
    elif roll < 0.28:
        overlay = widgets.context_menu(
            rng, width, height, ["Reply", "Reply all", "Forward", "Mark as unread", "Move to…", "Label as…", "Delete"]
        )
    elif roll < 0.35:
        overlay = widgets.toast(rng, rng.choice(["Conversation archived.", "Message sent.", "Moved to Trash."]))
    body = (
        f'<div class="col grow">{top}<div class="row grow" style="align-items:stretch;gap:0">'
        f"{_folders(rng, collapsed, current)}{main}</div></div>{overlay}"
    )
    return document(rng, theme, f"{FOLDERS[current]} – {app}", CSS, body)
