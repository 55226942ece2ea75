"""Colour palettes, accents, fonts and density shared by every application, exposed as CSS variables.

Palettes are deliberately shared across apps (many real dark themes look alike), so no app can be told
apart from another by its colours alone. Whether a screenshot is light or dark is the theme policy's
choice (``generate.THEMES``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    """Surface and text colours of one theme; ``ansi`` is red, green, yellow, blue, magenta, cyan."""

    name: str
    dark: bool
    bg: str
    panel: str
    raised: str
    hover: str
    border: str
    text: str
    muted: str
    comment: str
    ansi: tuple[str, str, str, str, str, str]


DARK = [
    Palette("one-dark", True, "#282c34", "#21252b", "#2c313a", "#3a3f4b", "#181a1f", "#abb2bf", "#7f848e",
            "#5c6370", ("#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2")),
    Palette("github-dark", True, "#0d1117", "#161b22", "#1c2128", "#262c36", "#30363d", "#e6edf3", "#8d96a0",
            "#8b949e", ("#ff7b72", "#7ee787", "#d29922", "#79c0ff", "#d2a8ff", "#a5d6ff")),
    Palette("nord", True, "#2e3440", "#3b4252", "#434c5e", "#4c566a", "#262a33", "#eceff4", "#a3acbd",
            "#616e88", ("#bf616a", "#a3be8c", "#ebcb8b", "#81a1c1", "#b48ead", "#88c0d0")),
    Palette("dracula", True, "#282a36", "#21222c", "#343746", "#44475a", "#191a21", "#f8f8f2", "#a4a9c4",
            "#6272a4", ("#ff5555", "#50fa7b", "#f1fa8c", "#8be9fd", "#ff79c6", "#8be9fd")),
    Palette("charcoal", True, "#1e1e1e", "#252526", "#2d2d30", "#37373d", "#3c3c3c", "#d4d4d4", "#9d9d9d",
            "#6a9955", ("#f44747", "#b5cea8", "#dcdcaa", "#569cd6", "#c586c0", "#4ec9b0")),
    Palette("midnight", True, "#1a1b26", "#16161e", "#1f2335", "#292e42", "#101014", "#c0caf5", "#8089b3",
            "#565f89", ("#f7768e", "#9ece6a", "#e0af68", "#7aa2f7", "#bb9af7", "#7dcfff")),
    Palette("gruvbox-dark", True, "#282828", "#1d2021", "#32302f", "#3c3836", "#504945", "#ebdbb2", "#a89984",
            "#928374", ("#fb4934", "#b8bb26", "#fabd2f", "#83a598", "#d3869b", "#8ec07c")),
    Palette("solarized-dark", True, "#002b36", "#073642", "#0a3d4a", "#124c5a", "#01212a", "#c5d3d3", "#839496",
            "#586e75", ("#dc322f", "#859900", "#b58900", "#268bd2", "#d33682", "#2aa198")),
    Palette("slate", True, "#0f172a", "#111827", "#1e293b", "#334155", "#1f2a3d", "#e2e8f0", "#94a3b8",
            "#64748b", ("#f87171", "#4ade80", "#facc15", "#60a5fa", "#c084fc", "#22d3ee")),
]  # fmt: skip

LIGHT = [
    Palette("white", False, "#ffffff", "#f6f8fa", "#ffffff", "#eaeef2", "#d0d7de", "#1f2328", "#656d76",
            "#6e7781", ("#cf222e", "#116329", "#9a6700", "#0550ae", "#8250df", "#1b7c83")),
    Palette("paper", False, "#fafafa", "#f0f0f0", "#ffffff", "#e4e4e4", "#d6d6d6", "#202020", "#6b6b6b",
            "#a0a1a7", ("#e45649", "#50a14f", "#c18401", "#4078f2", "#a626a4", "#0184bc")),
    Palette("solarized-light", False, "#fdf6e3", "#eee8d5", "#fffbf0", "#e6dfc8", "#d9d2bd", "#3b4a50", "#7b8a8b",
            "#93a1a1", ("#dc322f", "#859900", "#b58900", "#268bd2", "#d33682", "#2aa198")),
    Palette("adwaita", False, "#ffffff", "#ebebed", "#fafafb", "#dededf", "#cdcdd0", "#2e3436", "#77767b",
            "#8f8f8f", ("#c01c28", "#26a269", "#a2734c", "#1c71d8", "#813d9c", "#2a7b8c")),
    Palette("cool", False, "#f8fafc", "#eef2f7", "#ffffff", "#e2e8f0", "#cbd5e1", "#0f172a", "#64748b",
            "#94a3b8", ("#dc2626", "#15803d", "#a16207", "#1d4ed8", "#7e22ce", "#0e7490")),
    Palette("warm", False, "#fffdf8", "#f4efe6", "#ffffff", "#ebe4d6", "#ddd4c3", "#2b2620", "#7a6f60",
            "#a39a8a", ("#b42318", "#3f7d20", "#b54708", "#175cd3", "#9e44c4", "#0f766e")),
    Palette("office", False, "#ffffff", "#f3f3f3", "#ffffff", "#e1e1e1", "#d1d1d1", "#242424", "#616161",
            "#008000", ("#a31515", "#098658", "#795e26", "#0000ff", "#af00db", "#267f99")),
]  # fmt: skip

ACCENTS = ["#0a84ff", "#1a73e8", "#2563eb", "#7c3aed", "#8b5cf6", "#0d9488", "#16a34a", "#1db954",
           "#f97316", "#e11d48", "#db2777", "#4f46e5", "#0891b2", "#d97706", "#5865f2", "#e01e5a"]  # fmt: skip
SANS = ["DejaVu Sans", "Liberation Sans", "Liberation Sans", "DejaVu Sans Condensed", "Liberation Sans Narrow"]
MONO = ["DejaVu Sans Mono", "Liberation Mono"]


@dataclass(frozen=True)
class Theme:
    """Everything about a screenshot's look that is not the app's layout."""

    palette: Palette
    accent: str
    font: str
    mono: str
    font_px: int
    pad_px: int
    radius_px: int

    @property
    def dark(self) -> bool:
        return self.palette.dark


def pick_theme(rng: random.Random, dark: bool | None = None) -> Theme:
    """A light or dark (equal odds unless ``dark`` is given) palette, then any accent, font and density."""
    is_dark = rng.random() < 0.5 if dark is None else dark
    palette = rng.choice(DARK if is_dark else LIGHT)
    return Theme(
        palette=palette,
        accent=rng.choice(ACCENTS),
        font=rng.choice(SANS),
        mono=rng.choice(MONO),
        font_px=rng.choice([12, 13, 13, 14, 14, 15, 16]),
        pad_px=rng.choice([4, 6, 8, 8, 10, 12]),
        radius_px=rng.choice([0, 3, 4, 6, 6, 8, 12]),
    )


def _on_accent(hex_colour: str) -> str:
    """White or near-black text, whichever reads better on ``hex_colour``."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#111111" if 0.299 * r + 0.587 * g + 0.114 * b > 170 else "#ffffff"


def theme_css(theme: Theme) -> str:
    """The ``:root`` block every app's CSS reads its colours, fonts and spacing from."""
    p = theme.palette
    red, green, yellow, blue, magenta, cyan = p.ansi
    variables = {
        "bg": p.bg, "panel": p.panel, "raised": p.raised, "hover": p.hover, "border": p.border,
        "text": p.text, "muted": p.muted, "comment": p.comment, "accent": theme.accent,
        "on-accent": _on_accent(theme.accent), "soft": f"color-mix(in srgb, {theme.accent} 22%, transparent)",
        "red": red, "green": green, "yellow": yellow, "blue": blue, "magenta": magenta, "cyan": cyan,
        "font": f"'{theme.font}', sans-serif", "mono": f"'{theme.mono}', monospace",
        "fs": f"{theme.font_px}px", "pad": f"{theme.pad_px}px", "radius": f"{theme.radius_px}px",
        "shadow": "0 8px 28px rgba(0,0,0,.55)" if p.dark else "0 8px 28px rgba(0,0,0,.18)",
        "scheme": "dark" if p.dark else "light",
    }  # fmt: skip
    return ":root{" + "".join(f"--{key}:{value};" for key, value in variables.items()) + "}"
