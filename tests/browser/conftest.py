"""Real Chromium (Debian's package) driven by Playwright against a live server on loopback."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def _new_page(browser, live_server, **options) -> Page:
    context = browser.new_context(base_url=live_server, **options)
    # Injected through the DevTools protocol, so the strict CSP need not be relaxed.
    context.add_init_script(path=str(AXE_SCRIPT))
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def page(browser, live_server):
    page = _new_page(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    page = _new_page(browser, live_server, viewport={"width": 320, "height": 640})
    yield page
    page.context.close()


def axe_violations(page: Page) -> list[dict]:
    """Every axe-core violation on the current page (all WCAG 2.2 A/AA and best-practice rules)."""
    results = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"]
    ]


def ambiguous_links(page: Page) -> dict[str, list[str]]:
    """Link texts (as a screen reader announces them, hidden context included) that lead to
    more than one place: a list of links read out of context must tell them apart
    (WCAG 2.4.4). axe-core checks only the opposite, one text for one purpose."""
    places = page.evaluate(
        """() => {
            const places = {};
            for (const link of document.querySelectorAll("a[href]")) {
                const role = link.getAttribute("role");
                if (role && role !== "link") continue;  // a tab or a button is not listed as a link
                const name = (link.getAttribute("aria-label") || link.textContent)
                    .replace(/\\s+/g, " ").trim();
                const href = new URL(link.href, document.baseURI).href;
                (places[name] = places[name] || new Set()).add(href);
            }
            return Object.fromEntries(
                Object.entries(places).map(([name, hrefs]) => [name, [...hrefs].sort()])
            );
        }"""
    )
    return {name: hrefs for name, hrefs in places.items() if len(hrefs) > 1}


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {page.url}: {violations}"
    ambiguous = ambiguous_links(page)
    assert ambiguous == {}, f"links that read alike but lead apart on {page.url}: {ambiguous}"


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
