"""The topics are a list Coordination edits in the admin; the topic chooser opens only for who holds
a permission on topics (Coordination, and referents who choose one when they write a page)."""

import pytest
from django.urls import reverse

from tutorials.models import Topic

pytestmark = pytest.mark.django_db


def test_the_issues_topics_are_there():
    names = set(Topic.objects.values_list("name", flat=True))
    assert {"Accueil et inscriptions", "SIGB et catalogage", "Informatique et maintenance", "Médiation numérique",
            "Communication", "Administratif et CNIL", "Action culturelle", "Jeunesse"} <= names


def test_coordination_adds_a_topic_in_the_admin(client_coordination):
    response = client_coordination.post(reverse("wagtailsnippets_tutorials_topic:add"),
                                        {"name": "Patrimoine", "slug": "patrimoine", "order": "90"})
    assert response.status_code == 302
    assert Topic.objects.filter(name="Patrimoine").exists()


def test_a_referent_cannot_add_a_topic_but_may_choose_one(client_referent):
    response = client_referent.post(reverse("wagtailsnippets_tutorials_topic:add"),
                                    {"name": "Patrimoine", "slug": "patrimoine", "order": "90"})
    assert response.status_code in (302, 403)
    assert not Topic.objects.filter(name="Patrimoine").exists()
    assert client_referent.get(reverse("wagtailsnippetchoosers_tutorials_topic:choose")).status_code == 200
