"""A calendar: month grid, week or day time grid, or agenda list, with mini-month sidebar and popovers."""

from __future__ import annotations

import calendar as cal
import random
from dataclasses import dataclass

from benchmarks.browser_shots import text, widgets
from benchmarks.browser_shots.art import avatar, series_colours
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = """
.top{flex:none;display:flex;align-items:center;gap:12px;padding:calc(var(--pad) * 1.2) calc(var(--pad) * 2);
 border-bottom:1px solid var(--border)}
.side{flex:none;padding:calc(var(--pad) * 1.5);overflow:hidden;border-right:1px solid var(--border);
 background:var(--panel)}
.mini{display:grid;grid-template-columns:repeat(7,1fr);text-align:center;font-size:.78em;gap:2px;margin:10px 0 18px}
.mini span{padding:3px 0;border-radius:50%}
.month{display:grid;grid-template-columns:repeat(7,minmax(0,1fr));flex:1;min-height:0}
.month .h{padding:6px;text-align:center;font-size:.8em;color:var(--muted);border-bottom:1px solid var(--border)}
.cell{border-right:1px solid var(--border);border-bottom:1px solid var(--border);padding:4px;overflow:hidden;
 min-height:0;display:flex;flex-direction:column;gap:2px}
.num{font-size:.85em;text-align:center;width:1.9em;height:1.9em;line-height:1.9em;border-radius:50%;align-self:center}
.today{background:var(--accent);color:var(--on-accent);font-weight:700}
.ev{font-size:.8em;padding:1px 6px;border-radius:calc(var(--radius) * .6);white-space:nowrap;overflow:hidden;
 text-overflow:ellipsis;flex:none}
.grid{position:relative;flex:1;min-height:0;overflow:hidden;display:flex}
.gut{flex:none;width:58px;font-size:.75em;color:var(--muted);text-align:right;padding-right:8px}
.day{flex:1;min-width:0;position:relative;border-left:1px solid var(--border)}
.blk{position:absolute;border-radius:calc(var(--radius) * .7);padding:3px 6px;font-size:.8em;overflow:hidden;
 line-height:1.3;border:1px solid var(--bg)}
.blk b,.blk div{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.pop{position:absolute;z-index:20;width:330px;background:var(--raised);border:1px solid var(--border);
 border-radius:var(--radius);box-shadow:var(--shadow);padding:calc(var(--pad) * 2)}
"""
EVENTS = [
    "Standup",
    "Design review",
    "Lunch",
    "Gym",
    "Dentist",
    "Sprint planning",
    "Focus time",
    "Retro",
    "Team sync",
    "Interview",
    "Coffee",
    "Yoga",
    "Demo day",
    "Budget review",
    "All hands",
    "Pick up kids",
    "Call with",
    "1:1 with",
    "Flight to",
    "Dinner with",
    "Workshop:",
    "Offsite:",
]


@dataclass(frozen=True)
class _Look:
    """Choices shared by every event in one screenshot."""

    colours: list[str]
    twelve: bool
    style: str  # fill, tint or dot


def _event_title(rng: random.Random) -> str:
    base = rng.choice(EVENTS)
    if base.endswith(("with", "to")):
        return f"{base} {text.person(rng).split()[0] if base != 'Flight to' else text.title(rng, 1, 1)}"
    return f"{base} {text.title(rng, 1, 2)}" if base.endswith(":") or rng.random() < 0.3 else base


def _chip(rng: random.Random, colour: str, style: str, twelve: bool) -> str:
    title = _event_title(rng)
    if style == "fill":
        return f'<div class="ev" style="background:{colour};color:#fff">{title}</div>'
    if style == "tint":
        return (
            f'<div class="ev" style="background:color-mix(in srgb,{colour} 25%,transparent);'
            f'border-left:3px solid {colour}">{title}</div>'
        )
    return (
        f'<div class="ev"><span class="dot" style="width:8px;height:8px;background:{colour}"></span> '
        f'<span class="muted">{text.clock(rng, twelve)}</span> {title}</div>'
    )


def _time(minutes: int, twelve: bool) -> str:
    hour, minute = divmod(minutes % (24 * 60), 60)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}" if twelve else f"{hour:02d}:{minute:02d}"


def _month(rng: random.Random, year: int, month: int, today: int, first: int, h: int, fs: int, look: _Look) -> str:
    weeks = cal.Calendar(first).monthdatescalendar(year, month)
    names = [cal.day_abbr[(first + i) % 7] for i in range(7)]
    upper = rng.random() < 0.5
    cells = [f'<div class="h">{n.upper() if upper else n}</div>' for n in names]
    fits = max(0, (h - 90) // len(weeks) // int(fs * 1.75) - 1)  # leaves room for '+N more' under any title bar
    for week in weeks:
        for d in week:
            cls = "num today" if d.month == month and d.day == today else "num"
            label = f"{cal.month_abbr[d.month]} {d.day}" if d.day == 1 else str(d.day)
            colour = "" if d.month == month else "color:var(--muted);opacity:.7"
            colour += ";width:auto;padding:0 .6em;border-radius:1em" if d.day == 1 else ""
            n = rng.choice([0, 0, 1, 1, 2, 3, 4, 5])
            chips = "".join(_chip(rng, rng.choice(look.colours), look.style, look.twelve) for _ in range(min(n, fits)))
            more = f'<div class="ev muted">+{n - fits} more</div>' if n > fits else ""
            cells.append(f'<div class="cell"><div class="{cls}" style="{colour}">{label}</div>{chips}{more}</div>')
    return f'<div class="month" style="grid-template-rows:auto repeat({len(weeks)},1fr)">{"".join(cells)}</div>'


def _days(rng: random.Random, days: list[str], today_col: int, h: int, look: _Look) -> str:
    hour_px = rng.choice([40, 48, 56, 64])
    start = rng.randint(0, 9)
    hours = range(start, min(24, start + h // hour_px + 2))
    label = (lambda x: f"{(x - 1) % 12 + 1} {'AM' if x < 12 else 'PM'}") if look.twelve else (lambda x: f"{x:02d}:00")
    lines = "".join(
        f'<div style="position:absolute;left:0;right:0;top:{(x - start) * hour_px}px;'
        'border-top:1px solid var(--border)"></div>'
        for x in hours
    )
    gutter = "".join(f'<div style="height:{hour_px}px;transform:translateY(-.6em)">{label(x)}</div>' for x in hours)
    columns = []
    for col in range(len(days)):
        blocks = []
        for _ in range(rng.randint(3, 7) if len(days) == 1 else rng.choice([0, 1, 2, 2, 3, 4, 5])):
            slot = rng.randint(0, len(hours) * 2 - 2)
            top = slot * hour_px // 2
            span = rng.choice([1, 1, 2, 2, 3, 4, 6]) * hour_px // 2
            colour = rng.choice(look.colours)
            left, right = rng.choice([(2, 4), (2, 4), (2, 50), (50, 4)])
            right_css = f"{right}%" if right == 50 else f"{right}px"
            fill = colour if look.style == "fill" else f"color-mix(in srgb,{colour} 30%,var(--bg))"
            tcolour = "#fff" if look.style == "fill" else "var(--text)"
            where = f"<div>{text.title(rng, 1, 2)}</div>" if span >= hour_px * 1.5 else ""
            blocks.append(
                f'<div class="blk" style="top:{top}px;height:{span - 2}px;left:{left}%;right:{right_css};background:'
                f'{fill};color:{tcolour};border-left:3px solid {colour}"><b>{_event_title(rng)}</b>'
                f'<div style="opacity:.85">{_time(start * 60 + slot * 30, look.twelve)}</div>{where}</div>'
            )
        if col == today_col:
            blocks.append(
                f'<div style="position:absolute;left:0;right:0;top:{rng.randint(0, h - 80)}px;'
                'border-top:2px solid var(--red);z-index:2"></div>'
            )
        columns.append(f'<div class="day">{"".join(blocks)}</div>')
    head = "".join(
        f'<div class="grow" style="text-align:center;padding:6px 0"><div class="muted" style="font-size:.8em">'
        f'{name}</div><div class="num {"today" if i == today_col else ""}" style="margin:auto;font-size:1.3em">'
        f"{num}</div></div>"
        for i, (name, num) in enumerate(d.split() for d in days)
    )
    return (
        f'<div class="col grow"><div class="row" style="padding-left:58px;border-bottom:1px solid var(--border);'
        f'gap:0">{head}</div><div class="grid"><div style="position:absolute;inset:0 0 0 58px">{lines}</div>'
        f'<div class="gut">{gutter}</div>{"".join(columns)}</div></div>'
    )


def _agenda(rng: random.Random, month: int, h: int, look: _Look) -> str:
    rows, day = [], rng.randint(1, 10)
    while len(rows) < h // 30:
        date = f'<div style="width:110px" class="b">{day} {cal.month_abbr[month]}, {cal.day_abbr[day % 7]}</div>'
        for j in range(rng.randint(1, 4)):
            rows.append(
                f'<div class="row" style="padding:8px 20px;border-bottom:1px solid var(--border)">'
                f'{date if j == 0 else "<div style=width:110px></div>"}<span class="dot" style="background:'
                f'{rng.choice(look.colours)}"></span><span style="width:140px" class="muted">'
                f'{text.clock(rng, look.twelve)} – {text.clock(rng, look.twelve)}</span><span class="grow ell">'
                f"{_event_title(rng)}</span></div>"
            )
        day = min(28, day + rng.randint(1, 3))
    return f'<div class="col grow" style="overflow:hidden">{"".join(rows)}</div>'


def _sidebar(rng: random.Random, year: int, month: int, today: int, first: int, colours: list[str]) -> str:
    heads = "".join(f'<span class="muted">{cal.day_abbr[(first + i) % 7][0]}</span>' for i in range(7))
    nums = "".join(
        f'<span class="{"today" if d.month == month and d.day == today else ""}" style="'
        f'{"" if d.month == month else "color:var(--muted)"}">{d.day}</span>'
        for w in cal.Calendar(first).monthdatescalendar(year, month)
        for d in w
    )
    cals = "".join(
        f'<div class="row" style="padding:4px 0"><span style="width:14px;height:14px;border-radius:3px;'
        f'background:{c}"></span>{name}</div>'
        for c, name in zip(
            colours, ["Personal", "Work", text.person(rng), "Holidays", "Birthdays", "Family"], strict=False
        )
    )
    return (
        f'<div class="side col" style="width:{rng.randint(210, 260)}px"><span class="btn primary" style="align-self:'
        f'flex-start">{icon("plus", 14)} Create</span><div class="row" style="margin-top:16px"><b class="grow">'
        f'{cal.month_name[month]} {year}</b>{icon("left", 14)}{icon("right", 14)}</div><div class="mini">{heads}'
        f'{nums}</div><div class="muted b" style="font-size:.85em">My calendars</div>{cals}</div>'
    )


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One calendar window: month, week, work-week, day or agenda view."""
    year, month, first = rng.randint(2023, 2026), rng.randint(1, 12), rng.choice([0, 0, 6])
    today = rng.randint(1, 28)
    look = _Look(
        colours=series_colours(rng, theme.accent, rng.randint(3, 6)),
        twelve=rng.random() < 0.5,
        style=rng.choice(["fill", "tint", "dot"]),
    )
    view = rng.choices(["Month", "Week", "Day", "Agenda"], weights=[4, 4, 1, 1])[0]
    days_n = {"Week": rng.choice([7, 7, 5]), "Day": 1}.get(view, 0)
    sidebar = _sidebar(rng, year, month, today, first, look.colours) if width >= 1000 and rng.random() < 0.6 else ""
    h = height - 80
    if view == "Month":
        main = _month(rng, year, month, today, first, h, theme.font_px, look)
    elif view == "Agenda":
        main = _agenda(rng, month, h, look)
    else:
        start = rng.randint(1, 20)
        days = [f"{cal.day_abbr[(first + i) % 7]} {start + i}" for i in range(days_n)]
        main = _days(rng, days, rng.randrange(days_n) if rng.random() < 0.8 else -1, h - 50, look)
    views = ["Day", "Week", "Month", "Year"]
    switch = widgets.segmented(views, views.index(view)) if view in views else f'<span class="btn">{view} ▾</span>'
    top = (
        f'<div class="top">{icon("menu", 18)}{icon("calendar", 22)}<span style="font-size:1.25em">Calendar</span>'
        f'<span class="btn" style="margin-left:20px">Today</span>{icon("left", 18)}{icon("right", 18)}'
        f'<span style="font-size:1.3em" class="grow ell">{cal.month_name[month]} {year}</span>{icon("search", 18)}'
        f"{switch}{icon('settings', 18)}{avatar(rng, text.person(rng), 30)}</div>"
    )
    overlay = ""
    roll = rng.random()
    if roll < 0.15:
        guests = "".join(avatar(rng, text.person(rng), 26) for _ in range(rng.randint(1, 5)))
        overlay = (
            f'<div class="pop" style="left:{rng.randint(20, 55)}%;top:{rng.randint(15, 40)}%"><div class="row">'
            f'<span style="width:14px;height:14px;border-radius:3px;background:{look.colours[0]}"></span>'
            f'<b style="font-size:1.2em" class="grow">{_event_title(rng)}</b>{icon("edit", 15)}{icon("trash", 15)}'
            f'</div><div class="muted" style="margin:8px 0">{cal.day_name[rng.randint(0, 6)]}, {today} '
            f'{cal.month_name[month]} · {text.clock(rng, look.twelve)}</div><div class="row">{icon("pin", 15)}'
            f'{text.title(rng, 1, 3)}</div><div class="row" style="margin-top:10px">{guests}</div></div>'
        )
    elif roll < 0.25:
        overlay = widgets.dialog(
            rng, "New event", widgets.form_fields(rng, ["Title", "Date", "Time", "Location"]), ("Cancel", "Save")
        )
    body = (
        f'<div class="col grow">{top}<div class="row grow" style="align-items:stretch;gap:0">{sidebar}'
        f"{main}</div></div>{overlay}"
    )
    return document(rng, theme, f"Calendar – {cal.month_name[month]} {year}", CSS, body)
