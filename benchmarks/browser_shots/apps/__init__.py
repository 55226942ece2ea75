"""The imitated applications: each module's ``render(rng, theme, width, height)`` returns one page's HTML."""

from __future__ import annotations

import random
from collections.abc import Callable

from benchmarks.browser_shots.apps import calendar, chat, code_editor, dashboard, email, music, spreadsheet, terminal
from benchmarks.browser_shots.themes import Theme

AppRenderer = Callable[[random.Random, Theme, int, int], str]

APPS: dict[str, AppRenderer] = {
    "email": email.render,
    "calendar": calendar.render,
    "code_editor": code_editor.render,
    "terminal": terminal.render,
    "chat": chat.render,
    "spreadsheet": spreadsheet.render,
    "music": music.render,
    "dashboard": dashboard.render,
}
