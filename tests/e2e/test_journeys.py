"""A member of staff's day on the intranet, in a real browser: log in, dashboard, search, directory,
log out; plus the login error, the small-screen layout and the keyboard skip link.

The site is French by default and the French catalog may lag behind, so the assertions rely on the
demo data (names, libraries, page titles), on URLs and on the page structure, never on UI wording.
"""

import re
from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from playwright.sync_api import Page, expect

from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Person
from intranet.roles import Role
from tests.e2e.accessibility import assert_accessible

STAFF_EMAIL = DEMO_ACCOUNTS[Role.STAFF]  # personnel@demo.test
CHARTER_TITLE = "Charte informatique du réseau"
MOBILE = {"width": 360, "height": 780}


def staff_person() -> Person:
    return Person.objects.select_related("library", "user").get(user__email=STAFF_EMAIL)


def path_of(page: Page) -> str:
    return urlparse(page.url).path


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator(f"main form[action='{reverse('account_login')}'] button[type=submit]").click()


def test_staff_member_logs_in_searches_browses_the_directory_and_logs_out(demo_network, page, screenshots):
    person = staff_person()
    library = person.library
    login_url = reverse("account_login")

    # 1. Anonymous: the home page sends to the login form.
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(login_url)))
    expect(page.locator("#id_login")).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "login")

    # 2. Log in through the form: the dashboard greets the person and shows their library.
    page.locator("#id_login").fill(STAFF_EMAIL)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator(f"main form[action='{login_url}'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text(person.first_name)
    my_library = page.locator("section[aria-labelledby='my-library-title']")
    expect(my_library.locator("h2")).to_be_visible()
    expect(my_library.get_by_role("link", name=library.name)).to_have_attribute("href", library.get_absolute_url())
    expect(my_library).to_contain_text(library.commune)
    expect(page.locator("details.user-menu > summary")).to_contain_text(person.full_name)
    assert_accessible(page)
    screenshots.take(page, "dashboard")

    # 3. Search "charte" from the header search box.
    header_search = page.locator("header[role=banner] form[role=search]")
    header_search.locator("input[name=q]").fill("charte")
    header_search.locator("input[name=q]").press("Enter")
    page.wait_for_url(re.compile(re.escape(reverse("search")) + r"\?q=charte"))
    result = page.locator(".results .result h3 a", has_text=CHARTER_TITLE)
    expect(result).to_have_count(1)
    expect(result).to_have_attribute("href", re.compile(r"/charte-informatique/$"))
    expect(page.locator("#search-page-q")).to_have_value("charte")
    assert_accessible(page)
    screenshots.take(page, "search-charte")

    # 4. Open the directory from the main navigation.
    directory_url = reverse("directory:people")
    main_nav = page.locator("header[role=banner] nav.main-nav")
    main_nav.locator(f"a[href='{directory_url}']").click()
    page.wait_for_url(re.compile(re.escape(directory_url) + "$"))
    expect(main_nav.locator(f"a[href='{directory_url}']")).to_have_attribute("aria-current", "page")
    expect(page.locator("table.table tbody tr")).to_have_count(30)  # first page of 136 people
    assert_accessible(page)
    screenshots.take(page, "directory")

    # 5. Filter by the person's library: only its team is listed.
    page.locator("#id_library").select_option(label=library.name)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"library=" + re.escape(library.slug)))
    assert parse_qs(urlparse(page.url).query)["library"] == [library.slug]
    expect(page.locator("#id_library")).to_have_value(library.slug)
    rows = page.locator("table.table tbody tr")
    team_size = Person.objects.active().filter(library=library).count()
    assert team_size > 1
    expect(rows).to_have_count(team_size)
    expect(rows.locator("td:nth-child(3)")).to_have_text([library.name] * team_size)
    expect(page.locator(".result-count")).to_contain_text(str(team_size))
    assert_accessible(page)
    screenshots.take(page, "directory-filtered")

    # 6. Open the person's page.
    rows.locator("th a", has_text=f"{person.last_name} {person.first_name}").click()
    page.wait_for_url(re.compile(re.escape(person.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text(person.full_name)
    expect(page.locator("article.person")).to_contain_text(person.job_title)
    expect(page.locator(f"a[href='mailto:{STAFF_EMAIL}']")).to_be_visible()
    expect(page.locator(".person__header").get_by_role("link", name=library.name)).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "person")

    # 7. Log out from the user menu; allauth asks to confirm with a POST button.
    logout_url = reverse("account_logout")
    logout_link = page.locator(f"details.user-menu a[href='{logout_url}']")
    expect(logout_link).to_be_hidden()
    page.locator("details.user-menu > summary").click()
    expect(logout_link).to_be_visible()
    screenshots.take(page, "user-menu-open")
    logout_link.click()
    page.wait_for_url(re.compile(re.escape(logout_url) + "$"))
    confirm = page.locator(f"main form[method=post][action='{logout_url}'] button[type=submit]")
    expect(confirm).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "logout-confirm")
    confirm.click()

    # 8. Back on the login page, logged out: the dashboard is out of reach again.
    page.wait_for_url(re.compile(re.escape(login_url)))
    expect(page.locator("#id_login")).to_be_visible()
    expect(page.locator("details.user-menu")).to_have_count(0)
    assert_accessible(page)
    screenshots.take(page, "logged-out")
    page.goto("/")
    assert path_of(page) == login_url


def test_wrong_password_shows_an_error_and_stays_on_the_login_page(demo_network, page, screenshots):
    log_in(page, STAFF_EMAIL, "not-the-password")

    errors = page.locator("main form #login-errors[role=alert]")
    expect(errors).to_be_visible()
    assert errors.inner_text().strip()
    assert path_of(page) == reverse("account_login")
    expect(page.locator("#id_login")).to_have_value(STAFF_EMAIL)
    expect(page.locator("#id_login")).to_have_attribute("aria-describedby", "login-errors")
    expect(page.locator("#id_password")).to_have_value("")
    expect(page.locator("details.user-menu")).to_have_count(0)
    assert_accessible(page)
    screenshots.take(page, "login-error")


WIDER_THAN_VIEWPORT_JS = """
() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .slice(0, 10)
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`)
"""


def assert_fits_small_screen(page: Page) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= MOBILE["width"], (
        f"{page.url} scrolls horizontally at {MOBILE['width']}px: {scroll_width}px wide; past the right edge: "
        + ", ".join(page.evaluate(WIDER_THAN_VIEWPORT_JS))
    )
    nav = page.locator("header[role=banner] nav.main-nav")
    expect(nav).to_be_visible()
    expect(nav.locator(f"a[href='{reverse('directory:people')}']")).to_be_in_viewport()


def test_dashboard_and_directory_fit_a_360px_screen(demo_network, page, screenshots):
    page.set_viewport_size(MOBILE)
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text(staff_person().first_name)
    screenshots.take(page, "dashboard-360")
    assert_fits_small_screen(page)
    assert_accessible(page)

    page.locator(f"nav.main-nav a[href='{reverse('directory:people')}']").click()
    page.wait_for_url(re.compile(re.escape(reverse("directory:people")) + "$"))
    expect(page.locator("table.table tbody tr").first).to_be_visible()
    screenshots.take(page, "directory-360")
    assert_fits_small_screen(page)


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_the_main_content(demo_network, page, screenshots):
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text(staff_person().first_name)

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_attribute("href", "#contenu")
    expect(skip_link).to_be_in_viewport()  # moved on screen when focused
    screenshots.take(page, "skip-link-focused")

    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
