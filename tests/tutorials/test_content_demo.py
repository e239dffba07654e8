"""The demo content of `seed_demo`: topics and about forty pages in French, owners among the demo
staff, some due for review, pages for volunteers and for everyone; idempotent; at 10x, 400 pages;
the demo staff member finds the « navette » procedure by searching; the benchmarks' pages exist."""

import pytest
from django.test import Client
from django.utils import timezone

from intranet.hooks import BENCHMARKS, registered
from intranet.models import User
from tests.conftest import seed_demo_network
from tutorials.demo_content import NAVETTE_SLUG, PAGES, _specs
from tutorials.models import Audience, Topic, TutorialPage


@pytest.mark.usefixtures("demo_network_of_the_class")
@pytest.mark.django_db
class TestDemoContent:
    def test_about_forty_pages_with_topics_owners_and_audiences(self):
        pages = TutorialPage.objects.live()
        assert pages.count() == len(PAGES) >= 40
        assert Topic.objects.count() >= 8
        assert not pages.filter(owner_person__isnull=True).exists()
        assert {"everyone", "staff", "volunteers"} == set(pages.values_list("audience", flat=True))
        assert pages.filter(audience=Audience.VOLUNTEERS).count() >= 5
        assert pages.due_for_review(timezone.localdate()).count() >= 5
        assert TutorialPage.objects.filter(owner_person__user__email="personnel@demo.test").exists()

    def test_seeding_again_adds_nothing(self):
        before = TutorialPage.objects.count()
        seed_demo_network()
        assert TutorialPage.objects.count() == before

    def test_the_demo_staff_finds_the_navette_procedure_by_searching(self):
        client = Client()
        client.force_login(User.objects.get(email="personnel@demo.test"))
        html = client.get("/search/", {"q": "navette"}).content.decode()
        navette = TutorialPage.objects.get(slug=NAVETTE_SLUG)
        assert f'href="{navette.url}"' in html
        assert client.get(navette.url).status_code == 200

    def test_the_benchmarks_find_their_pages(self):
        client = Client()
        client.force_login(User.objects.get(email="personnel@demo.test"))
        for benchmark in registered(BENCHMARKS):
            if benchmark.name.startswith("tutorial"):
                assert client.get(benchmark.build()).status_code == 200, benchmark.name


def test_ten_times_the_network_gives_four_hundred_distinct_pages():
    specs = list(_specs(10))
    assert len(specs) >= 400
    assert len({spec[1] for spec in specs}) == len(specs)
    assert len({spec[2] for spec in specs}) == len(specs)
