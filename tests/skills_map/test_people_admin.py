"""The taxonomy in the Wagtail admin: Coordination creates a skill with a linked tutorial, the other roles
cannot; the skill chooser of the training-path editor opens for who edits paths; a path's page lists the
skills it brings, linked to their pages."""

import pytest
from django.urls import reverse

from skills_map.models import Skill, SkillTutorial
from tests.skills_map.factories import PathSkillFactory, SkillDomainFactory, SkillFactory
from tests.tutorials.factories import PathFactory, TutorialFactory

pytestmark = pytest.mark.django_db


def skill_form(domain, tutorial) -> dict:
    return {
        "name": "Désherbage", "slug": "desherbage", "domain": domain.pk, "description": "Retirer des documents.",
        "minimum_base": "on",
        "tutorial_links-TOTAL_FORMS": "1", "tutorial_links-INITIAL_FORMS": "0",
        "tutorial_links-MIN_NUM_FORMS": "0", "tutorial_links-MAX_NUM_FORMS": "1000",
        "tutorial_links-0-page": tutorial.pk, "tutorial_links-0-ORDER": "1", "tutorial_links-0-id": "",
        "tutorial_links-0-DELETE": "",
    }


def test_coordination_creates_a_skill_with_a_linked_tutorial(client_coordination):
    domain = SkillDomainFactory(name="Politique documentaire")
    tutorial = TutorialFactory(title="Désherber pas à pas")
    response = client_coordination.post(reverse("wagtailsnippets_skills_map_skill:add"), skill_form(domain, tutorial))
    assert response.status_code == 302, response.content.decode()[:3000]
    skill = Skill.objects.get(slug="desherbage")
    assert skill.minimum_base and skill.domain == domain
    assert list(SkillTutorial.objects.filter(skill=skill).values_list("page_id", flat=True)) == [tutorial.pk]
    # The skill's page lists it at once (the cached taxonomy and the links are fresh).
    assert "Désherber pas à pas" in client_coordination.get(skill.get_absolute_url()).content.decode()


@pytest.mark.parametrize("client_name", ["client_staff", "client_referent", "client_volunteer"])
def test_other_roles_cannot_create_a_skill(request, client_name):
    client = request.getfixturevalue(client_name)
    domain = SkillDomainFactory()
    response = client.post(reverse("wagtailsnippets_skills_map_skill:add"), skill_form(domain, TutorialFactory()))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/" not in response.url or "login" in response.url or response.url == reverse(
            "wagtailadmin_home")
    assert not Skill.objects.filter(slug="desherbage").exists()


def test_referents_and_staff_cannot_edit_a_skill(client_referent):
    skill = SkillFactory(name="Dewey")
    response = client_referent.post(reverse("wagtailsnippets_skills_map_skill:edit", args=[skill.pk]),
                                    {"name": "Renommée", "slug": skill.slug, "domain": skill.domain_id})
    assert response.status_code in (302, 403)
    skill.refresh_from_db()
    assert skill.name == "Dewey"


def test_the_skill_chooser_opens_for_who_edits_paths(client_coordination, client_referent, client_staff):
    SkillFactory(name="Médiation numérique")
    chooser = reverse("wagtailsnippetchoosers_skills_map_skill:choose")
    for client in (client_coordination, client_referent):
        response = client.get(chooser)
        assert response.status_code == 200
        assert "Médiation numérique" in response.json()["html"]
    assert client_staff.get(chooser).status_code in (302, 403)


def test_the_path_editor_shows_the_skills_it_brings(client_coordination):
    path = PathFactory(title="Parcours catalogage")
    PathSkillFactory(path=path, skill=SkillFactory(name="UNIMARC"), level=3)
    response = client_coordination.get(reverse("wagtailadmin_pages:edit", args=[path.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "skills_brought-TOTAL_FORMS" in html and "UNIMARC" in html


def test_a_path_page_lists_its_skills_linked_to_their_pages(client_staff):
    path = PathFactory(title="Parcours catalogage")
    skill = SkillFactory(name="UNIMARC")
    PathSkillFactory(path=path, skill=skill, level=3)
    html = client_staff.get(path.url).content.decode()
    assert skill.get_absolute_url() in html and "UNIMARC" in html and "Maîtrise" in html


def test_coordination_adds_a_skill_to_a_path_in_the_admin(client_coordination):
    path = PathFactory(title="Parcours catalogage")
    skill = SkillFactory(name="UNIMARC")
    steps = list(path.steps.order_by("sort_order"))
    data = {
        "title": path.title, "slug": path.slug, "introduction": path.introduction, "audience": path.audience,
        "duration_weeks": "4", "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
        "skills_brought-TOTAL_FORMS": "1", "skills_brought-INITIAL_FORMS": "0", "skills_brought-MIN_NUM_FORMS": "0",
        "skills_brought-MAX_NUM_FORMS": "1000", "skills_brought-0-skill": str(skill.pk),
        "skills_brought-0-level": "3", "skills_brought-0-id": "", "skills_brought-0-ORDER": "1",
        "skills_brought-0-DELETE": "",
        "steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": str(len(steps)), "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000", "action-publish": "action-publish",
    }
    for number, step in enumerate(steps):
        data.update({f"steps-{number}-id": str(step.pk), f"steps-{number}-title": step.title,
                     f"steps-{number}-kind": step.kind, f"steps-{number}-description": step.description,
                     f"steps-{number}-tutorial": "", f"steps-{number}-needs_validation": "on" if step.needs_validation
                     else "", f"steps-{number}-ORDER": str(number + 1), f"steps-{number}-DELETE": ""})
    response = client_coordination.post(reverse("wagtailadmin_pages:edit", args=[path.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert list(path.skills_brought.values_list("skill__name", "level")) == [("UNIMARC", 3)]
    assert skill.get_absolute_url() in client_coordination.get(path.url).content.decode()
