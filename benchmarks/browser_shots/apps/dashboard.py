"""An analytics dashboard: nav sidebar, KPI cards with sparklines, line/bar/donut charts and a top-N table."""

from __future__ import annotations

import random

from benchmarks.browser_shots import charts, text, widgets
from benchmarks.browser_shots.art import avatar, series_colours
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = """
.nav{flex:none;background:var(--panel);border-right:1px solid var(--border);padding:calc(var(--pad) * 1.5);
 overflow:hidden}
.nav .it{display:flex;gap:12px;align-items:center;padding:calc(var(--pad) * .8) 10px;border-radius:var(--radius);
 color:var(--muted);white-space:nowrap}
.nav .it.on{background:var(--soft);color:var(--accent);font-weight:700}
.board{flex:1;min-width:0;min-height:0;display:grid;gap:calc(var(--pad) * 2);padding:calc(var(--pad) * 2.5);
 overflow:hidden}
.cardx{background:var(--raised);border:1px solid var(--border);border-radius:var(--radius);
 padding:calc(var(--pad) * 2);display:flex;flex-direction:column;min-width:0;min-height:0;overflow:hidden}
.kpi .v{font-size:1.9em;font-weight:700;margin:4px 0}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:.85em;color:var(--muted)}
.axis{display:flex;justify-content:space-between;font-size:.75em;color:var(--muted);margin-top:4px}
.tbl{width:100%;border-collapse:collapse;font-size:.92em}
.tbl td,.tbl th{padding:calc(var(--pad) * .7) 6px;border-bottom:1px solid var(--border);text-align:left;
 white-space:nowrap}
.tbl th{color:var(--muted);font-weight:400}
.prog{height:6px;border-radius:3px;background:var(--hover);width:100px;overflow:hidden}
"""
UNITS = {
    "Bounce rate": "%",
    "Avg. session": "t",
    "Revenue": "$",
    "Avg. order": "$",
    "Refunds": "$",
    "CPU": "%",
    "Memory": "%",
    "p95 latency": "ms",
    "Error rate": "%",
    "Retention": "%",
    "Churn": "%",
}
THEMES = {
    "web": (
        ["Visitors", "Page views", "Bounce rate", "Avg. session", "Conversions"],
        ["Pages", "Referrers", "Countries"],
    ),
    "sales": (["Revenue", "Orders", "Avg. order", "Refunds", "New customers"], ["Products", "Regions", "Sales reps"]),
    "infra": (["CPU", "Memory", "Requests/s", "p95 latency", "Error rate"], ["Endpoints", "Hosts", "Services"]),
    "product": (["Active users", "Sign-ups", "Retention", "Churn", "NPS"], ["Features", "Plans", "Cohorts"]),
}


def _legend(names: list[str], colours: list[str]) -> str:
    return (
        '<div class="legend">'
        + "".join(
            f'<span><span class="dot" style="width:9px;height:9px;background:{c}"></span> {n}</span>'
            for n, c in zip(names, colours, strict=False)
        )
        + "</div>"
    )


def _kpi(rng: random.Random, label: str, colour: str, spark: bool) -> str:
    value = {
        "%": f"{rng.uniform(0.1, 99):.1f}%",
        "$": f"${text.number(rng, 1, 900, 1)}k",
        "t": f"{rng.randint(1, 59)}m {rng.randint(0, 59)}s",
        "ms": f"{rng.randint(5, 900)} ms",
    }.get(UNITS.get(label, ""), text.number(rng, 100, 999999))
    delta = rng.uniform(-25, 40)
    tone = "var(--green)" if delta >= 0 else "var(--red)"
    line = f'<div style="height:40px;margin-top:6px">{charts.sparkline(rng, colour)}</div>' if spark else ""
    return (
        f'<div class="cardx kpi"><span class="muted">{label}</span><span class="v">{value}</span><span style="color:'
        f'{tone};font-size:.88em">{"▲" if delta >= 0 else "▼"} {abs(delta):.1f}% <span class="muted">vs last '
        f"period</span></span>{line}</div>"
    )


def _card(title: str, inner: str, extra: str = "") -> str:
    return (
        f'<div class="cardx"><div class="row" style="margin-bottom:10px"><b class="grow ell">{title}</b>{extra}'
        f'<span class="muted">{icon("more", 16)}</span></div>{inner}</div>'
    )


def _line_card(rng: random.Random, colours: list[str]) -> str:
    n = rng.randint(1, 3)
    names = [text.title(rng, 1, 2) for _ in range(n)]
    labels = "".join(f"<span>{text.short_date(rng)}</span>" for _ in range(rng.randint(4, 8)))
    svg = charts.line_chart(rng, colours, n, rng.randint(12, 60), rng.random() < 0.6, rng.random() < 0.7)
    inner = (
        f'{_legend(names, colours)}<div class="grow" style="margin-top:10px;min-height:60px">{svg}</div>'
        f'<div class="axis">{labels}</div>'
    )
    return _card(text.title(rng, 2, 4), inner, widgets.segmented(["D", "W", "M"], rng.randrange(3)))


def _bar_card(rng: random.Random, colours: list[str]) -> str:
    stacked = rng.randint(1, 3)
    horizontal = rng.random() < 0.25
    svg = charts.bar_chart(rng, colours, rng.randint(5, 24), stacked, horizontal)
    names = [text.title(rng, 1, 1) for _ in range(stacked)]
    return _card(
        text.title(rng, 2, 4),
        f'{_legend(names, colours)}<div class="grow" style="margin-top:10px;min-height:60px">{svg}</div>',
    )


def _donut_card(rng: random.Random, colours: list[str]) -> str:
    n = rng.randint(3, len(colours))
    svg, shares = charts.donut(rng, colours[:n], rng.choice([0, 0.5, 0.7]))
    rows = "".join(
        f'<div class="row" style="margin:3px 0"><span class="dot" style="width:9px;height:9px;background:'
        f'{c}"></span><span class="grow ell">{text.title(rng, 1, 2)}</span><b>{s * 100:.0f}%</b></div>'
        for c, s in zip(colours, shares, strict=False)
    )
    inner = (
        f'<div class="row grow" style="align-items:center;gap:18px"><div style="height:100%;max-height:220px;'
        f'aspect-ratio:1;min-height:80px">{svg}</div><div class="grow">{rows}</div></div>'
    )
    return _card(text.title(rng, 1, 3), inner)


def _table_card(rng: random.Random, heading: str, rows: int) -> str:
    body = "".join(
        f'<tr><td class="ell" style="max-width:240px">{text.title(rng, 1, 3)}</td><td>'
        f'{text.number(rng, 10, 99999)}</td><td><div class="prog"><div style="width:{rng.randint(5, 100)}%;'
        f'height:100%;background:var(--accent)"></div></div></td></tr>'
        for _ in range(rows)
    )
    return _card(
        f"Top {heading.lower()}",
        f'<table class="tbl"><tr><th>Name</th><th>Count</th><th>Share</th></tr>{body}</table>',
    )


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One dashboard window; the widget mix and grid arrangement vary per screenshot."""
    subject = rng.choice(list(THEMES))
    kpis, tables = THEMES[subject]
    colours = series_colours(rng, theme.accent, 6)
    collapsed = width < 1100 or rng.random() < 0.3
    pages = [
        ("home", "Overview"),
        ("chart", "Analytics"),
        ("bars", "Reports"),
        ("user", "Customers"),
        ("layers", "Products"),
        ("bell", "Alerts"),
        ("settings", "Settings"),
    ]
    on = rng.randrange(3)
    nav_items = "".join(
        f'<div class="it {"on" if i == on else ""}">{icon(n, 18)}{"" if collapsed else label}</div>'
        for i, (n, label) in enumerate(pages)
    )
    logo = (
        f'<div class="row" style="margin:4px 6px 18px;color:var(--accent)">{icon("chart", 26)}'
        + ("" if collapsed else f'<b style="font-size:1.2em;color:var(--text)">{text.title(rng, 1, 1)}</b>')
        + "</div>"
    )
    nav = f'<div class="nav col" style="width:{64 if collapsed else rng.randint(200, 250)}px">{logo}{nav_items}</div>'
    n_kpi = max(2, min(5, (width - 200) // 260))
    kpi_row = "".join(
        _kpi(rng, label, colours[i % 6], rng.random() < 0.6) for i, label in enumerate(rng.sample(kpis, n_kpi))
    )
    widgets_html = [_line_card(rng, colours), rng.choice([_bar_card, _donut_card])(rng, colours)]
    widgets_html += [
        _table_card(rng, rng.choice(tables), rng.randint(4, 9)),
        rng.choice([_bar_card, _donut_card, _line_card])(rng, colours),
    ]
    wide = width >= 1200
    layout = rng.choice(["2fr 1fr", "1fr 1fr", "3fr 2fr"]) if wide else "1fr"
    main_rows = "auto minmax(0,1.3fr) minmax(0,1fr)" if wide else "auto minmax(0,1fr) minmax(0,1fr)"
    board = (
        f'<div class="board" style="grid-template-columns:{layout};grid-template-rows:{main_rows}">'
        f'<div style="grid-column:1/-1;display:grid;grid-template-columns:repeat({n_kpi},minmax(0,1fr));'
        f'gap:calc(var(--pad) * 2)">{kpi_row}</div>{"".join(widgets_html if wide else widgets_html[:2])}</div>'
    )
    ranges = ["Last 7 days", "Last 30 days", "This quarter", "Last 12 months", "Today"]
    top = (
        f'<div class="row" style="padding:calc(var(--pad) * 1.5) calc(var(--pad) * 2.5);border-bottom:1px solid '
        f'var(--border);flex:none"><b style="font-size:1.35em" class="grow">{pages[on][1]}</b>'
        f'{widgets.search_box("Search…", "220px") if width > 1000 else ""}<span class="btn">{icon("calendar", 14)}'
        f' {rng.choice(ranges)} {icon("down", 12)}</span><span class="btn primary">{icon("download", 14)} Export'
        f"</span>{icon('bell', 18)}{avatar(rng, text.person(rng), 32)}</div>"
    )
    overlay = ""
    roll = rng.random()
    if roll < 0.1:
        overlay = widgets.menu(rng, [*ranges, "Custom range…"], f"{width - 360}px", "60px")
    elif roll < 0.16:
        overlay = widgets.toast(rng, rng.choice(["Report exported.", "Dashboard saved.", "Alert rule created."]))
    body = f'{nav}<div class="col grow">{top}{board}</div>{overlay}'
    return document(rng, theme, f"{pages[on][1]} · {text.title(rng, 1, 1)} Analytics", CSS, body)
