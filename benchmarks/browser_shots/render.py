"""One headless Debian Chromium photographing HTML pages: one page per scale factor, resized per shot.

Every network request is aborted and recorded; a page that tried to reach anything is a generator bug
and fails the run, because the set must be reproducible offline.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from benchmarks.browser_shots.sizes import Window

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright, Request, Route

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium as a headless renderer with nothing to fetch (the docs browser test uses these too).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 30_000


class ScreenshotRenderer:
    """Use as a context manager; ``shoot`` writes one PNG of ``html`` at ``window``'s size and scale."""

    def __init__(self, chromium: Path = CHROMIUM) -> None:
        self.chromium = chromium
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._pages: dict[int, Page] = {}
        self._requests: list[str] = []

    def __enter__(self) -> ScreenshotRenderer:
        if not self.chromium.exists():
            raise FileNotFoundError(f"{self.chromium} not found: install it with `apt-get install chromium`")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise RuntimeError("playwright is not installed: run `pip install -e '.[dev]'`") from error
        self._playwright = sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=str(self.chromium), args=CHROMIUM_ARGS, headless=True, timeout=TIMEOUT_MS
            )
        except Exception:
            self._playwright.stop()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._browser is not None:
            self._browser.close()
        if self._playwright is not None:
            self._playwright.stop()
        self._pages.clear()

    def _page(self, window: Window) -> Page:
        page = self._pages.get(window.scale)
        if page is None:
            if self._browser is None:
                raise RuntimeError("ScreenshotRenderer is not started: use it in a `with` block")
            context = self._browser.new_context(
                viewport={"width": window.width, "height": window.height},
                device_scale_factor=window.scale,
                java_script_enabled=False,
            )
            context.route("**/*", self._block)
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            self._pages[window.scale] = page
        size = page.viewport_size
        if size is None or (size["width"], size["height"]) != (window.width, window.height):
            page.set_viewport_size({"width": window.width, "height": window.height})
        return page

    def _block(self, route: Route, request: Request) -> None:
        self._requests.append(request.url)
        route.abort()

    def shoot(self, html: str, window: Window, path: Path) -> None:
        """Render ``html`` and save the visible viewport as PNG at ``path``."""
        page = self._page(window)
        page.set_content(html, wait_until="load")
        if self._requests:
            urls, self._requests = self._requests, []
            raise RuntimeError(f"the page for {path.name} tried to load {urls[:3]}: pages must inline everything")
        page.screenshot(path=str(path), full_page=False, animations="disabled", caret="hide")
