"""« Mes compétences »: the form of every skill saves only what changed (through the service), refuses bad
input with nothing saved, works as a plain POST, « Toujours vrai », the visibility choice, and its
query count stays the same at ten times the data."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from intranet.roles import Role
from skills_map.models import Evidence, PersonSkill, SkillProfile, Visibility
from tests.skills_map.factories import (
    LibraryFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillDomainFactory,
    SkillFactory,
    skills_form_data,
)

pytestmark = pytest.mark.django_db

URL = "/competences/mes-competences/"


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Lannilis", commune="Lannilis")


@pytest.fixture
def katell(member, library):
    return member(Role.STAFF, first_name="Katell", library=library)


@pytest.fixture
def skills():
    catalogage = SkillDomainFactory(name="Catalogage et signalement", slug="catalogage")
    numerique = SkillDomainFactory(name="Numérique", slug="numerique")
    return [SkillFactory(name="RAMEAU", slug="rameau", domain=catalogage),
            SkillFactory(name="Dewey", slug="dewey", domain=catalogage),
            SkillFactory(name="Portail", slug="portail", domain=numerique)]


def test_the_url_is_the_french_one():
    assert reverse("skills_map:mine") == URL


def test_the_form_groups_every_skill_by_domain_with_a_label_for_each_control(client_as, katell, skills):
    page = client_as(katell).get(URL).content.decode()
    assert page.count("<fieldset") >= 2
    assert "<legend>Catalogage et signalement</legend>" in page and "<legend>Numérique</legend>" in page
    rameau = skills[0]
    assert f'<label class="visually-hidden" for="level-{rameau.pk}">Niveau en RAMEAU</label>' in page
    assert f'for="learn-{rameau.pk}"' in page and f'for="target-{rameau.pk}"' in page
    assert f'for="share-{rameau.pk}"' in page
    assert 'id="level-descriptors"' in page and 'aria-describedby="level-descriptors' in page
    assert ("<dt>3. Maîtrise</dt><dd>Je traite les cas difficiles et mes collègues viennent me poser leurs "
            "questions.</dd>") in page


def test_saving_writes_only_the_skills_that_changed(client_as, katell, skills, clock):
    rameau, dewey, portail = skills
    PersonSkillFactory(person=katell, skill=rameau, level=2)
    PersonSkillFactory(person=katell, skill=dewey, level=3)
    before = set(PersonSkill.objects.values_list("pk", flat=True))
    shown = {rameau: (2, False, None, False), dewey: (3, False, None, False)}
    clock.shift(days=1)

    response = client_as(katell).post(URL, skills_form_data(skills, shown, dewey=(4, False, None, True),
                                                            portail=(1, True, 3, False)), follow=True)

    assert response.status_code == 200
    assert "2 compétences mises à jour" in response.content.decode()
    rows = PersonSkill.objects.filter(person=katell)
    assert rows.count() == 4  # RAMEAU untouched; Dewey closed and reopened; Portail new
    assert rows.current().get(skill=rameau).pk in before
    old_dewey = rows.get(skill=dewey, valid_until__isnull=False)
    new_dewey = rows.current().get(skill=dewey)
    assert (old_dewey.level, new_dewey.level, new_dewey.willing_to_share) == (3, 4, True)
    assert old_dewey.valid_until == new_dewey.valid_from
    portail_row = rows.current().get(skill=portail)
    assert (portail_row.level, portail_row.wants_to_learn, portail_row.target_level) == (1, True, 3)


def test_saving_the_same_answers_changes_nothing(client_as, katell, skills):
    PersonSkillFactory(person=katell, skill=skills[0], level=2, willing_to_share=True)
    before = list(PersonSkill.objects.values_list("pk", "valid_until"))
    response = client_as(katell).post(URL, skills_form_data(skills, {skills[0]: (2, False, None, True)}),
                                      follow=True)
    assert "Rien n’a changé." in response.content.decode()
    assert list(PersonSkill.objects.values_list("pk", "valid_until")) == before


def test_withdrawing_a_skill_closes_its_row_and_keeps_the_history(client_as, katell, skills):
    PersonSkillFactory(person=katell, skill=skills[0], level=2)
    client_as(katell).post(URL, skills_form_data(skills))
    assert not PersonSkill.objects.current().filter(person=katell).exists()
    assert PersonSkill.objects.filter(person=katell, valid_until__isnull=False).count() == 1


def test_a_target_not_above_the_level_is_refused_next_to_its_skill_and_nothing_is_saved(client_as, katell, skills):
    rameau, _dewey, _portail = skills
    response = client_as(katell).post(URL, skills_form_data(skills, rameau=(3, True, 2, False),
                                                            portail=(2, False, None, False)))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="error-{rameau.pk}"' in page
    assert "Le niveau que vous visez en « RAMEAU » doit être supérieur" in page
    assert f'aria-describedby="level-descriptors error-{rameau.pk}"' in page
    assert not PersonSkill.objects.exists()
    # What was typed is shown again, not lost.
    assert '<option value="2" selected>' in page


def test_a_level_out_of_the_scale_is_refused(client_as, katell, skills):
    data = skills_form_data(skills)
    data[f"level-{skills[1].pk}"] = "7"
    response = client_as(katell).post(URL, data)
    assert response.status_code == 400
    assert "Choisissez un niveau entre 1 et 4 pour « Dewey »" in response.content.decode()
    assert not PersonSkill.objects.exists()


def test_a_skill_not_posted_is_left_as_it_is(client_as, katell, skills):
    """A skill added since the page was loaded (or a partial POST) is not withdrawn."""
    PersonSkillFactory(person=katell, skill=skills[2], level=3)
    data = {f"level-{skills[0].pk}": "1"}
    client_as(katell).post(URL, data)
    assert PersonSkill.objects.current().get(person=katell, skill=skills[2]).level == 3
    assert PersonSkill.objects.current().get(person=katell, skill=skills[0]).level == 1


def test_the_page_says_what_is_validated_expired_or_self_declared(client_as, katell, member, library, skills, clock):
    referent = member(Role.REFERENTS, first_name="Yann", last_name="Le Gall", library=library)
    rameau, dewey, portail = skills
    PersonSkillFactory(person=katell, skill=rameau, level=3, validated_by=referent,
                       validated_at=clock.now() - dt.timedelta(days=30), evidence=Evidence.REFERENT)
    PersonSkillFactory(person=katell, skill=dewey, level=2, validated_by=referent,
                       validated_at=clock.now() - dt.timedelta(days=4 * 365), evidence=Evidence.REFERENT)
    PersonSkillFactory(person=katell, skill=portail, level=1, confirmed_at=clock.now() - dt.timedelta(days=10))
    page = client_as(katell).get(URL).content.decode()
    assert "par Yann Le Gall le 8 février 2026" in page
    assert "(Revue par le ou la référente)" in page
    assert "validation expirée</span> validée le 11 mars 2022, désormais auto-déclarée" in page
    assert page.count("Auto-déclarée") == 1
    assert "Dernière confirmation le 28 février 2026" in page


def test_still_true_confirms_every_skill(client_as, katell, skills, clock):
    for skill in skills[:2]:
        PersonSkillFactory(person=katell, skill=skill, level=2, confirmed_at=clock.now() - dt.timedelta(days=400))
    rows_before = PersonSkill.objects.count()
    response = client_as(katell).post(reverse("skills_map:mine_confirm"), follow=True)
    assert "2 compétences confirmées" in response.content.decode()
    assert PersonSkill.objects.count() == rows_before
    assert set(PersonSkill.objects.values_list("confirmed_at", flat=True)) == {clock.now()}
    assert SkillProfile.objects.get(person=katell).confirmed_at == clock.now()


def test_still_true_is_a_post_and_shown_only_with_skills(client_as, katell, skills):
    client = client_as(katell)
    assert client.get(reverse("skills_map:mine_confirm")).status_code == 405
    assert reverse("skills_map:mine_confirm") not in client.get(URL).content.decode()
    PersonSkillFactory(person=katell, skill=skills[0], level=2)
    assert reverse("skills_map:mine_confirm") in client.get(URL).content.decode()


def test_staff_are_shown_by_default_and_may_opt_out(client_as, katell, skills):
    client = client_as(katell)
    page = client.get(URL).content.decode()
    assert re.search(r'<input type="radio" name="visibility" value="named"[^>]* checked', page)
    assert "vous pouvez choisir à la place d’être seulement compté·e dans les totaux" in page
    assert "Actuellement : visibles avec votre nom par le personnel du réseau. (le choix par défaut" in page
    response = client.post(reverse("skills_map:mine_visibility"), {"visibility": "aggregate"}, follow=True)
    assert response.status_code == 200
    assert SkillProfile.objects.get(person=katell).visibility == Visibility.AGGREGATE


def test_volunteers_are_counted_only_by_default_and_read_their_own_notice(member, client_as, library, skills):
    volunteer = member(Role.VOLUNTEERS, first_name="Nolwenn", library=library)
    page = client_as(volunteer).get(URL).content.decode()
    assert "En tant que bénévole" in page
    assert "Actuellement : comptées seulement dans les totaux." in page
    assert re.search(r'<input type="radio" name="visibility" value="aggregate"[^>]* checked', page)
    assert not SkillProfile.objects.filter(person=volunteer).exists()  # reading never writes
    client_as(volunteer).post(reverse("skills_map:mine_visibility"), {"visibility": "named"})
    assert SkillProfile.objects.get(person=volunteer).visibility == Visibility.NAMED


def test_a_wrong_visibility_is_refused(client_as, katell, skills):
    response = client_as(katell).post(reverse("skills_map:mine_visibility"), {"visibility": "everyone"})
    assert response.status_code == 400
    assert not SkillProfile.objects.exists()


@pytest.mark.parametrize("name", ["mine", "mine_export_csv", "mine_export_json", "teachers"])
def test_elected_officials_get_403_on_every_page(client_elected, name):
    assert client_elected.get(reverse(f"skills_map:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["mine", "mine_confirm", "mine_visibility"])
def test_elected_officials_get_403_on_every_post(client_elected, name):
    assert client_elected.post(reverse(f"skills_map:{name}"), {"visibility": "named"}).status_code == 403


def test_the_tabs_lead_to_my_skills_and_who_could_teach_me(client_as, katell, skills):
    page = client_as(katell).get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Mes compétences</a>' in page
    assert reverse("skills_map:teachers") in page


# --- Query counts ----------------------------------------------------------------------------------


def _network(katell, scale: int):
    """Fifty skills; others' rows and the person's own history, `scale` times."""
    domains = [SkillDomainFactory(name=f"Domaine {n}", slug=f"domaine-{n}") for n in range(8)]
    skills = [SkillFactory(name=f"Compétence {n}", slug=f"competence-{n}", domain=domains[n % 8]) for n in range(50)]
    others = [PersonFactory(library=katell.library) for _ in range(scale * 3)]
    PersonSkill.objects.bulk_create([
        PersonSkill(person=other, skill=skill, level=3, confirmed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    valid_from=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        for other in others for skill in skills[:20]])
    # Katell's own history: `scale` closed rows per skill of the first ten, and a current one.
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    history = []
    for skill in skills[:10]:
        for n in range(scale):
            history.append(PersonSkill(person=katell, skill=skill, level=1 + n % 4, confirmed_at=start,
                                       valid_from=start + dt.timedelta(days=n),
                                       valid_until=start + dt.timedelta(days=n + 1)))
        history.append(PersonSkill(person=katell, skill=skill, level=2, confirmed_at=start,
                                   valid_from=start + dt.timedelta(days=scale + 1)))
    PersonSkill.objects.bulk_create(history)
    return skills


@pytest.mark.parametrize("scale", [1, 10])
def test_the_form_runs_the_same_queries_at_ten_times_the_data(client_as, katell, scale, django_assert_max_num_queries):
    skills = _network(katell, scale)
    client = client_as(katell)
    client.get(URL)  # warm: the taxonomy is cached
    with django_assert_max_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("<select") == 2 * len(skills)


@pytest.mark.parametrize("scale", [1, 10])
def test_saving_runs_the_same_queries_at_ten_times_the_data(client_as, katell, scale, django_assert_max_num_queries):
    skills = _network(katell, scale)
    client = client_as(katell)
    client.get(URL)
    data = skills_form_data(skills, dict.fromkeys(skills[:10], (2, False, None, False)),
                            competence_20=(3, False, None, True))
    with django_assert_max_num_queries(20):
        response = client.post(URL, data)
    assert response.status_code == 302
