"""A small line-icon set as inline SVG (24×24 grid, ``currentColor``), so toolbars look like toolbars."""

from __future__ import annotations

_SHAPES: dict[str, str] = {
    "search": '<circle cx="11" cy="11" r="7"/><path d="M16.5 16.5 21 21"/>',
    "settings": '<circle cx="12" cy="12" r="3"/><circle cx="12" cy="12" r="8" stroke-dasharray="3.2 2.1"/>',
    "mail": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>',
    "inbox": '<path d="M3 13h5l2 3h4l2-3h5"/><path d="M5 5h14l2 8v6H3v-6z"/>',
    "send": '<path d="M3 11 21 3l-8 18-2-8z"/>',
    "star": '<path d="m12 3 2.8 6 6.2.4-4.8 4.2 1.6 6.4L12 16.6 6.2 20l1.6-6.4L3 9.4 9.2 9z"/>',
    "folder": '<path d="M3 6h6l2 2h10v11H3z"/>',
    "file": '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/>',
    "calendar": '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>',
    "play": '<path d="M7 4 20 12 7 20z" fill="currentColor"/>',
    "pause": '<path d="M7 4h3v16H7zM14 4h3v16h-3z" fill="currentColor"/>',
    "prev": '<path d="M18 5 9 12l9 7z" fill="currentColor"/><path d="M6 5v14"/>',
    "next": '<path d="m6 5 9 7-9 7z" fill="currentColor"/><path d="M18 5v14"/>',
    "shuffle": '<path d="M3 7h4l10 10h4M3 17h4l10-10h4"/><path d="m18 4 3 3-3 3M18 14l3 3-3 3"/>',
    "repeat": '<path d="M4 11V8h14l-3-3M20 13v3H6l3 3"/>',
    "volume": '<path d="M4 9h4l5-4v14l-5-4H4z"/><path d="M16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11"/>',
    "plus": '<path d="M12 5v14M5 12h14"/>',
    "bell": '<path d="M6 16v-5a6 6 0 0 1 12 0v5l2 2H4z"/><path d="M10 21h4"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 4-6 8-6s8 2 8 6"/>',
    "home": '<path d="M3 11 12 3l9 8v10H3z"/><path d="M9 21v-6h6v6"/>',
    "chart": '<path d="M3 3v18h18"/><path d="m6 15 4-5 4 3 5-7"/>',
    "bars": '<path d="M5 20V10M10 20V4M15 20v-8M20 20v-12"/>',
    "menu": '<path d="M4 6h16M4 12h16M4 18h16"/>',
    "down": '<path d="m6 9 6 6 6-6"/>',
    "right": '<path d="m9 6 6 6-6 6"/>',
    "left": '<path d="m15 6-6 6 6 6"/>',
    "trash": '<path d="M4 7h16M9 7V4h6v3M6 7l1 14h10l1-14"/>',
    "archive": '<rect x="3" y="4" width="18" height="5"/><path d="M5 9v11h14V9M10 13h4"/>',
    "reply": '<path d="M10 8 4 13l6 5"/><path d="M4 13h10a6 6 0 0 1 6 6"/>',
    "terminal": '<path d="m4 7 5 5-5 5M12 17h8"/>',
    "branch": '<circle cx="6" cy="5" r="2"/><circle cx="6" cy="19" r="2"/><circle cx="18" cy="8" r="2"/>'
    '<path d="M6 7v10M18 10c0 5-12 3-12 7"/>',
    "close": '<path d="M6 6l12 12M18 6 6 18"/>',
    "more": '<circle cx="5" cy="12" r="1.2"/><circle cx="12" cy="12" r="1.2"/><circle cx="19" cy="12" r="1.2"/>',
    "hash": '<path d="M9 3 7 21M17 3l-2 18M4 9h17M3 15h17"/>',
    "grid": '<rect x="4" y="4" width="7" height="7"/><rect x="13" y="4" width="7" height="7"/>'
    '<rect x="4" y="13" width="7" height="7"/><rect x="13" y="13" width="7" height="7"/>',
    "list": '<path d="M9 6h12M9 12h12M9 18h12M4 6h1M4 12h1M4 18h1"/>',
    "filter": '<path d="M3 5h18l-7 8v6l-4 2v-8z"/>',
    "edit": '<path d="M4 20h4L20 8l-4-4L4 16z"/>',
    "heart": '<path d="M12 20s-8-5-8-11a4.5 4.5 0 0 1 8-2.5A4.5 4.5 0 0 1 20 9c0 6-8 11-8 11z"/>',
    "clip": '<path d="M8 12V7a4 4 0 0 1 8 0v9a6 6 0 0 1-12 0V9"/>',
    "smile": '<circle cx="12" cy="12" r="9"/><path d="M8 14a5 5 0 0 0 8 0M9 9.5h.01M15 9.5h.01"/>',
    "bug": '<rect x="7" y="7" width="10" height="13" rx="5"/>'
    '<path d="M4 10h3M17 10h3M4 16h3M17 16h3M9 4l2 3M15 4l-2 3"/>',
    "puzzle": '<path d="M4 8h4a2 2 0 1 1 4 0h4v4a2 2 0 1 1 0 4v4H4z"/>',
    "refresh": '<path d="M20 12a8 8 0 1 1-3-6.2"/><path d="M20 4v5h-5"/>',
    "download": '<path d="M12 4v12M7 11l5 5 5-5M4 20h16"/>',
    "pin": '<path d="M12 21s-7-6-7-12a7 7 0 0 1 14 0c0 6-7 12-7 12z"/><circle cx="12" cy="9" r="2.5"/>',
    "mic": '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5 11a7 7 0 0 0 14 0M12 18v3"/>',
    "phone": '<path d="M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2z"/>',
    "video": '<rect x="3" y="6" width="13" height="12" rx="2"/><path d="m16 10 5-3v10l-5-3"/>',
    "bold": '<path d="M7 4h6a4 4 0 0 1 0 8H7zM7 12h7a4 4 0 0 1 0 8H7z"/>',
    "italic": '<path d="M10 4h8M6 20h8M14 4l-4 16"/>',
    "undo": '<path d="M9 14 4 9l5-5"/><path d="M4 9h10a6 6 0 0 1 0 12h-3"/>',
    "print": '<path d="M7 9V3h10v6M7 17H4V9h16v8h-3"/><rect x="7" y="14" width="10" height="7"/>',
    "layers": '<path d="m12 3 9 5-9 5-9-5z"/><path d="m3 13 9 5 9-5"/>',
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
}
NAMES = sorted(_SHAPES)


def icon(name: str, size: int = 16, stroke: float = 2.0) -> str:
    """Inline SVG for ``name``; an unknown name is a generator bug, so it raises with the known names."""
    if name not in _SHAPES:
        raise KeyError(f"no icon {name!r}; known icons: {', '.join(NAMES)}")
    return (
        f'<svg class="ico" width="{size}" height="{size}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        f'stroke-width="{stroke}" stroke-linecap="round" stroke-linejoin="round">{_SHAPES[name]}</svg>'
    )
