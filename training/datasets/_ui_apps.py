"""Registry of synthetic app kinds: kind name -> renderer drawing it onto a canvas.

Each renderer takes (canvas, its ImageDraw, rng) and returns None; the key order is ``APP_KINDS``.
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image

from training.datasets._ui_dev_apps import code_editor, terminal
from training.datasets._ui_document_apps import spreadsheet, web_browser
from training.datasets._ui_media_apps import chat, file_manager, video_player
from training.datasets._ui_primitives import Draw, Rng

Renderer = Callable[[Image.Image, Draw, Rng], None]

RENDERERS: dict[str, Renderer] = {
    "code_editor": code_editor,
    "web_browser": web_browser,
    "terminal": terminal,
    "spreadsheet": spreadsheet,
    "chat": chat,
    "file_manager": file_manager,
    "video_player": video_player,
}
