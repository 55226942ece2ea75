"""A spreadsheet: menus and a toolbar or ribbon, formula bar, a typed data table, sheet tabs, maybe a chart."""

from __future__ import annotations

import random

from benchmarks.browser_shots import charts, text, widgets
from benchmarks.browser_shots.art import series_colours
from benchmarks.browser_shots.icons import icon
from benchmarks.browser_shots.page import document
from benchmarks.browser_shots.themes import Theme

CSS = """
.menus{display:flex;gap:16px;padding:4px 14px;font-size:.92em;flex:none}
.tools{display:flex;align-items:center;gap:12px;padding:5px 14px;flex:none;border-bottom:1px solid var(--border);
 color:var(--muted);white-space:nowrap;overflow:hidden}
.ribbon{flex:none;display:flex;gap:0;padding:6px 10px;border-bottom:1px solid var(--border);background:var(--panel);
 overflow:hidden}
.group{display:flex;flex-direction:column;align-items:center;padding:0 14px;border-right:1px solid var(--border);
 gap:4px;font-size:.78em;color:var(--muted)}
.fx{flex:none;display:flex;align-items:center;border-bottom:1px solid var(--border);font-family:var(--mono);
 font-size:.92em}
.fx span{padding:4px 10px}
.sheet{flex:1;min-height:0;overflow:hidden;position:relative}
table{border-collapse:collapse;table-layout:fixed;font-size:.92em}
td,th{border:1px solid var(--border);padding:0 6px;white-space:nowrap;overflow:hidden;text-overflow:clip}
th{background:var(--panel);color:var(--muted);font-weight:400;text-align:center}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.tabs{flex:none;display:flex;align-items:stretch;border-top:1px solid var(--border);background:var(--panel);
 font-size:.9em}
.tabs span{padding:5px 16px;border-right:1px solid var(--border);white-space:nowrap}
.tabs .on{background:var(--bg);color:var(--accent);font-weight:700;box-shadow:inset 0 -2px var(--accent)}
.chart{position:absolute;z-index:5;background:var(--raised);border:1px solid var(--border);padding:12px;
 box-shadow:var(--shadow);display:flex;flex-direction:column}
"""
KINDS = ["text", "name", "date", "money", "int", "pct", "status"]


def _col(i: int) -> str:
    return chr(65 + i) if i < 26 else chr(64 + i // 26) + chr(65 + i % 26)


def _value(rng: random.Random, kind: str) -> tuple[str, bool]:
    if kind == "text":
        return text.title(rng, 1, 3), False
    if kind == "name":
        return text.person(rng), False
    if kind == "date":
        return f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", True
    if kind == "money":
        return f"{rng.choice(['$', '€', '£', ''])}{text.number(rng, 10, 90000, 2)}", True
    if kind == "pct":
        return f"{rng.uniform(-20, 120):.1f}%", True
    if kind == "status":
        return rng.choice(["Done", "Open", "In progress", "Blocked", "Yes", "No"]), False
    return text.number(rng, 1, 5000), True


def _table(rng: random.Random, width: int, height: int, theme: Theme) -> tuple[str, str]:
    """The grid's HTML and the selected cell's reference."""
    row_px = theme.font_px + 8 + theme.pad_px // 2
    widths = [rng.choice([64, 80, 96, 110, 130, 160]) for _ in range(width // 64 + 1)]
    n_rows = height // row_px + 1
    data_cols = rng.randint(3, min(len(widths) - 1, 12))
    data_rows = rng.randint(n_rows // 3, n_rows + 20)
    kinds = [rng.choice(["text", "name"])] + [rng.choice(KINDS) for _ in range(data_cols - 1)]
    header_fill = rng.choice(["var(--accent)", "var(--panel)", "none", "var(--soft)"])
    header_colour = "var(--on-accent)" if header_fill == "var(--accent)" else "var(--text)"
    stripes = rng.random() < 0.3
    sel_r, sel_c = rng.randint(1, max(1, min(data_rows, n_rows - 2))), rng.randint(0, data_cols - 1)
    span = (rng.randint(0, 6), rng.randint(0, 2)) if rng.random() < 0.4 else (0, 0)
    first_row = rng.choice([1, 1, 1, rng.randint(2, 300)])
    heat = rng.random() < 0.3
    cols = "".join(f'<col style="width:{w}px">' for w in [44, *widths])
    head = (
        "<tr><th></th>"
        + "".join(
            f'<th style="{"background:var(--soft);color:var(--accent)" if sel_c <= i <= sel_c + span[1] else ""}">'
            f"{_col(i)}</th>"
            for i in range(len(widths))
        )
        + "</tr>"
    )
    body = []
    for r in range(n_rows):
        cells = [f'<th style="height:{row_px}px">{first_row + r}</th>']
        for ci in range(len(widths)):
            style, cls, value = "", "", ""
            if ci < data_cols and r == 0 and first_row == 1:
                value = text.title(rng, 1, 2)
                style = f"background:{header_fill};color:{header_colour};font-weight:700"
            elif ci < data_cols and r < data_rows:
                value, numeric = _value(rng, kinds[ci])
                cls = "n" if numeric else ""
                if heat and kinds[ci] in ("pct", "int"):
                    style = f"background:color-mix(in srgb,var(--green) {rng.randint(5, 60)}%,transparent)"
                elif kinds[ci] == "pct" and value.startswith("-"):
                    style = "color:var(--red)"
                elif stripes and r % 2:
                    style = "background:var(--panel)"
            if sel_r <= r <= sel_r + span[0] and sel_c <= ci <= sel_c + span[1]:
                style += ";background:var(--soft)"
            if (r, ci) == (sel_r, sel_c):
                style += ";outline:2px solid var(--accent);outline-offset:-2px"
            cells.append(f'<td class="{cls}" style="{style}">{value}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    grid = f'<table style="width:{44 + sum(widths)}px">{cols}{head}{"".join(body)}</table>'
    return grid, f"{_col(sel_c)}{first_row + sel_r}"


def _ribbon(rng: random.Random) -> str:
    tabs = ["File", "Home", "Insert", "Page Layout", "Formulas", "Data", "Review", "View", "Help"]
    on = rng.choice([1, 1, 2, 4, 5])
    heads = "".join(
        f'<span style="{"color:var(--accent);box-shadow:inset 0 -2px var(--accent)" if i == on else ""};'
        f'padding-bottom:4px">{t}</span>'
        for i, t in enumerate(tabs)
    )
    groups = "".join(
        '<div class="group"><div class="row">'
        + "".join(
            icon(n, rng.choice([18, 22]))
            for n in rng.sample(
                ["bold", "italic", "undo", "print", "filter", "chart", "grid", "list", "edit", "plus", "layers"],
                rng.randint(2, 4),
            )
        )
        + f"</div><div>{name}</div></div>"
        for name in ["Clipboard", "Font", "Alignment", "Number", "Styles", "Cells", "Editing"][: rng.randint(4, 7)]
    )
    return f'<div class="menus">{heads}</div><div class="ribbon">{groups}</div>'


def _toolbar(rng: random.Random, theme: Theme) -> str:
    menus = "".join(f"<span>{m}</span>" for m in ["File", "Edit", "View", "Insert", "Format", "Data", "Tools", "Help"])
    tools = "".join(icon(n, 16) for n in ["undo", "print", "filter"])
    tools += (
        f"<span>{rng.choice(['100%', '90%', '125%'])} ▾</span><span>|</span><span>$ % .0 .00 123</span><span>|</span>"
    )
    tools += f"<span>{theme.font} ▾</span><span>{rng.choice([10, 11, 12])}</span>{icon('bold', 15)}{icon('italic', 15)}"
    tools += f'<span style="border-bottom:3px solid {rng.choice(["#e53935", "#1e88e5", "#fdd835"])}">A</span>'
    tools += "".join(icon(n, 16) for n in ["grid", "list", "chart", "filter", "layers"])
    return f'<div class="menus">{menus}</div><div class="tools">{tools}</div>'


def render(rng: random.Random, theme: Theme, width: int, height: int) -> str:
    """One spreadsheet window; Excel-like ribbon or Sheets-like toolbar."""
    doc = text.title(rng, 1, 3)
    ribbon = rng.random() < 0.45
    title = (
        f'<div class="row" style="padding:8px 14px;flex:none">{icon("grid", 26)}<div class="grow">'
        f'<div style="font-size:1.1em">{doc}</div></div><span class="btn primary">{icon("user", 14)} Share</span>'
        "</div>"
    )
    bars = _ribbon(rng) if ribbon else _toolbar(rng, theme)
    table, ref = _table(rng, width, height, theme)
    formula = rng.choice(
        [
            f"=SUM({ref[0]}2:{ref[0]}{rng.randint(10, 90)})",
            f"=AVERAGE(B2:B{rng.randint(5, 60)})",
            f"=VLOOKUP(A{rng.randint(2, 40)},Sheet2!A:C,3,FALSE)",
            text.title(rng, 1, 2),
            text.number(rng, 1, 9000, 2),
            f'=IF(C{rng.randint(2, 40)}>0,"{text.words(rng, 1, 1)}","")',
        ]
    )
    fx = (
        f'<div class="fx"><span style="width:90px;border-right:1px solid var(--border)">{ref}</span>'
        f'<span class="muted" style="font-style:italic">fx</span><span class="grow ell">{formula}</span></div>'
    )
    chart = ""
    if rng.random() < 0.25:
        colours = series_colours(rng, theme.accent, 3)
        svg = (
            charts.bar_chart(rng, colours, rng.randint(4, 12), rng.randint(1, 3))
            if rng.random() < 0.5
            else charts.line_chart(rng, colours, rng.randint(1, 3), rng.randint(6, 20), False, True)
        )
        chart = (
            f'<div class="chart" style="left:{rng.randint(25, 50)}%;top:{rng.randint(8, 40)}%;width:'
            f'{rng.randint(320, 520)}px;height:{rng.randint(220, 340)}px"><b style="text-align:center">'
            f'{text.title(rng, 2, 4)}</b><div class="grow" style="margin-top:8px">{svg}</div></div>'
        )
    sheets = rng.randint(1, 6)
    on = rng.randrange(sheets)
    tabs = (
        f'<div class="tabs"><span>{icon("plus", 14)}</span><span>{icon("menu", 14)}</span>'
        + "".join(
            f'<span class="{"on" if i == on else ""}">{rng.choice(["Sheet", text.title(rng, 1, 1)])}{i + 1}</span>'
            for i in range(sheets)
        )
        + f'<span class="grow" style="border:0"></span><span style="border:0">Sum: '
        f"{text.number(rng, 100, 99999, 2)}</span></div>"
    )
    overlay = ""
    roll = rng.random()
    if roll < 0.1:
        overlay = widgets.context_menu(
            rng,
            width,
            height,
            [
                "Cut",
                "Copy",
                "Paste",
                "Paste special",
                "Insert row above",
                "Delete row",
                "Sort A → Z",
                "Conditional formatting",
            ],
        )
    elif roll < 0.16:
        overlay = widgets.dialog(
            rng, "Format cells", widgets.form_fields(rng, ["Category", "Decimal places", "Symbol"])
        )
    body = f'<div class="col grow">{title}{bars}{fx}<div class="sheet">{table}{chart}</div>{tabs}</div>{overlay}'
    return document(rng, theme, f"{doc} – {rng.choice(['Spreadsheet', 'Sheets', 'Calc'])}", CSS, body)
