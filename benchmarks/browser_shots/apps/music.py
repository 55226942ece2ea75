"""A music player: library sidebar, album grid / playlist / artist page / now playing, and a player bar."""

from __future__ import annotations

import random

from benchmarks.browser_shots import text, widgets
from benchmarks.browser_shots.art import cover, hsl
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = """
.nav{flex:none;background:var(--panel);padding:calc(var(--pad) * 1.5);overflow:hidden;
 border-right:1px solid var(--border)}
.nav .it{display:flex;gap:12px;align-items:center;padding:calc(var(--pad) * .6) 6px;color:var(--muted)}
.nav .it.on{color:var(--text);font-weight:700}
.main{flex:1;min-width:0;overflow:hidden;padding:0 calc(var(--pad) * 3)}
.shelf{display:grid;gap:calc(var(--pad) * 2.5);margin-bottom:26px}
.card{padding:10px;border-radius:var(--radius);background:var(--raised);min-width:0}
.tracks{width:100%;border-collapse:collapse;table-layout:fixed}
.tracks td,.tracks th{padding:calc(var(--pad) * .7) 10px;text-align:left;white-space:nowrap;overflow:hidden;
 text-overflow:ellipsis}
.tracks th{color:var(--muted);font-weight:400;font-size:.85em;border-bottom:1px solid var(--border)}
.tracks tr.on td{color:var(--accent)}
.player{flex:none;display:grid;grid-template-columns:1fr 1.4fr 1fr;align-items:center;gap:20px;
 padding:10px 16px;border-top:1px solid var(--border);background:var(--panel)}
.bar{height:4px;border-radius:2px;background:var(--hover);flex:1;position:relative}
.bar i{position:absolute;left:0;top:0;bottom:0;border-radius:2px;background:var(--text)}
.play{width:36px;height:36px;border-radius:50%;background:var(--text);color:var(--bg);display:flex;
 align-items:center;justify-content:center}
"""


def _nav(rng: random.Random, collapsed: bool, current: int) -> str:
    items = [
        ("home", "Home"),
        ("search", "Search"),
        ("layers", "Your Library"),
        ("heart", "Liked Songs"),
        ("clock", "Recently Played"),
    ]
    rows = [
        f'<div class="it {"on" if i == current else ""}">{icon(n, 20)}{"" if collapsed else label}</div>'
        for i, (n, label) in enumerate(items)
    ]
    if collapsed:
        rows += [f'<div style="width:40px;margin:8px 0">{cover(rng)}</div>' for _ in range(rng.randint(4, 10))]
        return f'<div class="nav col" style="width:68px">{"".join(rows)}</div>'
    rows.append('<div class="sep"></div><div class="muted b" style="font-size:.8em;padding:6px">PLAYLISTS</div>')
    for _ in range(rng.randint(8, 26)):
        with_art = rng.random() < 0.5
        art = f'<div style="width:34px">{cover(rng)}</div>' if with_art else ""
        rows.append(
            f'<div class="it" style="color:var(--text)">{art}<span class="ell">{text.title(rng, 1, 4)}</span></div>'
        )
    return f'<div class="nav col" style="width:{rng.randint(200, 280)}px">{"".join(rows)}</div>'


def _shelf(rng: random.Random, width: int, tile: int, round_art: bool) -> str:
    n = max(2, width // (tile + 30))
    cards = "".join(
        f'<div class="card"><div style="{"border-radius:50%;overflow:hidden" if round_art and i % 3 == 0 else ""}">'
        f'{cover(rng, label=text.title(rng, 1, 2))}</div><div class="b ell" style="margin-top:8px">'
        f'{text.title(rng, 1, 4)}</div><div class="muted ell" style="font-size:.88em">{text.person(rng)}</div></div>'
        for i in range(n)
    )
    return (
        f'<div class="row" style="margin:22px 0 12px"><b class="grow" style="font-size:1.35em">{text.title(rng, 2, 4)}'
        f'</b><span class="muted" style="font-size:.85em">Show all</span></div><div class="shelf" style="'
        f'grid-template-columns:repeat({n},minmax(0,1fr))">{cards}</div>'
    )


def _tracks(rng: random.Random, rows: int, album_col: bool) -> str:
    on = rng.randrange(rows) if rng.random() < 0.6 else -1
    cols = (
        ['<col style="width:48px">', "<col>"]
        + (["<col>", '<col style="width:130px">'] if album_col else [])
        + ['<col style="width:80px">']
    )
    head = (
        "<tr><th>#</th><th>Title</th>"
        + ("<th>Album</th><th>Date added</th>" if album_col else "")
        + f"<th>{icon('clock', 14)}</th></tr>"
    )
    body = "".join(
        f'<tr class="{"on" if i == on else ""}"><td class="muted">{icon("play", 12) if i == on else i + 1}</td>'
        f'<td><div class="row"><div style="width:38px">{cover(rng)}</div><div class="col"><span class="ell">'
        f'{text.title(rng, 1, 5)}</span><span class="muted ell" style="font-size:.88em">{text.person(rng)}</span>'
        f"</div></div></td>"
        + (
            f'<td class="muted">{text.title(rng, 1, 3)}</td><td class="muted">{text.short_date(rng)}, '
            f"{rng.randint(2019, 2025)}</td>"
            if album_col
            else ""
        )
        + f'<td class="muted">{text.duration(rng)}</td></tr>'
        for i in range(rows)
    )
    return f'<table class="tracks">{"".join(cols)}{head}{body}</table>'


def _playlist(rng: random.Random, width: int, height: int, theme: Theme) -> str:
    art = rng.choice([180, 220, 240])
    tint = hsl(rng, lightness=(25, 45))
    kind = rng.choice(["PLAYLIST", "ALBUM", "PUBLIC PLAYLIST", "EP"])
    header = (
        f'<div class="row" style="gap:24px;align-items:flex-end;padding:28px calc(var(--pad) * 3);margin:0 '
        f'calc(var(--pad) * -3);background:linear-gradient({tint},transparent)"><div style="width:{art}px;'
        f'box-shadow:var(--shadow)">{cover(rng, label=text.title(rng, 1, 2))}</div><div class="col"><span '
        f'style="font-size:.8em">{kind}</span><b style="font-size:{rng.choice([2.4, 3, 3.6])}em;line-height:1.1">'
        f'{text.title(rng, 1, 3)}</b><span class="muted" style="margin-top:10px">{text.person(rng)} · '
        f"{rng.randint(5, 300)} songs, {rng.randint(1, 14)} hr {rng.randint(1, 59)} min</span></div></div>"
    )
    actions = (
        f'<div class="row" style="gap:22px;margin:18px 0"><span class="play" style="width:52px;height:52px;'
        f'background:var(--accent);color:var(--on-accent)">{icon("play", 22)}</span>{icon("heart", 26)}'
        f"{icon('download', 24)}{icon('more', 24)}</div>"
    )
    rows = max(3, (height - art - 200) // (theme.font_px * 3 + theme.pad_px) + 2)
    return header + actions + _tracks(rng, rows, width >= 1000)


def _now_playing(rng: random.Random, height: int) -> str:
    size = min(420, height // 2)
    lyrics = "".join(f'<div style="opacity:{0.35 if i else 1}">{text.sentence(rng, 3, 8)}</div>' for i in range(8))
    return (
        f'<div class="row" style="height:100%;justify-content:center;gap:60px;background:radial-gradient(circle at 30% '
        f'30%,{hsl(rng, lightness=(30, 50))},transparent 70%);margin:0 calc(var(--pad) * -3)"><div style="width:'
        f'{size}px;box-shadow:var(--shadow)">{cover(rng)}</div><div class="col" style="gap:10px;font-size:1.6em;'
        f'font-weight:700;max-width:40%">{lyrics}</div></div>'
    )


def _player(rng: random.Random) -> str:
    pos = rng.uniform(0.02, 0.95)
    total = rng.randint(120, 400)
    playing = rng.random() < 0.7
    controls = (
        f'<div class="row" style="justify-content:center;gap:22px">{icon("shuffle", 17)}{icon("prev", 17)}'
        f'<span class="play">{icon("pause" if playing else "play", 16)}</span>{icon("next", 17)}'
        f"{icon('repeat', 17)}</div>"
    )
    seek = (
        f'<div class="row" style="font-size:.75em;margin-top:6px"><span class="muted">{int(pos * total) // 60}:'
        f'{int(pos * total) % 60:02d}</span><div class="bar"><i style="width:{pos * 100:.0f}%"></i></div><span '
        f'class="muted">{total // 60}:{total % 60:02d}</span></div>'
    )
    return (
        f'<div class="player"><div class="row"><div style="width:54px">{cover(rng)}</div><div class="col">'
        f'<span class="ell">{text.title(rng, 1, 4)}</span><span class="muted ell" style="font-size:.85em">'
        f'{text.person(rng)}</span></div>{icon("heart", 16)}</div><div class="col">{controls}{seek}</div>'
        f'<div class="row" style="justify-content:flex-end">{icon("list", 16)}{icon("volume", 16)}<div class="bar" '
        f'style="max-width:110px"><i style="width:{rng.randint(20, 100)}%"></i></div></div></div>'
    )


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One music player window: home shelves, a playlist or album, an artist page or now playing."""
    view = rng.choices(["home", "playlist", "artist", "now"], weights=[4, 4, 2, 1])[0]
    collapsed = width < 1000 or rng.random() < 0.25
    nav = _nav(rng, collapsed, {"home": 0, "now": 4}.get(view, 2))
    avail = width - (68 if collapsed else 240)
    top = (
        f'<div class="row" style="padding:14px 0;gap:14px">{icon("left", 20)}{icon("right", 20)}'
        f'{widgets.search_box("What do you want to listen to?", "min(360px,50%)")}<span class="grow"></span>'
        f'<span class="btn">{icon("bell", 14)}</span></div>'
    )
    if view == "home":
        tile = rng.choice([150, 170, 190, 220])
        main = top + "".join(_shelf(rng, avail, tile, rng.random() < 0.4) for _ in range(height // (tile + 80) + 1))
    elif view == "playlist":
        main = top + _playlist(rng, avail, height, theme)
    elif view == "artist":
        banner = (
            f'<div style="height:{rng.randint(220, 320)}px;margin:0 calc(var(--pad) * -3);padding:30px;display:'
            f"flex;flex-direction:column;justify-content:flex-end;background:linear-gradient(180deg,"
            f'{hsl(rng, lightness=(35, 60))},{hsl(rng, lightness=(10, 30))})"><span style="color:#fff">✔ '
            f'Verified Artist</span><b style="font-size:4em;color:#fff;line-height:1.1">{text.person(rng)}</b>'
            f'<span style="color:#fff">{text.number(rng, 1e4, 9e6)} monthly listeners</span></div>'
        )
        main = (
            banner
            + '<b style="font-size:1.4em;display:block;margin:20px 0 10px">Popular</b>'
            + _tracks(rng, 5, False)
            + _shelf(rng, avail, 180, False)
        )
    else:
        main = _now_playing(rng, height)
    queue = ""
    if width >= 1400 and rng.random() < 0.25:
        items = "".join(
            f'<div class="row" style="margin:8px 0"><div style="width:40px">{cover(rng)}</div><div class='
            f'"col grow"><span class="ell">{text.title(rng, 1, 3)}</span><span class="muted ell" style='
            f'"font-size:.85em">{text.person(rng)}</span></div></div>'
            for _ in range(height // 56)
        )
        queue = (
            f'<div class="nav col" style="width:300px;border-left:1px solid var(--border)"><b>Queue</b>{items}</div>'
        )
    overlay = (
        widgets.context_menu(
            rng,
            width,
            height,
            ["Add to queue", "Go to artist", "Go to album", "Add to playlist", "Save to Liked Songs", "Share"],
        )
        if rng.random() < 0.12
        else ""
    )
    body = (
        f'<div class="col grow"><div class="row grow" style="align-items:stretch;gap:0">{nav}<div class="main col">'
        f"{main}</div>{queue}</div>{_player(rng)}</div>{overlay}"
    )
    return document(rng, theme, rng.choice(["Music", "Player", "Tunes", "Music Player"]), CSS, body)
