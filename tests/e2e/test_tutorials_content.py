"""Tutorials in a real browser: personnel@demo.test types « navette » in the site's search box and
opens the procedure; the index and a tutorial page on a desktop and on a 390 px phone, with
screenshots. Assertions rely on the demo data, URLs and the page structure."""

import re

from playwright.sync_api import Page, expect

from intranet.demo import DEMO_PASSWORD
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import STAFF_EMAIL, WIDER_THAN_VIEWPORT_JS, log_in
from tutorials.demo_content import NAVETTE_SLUG
from tutorials.models import TutorialIndexPage, TutorialPage

PHONE = {"width": 390, "height": 844}


def assert_no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide: " + ", ".join(page.evaluate(WIDER_THAN_VIEWPORT_JS))


def test_the_staff_finds_the_navette_procedure_through_the_search_box(demo_network, page, screenshots):
    navette = TutorialPage.objects.get(slug=NAVETTE_SLUG)
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    page.locator("#site-search-q").fill("navette")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=navette"))
    link = page.locator(f"main a[href='{navette.url}']")
    expect(link).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "search-navette")
    link.click()
    expect(page).to_have_url(re.compile(re.escape(navette.url) + "$"))
    expect(page.locator("h1")).to_have_text(navette.title)
    page.locator("nav.toc a[href='#etape-2']").click()
    expect(page.locator("#etape-2")).to_be_in_viewport()
    assert_accessible(page)
    screenshots.take(page, "navette-desktop")

    index_url = TutorialIndexPage.objects.get().url
    page.goto(index_url)
    expect(page.locator("main .tutorial-card").first).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "index-desktop")

    page.set_viewport_size(PHONE)
    page.goto(index_url)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshots.take(page, "index-phone")
    page.goto(navette.url)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshots.take(page, "navette-phone")
