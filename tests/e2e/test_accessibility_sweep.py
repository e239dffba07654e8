"""Every front-end page type, for each demo role, through axe-core (WCAG 2 A/AA, no serious or
critical violation) and the basic checks of tests/e2e/accessibility.py, at desktop width and at
phone width.

One test per role, one browser context each, logged in through the login form: each page type
the role may open (tests/page_types.py, URLs picked from the demo network with the ORM) is loaded
once and checked at 1280x900, then at 390x844 without reloading. Every problem of every page is
collected and the test fails once at the end, listing role, width, page and violation. The anonymous
pages (login, password reset) are checked before the coordination logs in.
"""

import functools
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import User
from intranet.roles import Role
from tests.e2e.accessibility import AXE_SCRIPT, assert_accessible
from tests.e2e.conftest import DESKTOP
from tests.page_types import ANONYMOUS, PageType, page_types_for

PHONE = {"width": 390, "height": 844}
WIDTHS = [("desktop 1280px", DESKTOP), ("phone 390px", PHONE)]
ROLES = list(DEMO_ACCOUNTS)  # coordination, referents, staff, volunteers, elected officials
# axe-core loaded as assert_accessible would (through the automation channel, which the page's
# Content-Security-Policy does not cover), its runs asked for the violations only: the same
# violations, without the passes and incomplete results this sweep never reads (about 40 % faster).
# Read when a page is checked, not at import: the unit-test runs collect this module before
# `make test` has run `npm ci`.
@functools.cache
def violations_only_axe() -> str:
    assert AXE_SCRIPT.exists(), f"axe-core is not installed ({AXE_SCRIPT}): run `npm ci`"
    return (AXE_SCRIPT.read_text(encoding="utf-8")
            + "\n;window.axe.run = ((run) => (context, options) =>"
              " run(context, Object.assign({resultTypes: ['violations']}, options)))(window.axe.run);undefined")


def _check_page(page: Page, role: str, page_type: PageType, url: str, problems: list[str], screenshots) -> None:
    response = page.goto(url)
    status = response.status if response else None
    if status != page_type.status:
        problems.append(f"{role} · {page_type.name} ({url}): answered {status}, expected {page_type.status}")
        return
    page.evaluate(violations_only_axe())
    for width_name, viewport in WIDTHS if page.viewport_size == DESKTOP else reversed(WIDTHS):
        page.set_viewport_size(viewport)
        try:
            assert_accessible(page)
        except AssertionError as failure:
            problems.append(f"{role} · {width_name} · {page_type.name} ({url}):\n{failure}")
            screenshots.take(page, re.sub(r"\W+", "-", f"{page_type.name}-{width_name}"))


def _log_in(page: Page, email: str) -> None:
    login_url = reverse("account_login")
    if not page.url.endswith(login_url):
        page.goto(login_url)
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"main form[action='{login_url}'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("header[role=banner] details.user-menu")).to_be_visible()


@pytest.mark.parametrize("role", ROLES, ids=[str(role) for role in ROLES])
def test_every_page_the_role_may_open_is_accessible_at_desktop_and_phone_widths(demo_network, page, screenshots,
                                                                              role):
    problems: list[str] = []
    if role == Role.COORDINATION:
        for page_type in page_types_for(ANONYMOUS):
            _check_page(page, ANONYMOUS, page_type, page_type.url(None), problems, screenshots)

    _log_in(page, DEMO_ACCOUNTS[role])
    user = User.objects.get(email=DEMO_ACCOUNTS[role])
    visited = 0
    for page_type in page_types_for(role):
        url = page_type.url(user)
        if url is None:
            problems.append(f"{role} · {page_type.name}: the demo network has no such page for this role")
            continue
        _check_page(page, role, page_type, url, problems, screenshots)
        visited += 1

    assert visited >= 10, f"only {visited} pages visited as {role}"
    assert not problems, f"{len(problems)} accessibility problems as {role}:\n\n" + "\n\n".join(problems)


SCROLLING_REGIONS_JS = """
() => [...document.querySelectorAll('main .table-wrap, main .chart-wrap')]
  .filter((el) => el.scrollWidth > el.clientWidth)
  .map((el) => {
    const names = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    return {tabindex: el.getAttribute('tabindex'), role: el.getAttribute('role'),
            name: names || (el.getAttribute('aria-label') || '').trim()};
  })
"""


def test_occupancy_report_tables_and_charts_scroll_by_keyboard_on_a_phone(demo_network, page, screenshots):
    """At 390 px the occupancy report's charts and tables are wider than the screen: each scrolling
    container is a named region that Tab reaches, with a visible focus ring, and the arrow keys
    scroll it."""
    page.set_viewport_size(PHONE)
    _log_in(page, DEMO_ACCOUNTS[Role.COORDINATION])
    page.goto(reverse("calendar_sync:occupancy"))
    regions = page.evaluate(SCROLLING_REGIONS_JS)
    assert len(regions) >= 2, f"expected the charts to scroll sideways at 390 px: {regions}"
    for region in regions:
        assert (region["tabindex"], region["role"]) == ("0", "region"), region
        assert region["name"], f"a scrolling region has no accessible name: {region}"

    chart = page.locator("main .chart-wrap").first
    page.locator("#occupancy-title").scroll_into_view_if_needed()
    chart.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # back onto the chart, as a keyboard user would land on it
    expect(chart).to_be_focused()
    outline = chart.evaluate("(el) => getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth")
    assert not outline.startswith("none") and not outline.endswith(" 0px"), f"no visible focus ring: {outline}"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Chromium scrolls smoothly on arrow keys, so the offset grows over a few frames: wait for it
    # (a busy CI machine can take longer than the key presses do) rather than read it at once.
    try:
        page.wait_for_function("(el) => el.scrollLeft > 0", arg=chart.element_handle(), timeout=10_000)
    except PlaywrightTimeoutError:
        pytest.fail("the arrow keys do not scroll the focused chart")
    screenshots.take(page, "occupancy-chart-focused-390")
    assert_accessible(page)
