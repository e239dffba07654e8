"""Page titles (RGAA 8.6, WCAG 2.4.2): every page type's <title> names the page's own subject (its
<h1>, or the object or query it is about) and the site, and no two page types share one, so a
browser tab, a bookmark or a screen reader's first words tell the pages apart.

Every page type of tests/page_types.py that the coordination may open (it may open nearly all),
plus the anonymous ones, fetched with Django's test client in the demo network."""

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from intranet.context_processors import network_identity
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import User
from intranet.roles import Role
from tests.page_types import ANONYMOUS, page_types_for

SUBTITLE_SELECTOR = ".h1-sub, .meta"


def normalized(text: str) -> str:
    """Case, spacing, apostrophes and quotes set aside: « l’accès » matches "l'accès"."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("«", "").replace("»", "")
    return " ".join(text.casefold().split())


def heading_of(soup: BeautifulSoup) -> str:
    """The <h1>'s own words, without the subtitle it may carry (the body, the library, a date)."""
    h1 = soup.find("h1")
    if h1 is None:
        return ""
    for subtitle in h1.select(SUBTITLE_SELECTOR):
        subtitle.extract()
    return " ".join(h1.get_text(" ").split())


@pytest.fixture
def pages(request, demo_network):
    """(page type, url, status, title, h1, subject) for every page type the coordination opens,
    fetched once for the class."""
    if not hasattr(request.cls, "fetched"):
        request.cls.fetched = fetch_pages()
    return request.cls.fetched


def fetch_pages() -> list[tuple]:
    user = User.objects.get(email=DEMO_ACCOUNTS[Role.COORDINATION])
    client = Client()
    client.force_login(user)
    fetched = []
    for visitor, session, page_types in [(None, Client(), page_types_for(ANONYMOUS)),
                                         (user, client, page_types_for(Role.COORDINATION))]:
        for page_type in page_types:
            url = page_type.url(visitor)
            assert url, f"the demo network has no {page_type.name} page for the coordination"
            response = session.get(url, follow=True)  # the two-factor set-up asks to confirm access first
            soup = BeautifulSoup(response.content, "html.parser")
            title = " ".join(soup.title.get_text().split()) if soup.title else ""
            fetched.append((page_type, url, response.status_code, title, heading_of(soup),
                            page_type.subject_for(visitor)))
    return fetched


@pytest.mark.usefixtures("demo_network_of_the_class")
class TestPageTitles:
    def test_every_title_names_the_page_and_the_site(self, pages):
        site_name = network_identity().network_name
        assert site_name
        problems = []
        for page_type, url, status, title, heading, subject in pages:
            where = f"{page_type.name} ({url}, {status}): <title>{title}</title>, <h1>{heading}</h1>"
            if status != page_type.status:
                problems.append(f"{where}: answered {status}, expected {page_type.status}")
            elif not title:
                problems.append(f"{where}: no title")
            elif not normalized(title).endswith(normalized(site_name)):
                problems.append(f"{where}: the title does not end with the site's name « {site_name} »")
            elif not any(normalized(name) in normalized(title) for name in (heading, subject) if name):
                problems.append(f"{where}: the title names neither the <h1> nor « {subject} »")
        assert not problems, f"{len(problems)} page titles to fix:\n" + "\n".join(problems)

    def test_no_two_page_types_share_a_title(self, pages):
        by_title: dict[str, list[str]] = {}
        for page_type, url, _status, title, _heading, _subject in pages:
            by_title.setdefault(re.sub(r"\s+", " ", title), []).append(f"{page_type.name} ({url})")
        shared = {title: names for title, names in by_title.items() if len(names) > 1}
        assert not shared, "page types sharing a title:\n" + "\n".join(
            f"{title}: {', '.join(names)}" for title, names in shared.items())
