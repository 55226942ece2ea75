"""The docs pages in a real headless Chromium: Swagger UI and ReDoc render from the installed assets, offline.

Needs Debian's ``chromium`` (``.ci/run`` installs it) and the ``playwright`` package (driven with
``executable_path``; ``playwright install`` is never run). Without either the tests skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx
import pytest

from benchmarks.browser_shots.render import CHROMIUM
from benchmarks.browser_shots.render import CHROMIUM_ARGS as BASE_ARGS
from tests.servers import start_service

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route

pytestmark = pytest.mark.slow
CHROMIUM_ARGS = [*BASE_ARGS, "--disable-quic"]
PAGE_TIMEOUT_MS = 30_000
READY_TIMEOUT_S = 90
OPERATIONS = [
    ("POST", "/embed"),
    ("POST", "/cluster"),
    ("POST", "/project"),
    ("GET", "/info"),
    ("GET", "/map"),
    ("GET", "/healthz"),
    ("GET", "/readyz"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium; requested before the server so a missing browser skips before any work."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: `apt-get install chromium` to run the docs browser test")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed: `pip install -e '.[dev]'`")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, timeout=PAGE_TIMEOUT_MS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def server(browser: Browser, tiny_bundle_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real ``python -m service`` on a free loopback port, stopped afterwards."""
    service = start_service(
        tiny_bundle_dir, tmp_path_factory.mktemp("docs_server") / "server.log", ready_timeout=READY_TIMEOUT_S
    )
    try:
        service.wait_ready()
        yield service.url
    finally:
        service.stop()


def _off_host(url: str) -> bool:
    """A network request to anything but the loopback server (data:/blob: URLs never leave the page)."""
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob") and parts.hostname != "127.0.0.1"


@dataclass
class Traffic:
    """What a page asked for and what went wrong while it loaded, each as (url, what)."""

    urls: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Traffic]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    context.set_default_navigation_timeout(PAGE_TIMEOUT_MS)
    opened = context.new_page()
    traffic = Traffic()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            traffic.console_errors.append((message.location.get("url", ""), message.text))

    def on_response(response: Response) -> None:
        if response.status >= 400:
            traffic.failed.append((response.url, f"HTTP {response.status}"))

    def on_failed(request: Request) -> None:
        traffic.failed.append((request.url, request.failure or "failed"))

    def keep_local(route: Route) -> None:
        # Still recorded by the "request" listener, but never sent off this machine, even where there is a network.
        if _off_host(route.request.url):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    opened.route("**/*", keep_local)
    opened.on("request", lambda request: traffic.urls.append(request.url))
    opened.on("console", on_console)
    opened.on("pageerror", lambda error: traffic.console_errors.append(("", f"uncaught: {error}")))
    opened.on("response", on_response)
    opened.on("requestfailed", on_failed)
    try:
        yield opened, traffic
    finally:
        context.close()


def _assert_clean(traffic: Traffic, asset: str) -> None:
    assert any(urlsplit(url).path.endswith(asset) for url in traffic.urls), traffic.urls  # served locally
    off_host = [url for url in traffic.urls if _off_host(url)]
    assert off_host == [], "the docs page reached beyond the loopback server"
    assert traffic.failed == []
    assert traffic.console_errors == []


def test_swagger_ui_renders_every_operation_offline(server: str, page: tuple[Page, Traffic], tmp_path: Path) -> None:
    tab, traffic = page
    tab.goto(f"{server}/docs", wait_until="networkidle")
    tab.locator(".swagger-ui .info .title").filter(has_text="latentmap").wait_for()
    for method, path in OPERATIONS:
        block = tab.locator(f".opblock.opblock-{method.lower()}").filter(
            has=tab.locator(f'.opblock-summary-path[data-path="{path}"]')
        )
        assert block.count() == 1, f"{method} {path} is not one operation block in Swagger UI"
        assert block.is_visible()
        assert block.locator(".opblock-summary-method").inner_text().strip() == method
    tab.screenshot(path=str(tmp_path / "swagger_ui.png"), full_page=True)
    _assert_clean(traffic, "swagger-ui-bundle.js")
    assert any(urlsplit(url).path.endswith("swagger-ui.css") for url in traffic.urls)
    assert any(urlsplit(url).path == "/openapi.json" for url in traffic.urls)


def test_swagger_ui_cluster_offers_multipart_and_json_bodies(
    server: str, page: tuple[Page, Traffic], tmp_path: Path
) -> None:
    tab, traffic = page
    tab.goto(f"{server}/docs", wait_until="networkidle")
    block = tab.locator(".opblock.opblock-post").filter(has=tab.locator('.opblock-summary-path[data-path="/cluster"]'))
    block.locator(".opblock-summary").first.click()
    request_body = block.locator(".opblock-section-request-body")
    request_body.wait_for()
    media_type = request_body.locator("select").first
    offered = [text.strip() for text in media_type.locator("option").all_inner_texts()]
    assert sorted(offered) == ["application/json", "multipart/form-data"]

    media_type.select_option("application/json")
    request_body.filter(has_text="latents").wait_for()  # the JSON example shows the latents schema
    block.screenshot(path=str(tmp_path / "swagger_cluster.png"))
    _assert_clean(traffic, "swagger-ui-bundle.js")


def test_redoc_is_disabled(server: str) -> None:
    """ReDoc's bundled JS fetches its logo from a CDN (a request leaving the machine), so it is off."""
    assert httpx.get(f"{server}/redoc", timeout=10).status_code == 404
