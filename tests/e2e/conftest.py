"""Browser (end-to-end) tests: Chromium driven by Playwright against pytest-django's live server.

Every test collected under tests/e2e/ gets the `e2e` marker, so `pytest -m e2e` runs them alone and
`pytest -m "not e2e"` skips them. The browser is the system Chromium (/usr/bin/chromium, or
$E2E_CHROMIUM): nothing is ever downloaded. Playwright's sync API keeps an event loop running in
the test thread, so Django's ORM must be allowed to run there (DJANGO_ALLOW_ASYNC_UNSAFE).

The suite's frozen clock (tests/clock.py) holds here too: time-machine freezes the clock of every
thread, so the live server answers at the same "now" as the test that computes its dates. Chromium
keeps the real clock, which no page relies on (the app ships no script).
"""

import io
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import Page, sync_playwright

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the whole run (overrides pytest-playwright's fixture, which
    would look for a browser downloaded by `playwright install`)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM} (install the chromium package or set E2E_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class ServerErrors:
    """Responses that mean the app is broken even when the page still renders (server errors, missing
    assets, JavaScript errors, what the Content-Security-Policy refused)."""

    items: list

    def assert_none(self):
        assert not self.items, "server errors or missing assets:\n" + "\n".join(self.items)


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context (no cookies) per test, French first like the users' browsers. Also
    records server errors (5xx) and missing static assets, checked when the test ends."""
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = ServerErrors([])

    def on_response(response):
        if not response.url.startswith(live_server.url):
            return
        if response.status >= 500 or ("/static/" in response.url and response.status >= 400):
            errors.items.append(f"{response.status} {response.request.method} {response.url}")

    page.on("response", on_response)
    page.on("pageerror", lambda exc: errors.items.append(f"JavaScript error: {exc}"))

    def on_console(message):
        # What the Content-Security-Policy blocks: a page that relies on it is broken.
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.items.append(f"CSP violation on {page.url}: {message.text}")

    page.on("console", on_console)
    yield page
    context.close()
    errors.assert_none()


@pytest.fixture(scope="session")
def _serialized_database(django_db_setup, django_db_blocker, browser):
    """Give the test thread's database connection the snapshot that serialized rollback restores.

    Once Playwright has started, its event loop counts as running in the test thread, so Django
    (asgiref) hands the thread another connection object than the one the test database was set up
    and serialized with. Both reach the same shared in-memory SQLite database, but only the first
    carries the snapshot of the migrated database. Taken here, after the browser has started, it is
    on the connection every e2e test uses."""
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        if not hasattr(connection, "_test_serialized_contents"):
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture
def demo_network(_serialized_database, django_db_serialized_rollback, transactional_db, live_server):
    """The demo network (`manage.py seed_demo`) in the live server's database.

    The live server needs committed data, hence a transactional database. It is flushed after each
    test, so serialized rollback restores what the migrations created (Wagtail's page tree, the
    role groups) before the next test seeds again."""
    call_command("seed_demo", "--force", stdout=io.StringIO())


class Screenshots:
    """Numbered full-page screenshots of a test, in its tmp_path and, when E2E_SCREENSHOT_DIR is set
    (a folder, or `1` for var/screenshots/), copied to <folder>/<test name>/."""

    def __init__(self, folder: Path, test_name: str):
        self.folder = folder
        self.test_name = test_name
        self.paths: list[Path] = []

    def take(self, page: Page, name: str) -> Path:
        path = self.folder / f"{len(self.paths) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        self.paths.append(path)
        return path

    def export(self) -> Path | None:
        target = os.environ.get("E2E_SCREENSHOT_DIR", "").strip()
        if not target or not self.paths:
            return None
        base = REPO_ROOT / "var" / "screenshots" if target.lower() in {"1", "true", "yes"} else Path(target)
        if not base.is_absolute():
            base = REPO_ROOT / base
        destination = base / self.test_name
        destination.mkdir(parents=True, exist_ok=True)
        for path in self.paths:
            shutil.copy2(path, destination / path.name)
        return destination


@pytest.fixture
def screenshots(request, tmp_path):
    shots = Screenshots(tmp_path, re.sub(r"[^\w.-]+", "_", request.node.name).strip("_"))
    yield shots
    if shots.paths:
        print(f"\n{request.node.name}: {len(shots.paths)} screenshots in {tmp_path}")
        exported = shots.export()
        if exported:
            print(f"{request.node.name}: copied to {exported}")
