"""What « mine » brings to the core: the skills section of the person page (who may see it), the dashboard
nudge, the yearly reminder of `send_reminders`, the quick link and the benchmark."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from intranet.benchmarks import DEFAULT_USER
from intranet.hooks import BENCHMARKS, registered
from intranet.roles import Role
from skills_map.models import SkillProfile, Visibility
from skills_map.services.people import person_skills_confirm
from tests.html import texts
from tests.skills_map.factories import LibraryFactory, PersonSkillFactory, SkillFactory, SkillProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Lannilis", commune="Lannilis")


@pytest.fixture
def katell(member, library):
    return member(Role.STAFF, first_name="Katell", last_name="Morvan", library=library)


def _skills_of(katell, clock, *, validated_by=None):
    rameau, dewey = SkillFactory(name="RAMEAU", slug="rameau"), SkillFactory(name="Dewey", slug="dewey")
    PersonSkillFactory(person=katell, skill=rameau, level=4, willing_to_share=True, validated_by=validated_by,
                       validated_at=clock.now() - dt.timedelta(days=5) if validated_by else None,
                       evidence="referent" if validated_by else "")
    PersonSkillFactory(person=katell, skill=dewey, level=2)
    PersonSkillFactory(person=katell, skill=SkillFactory(name="Portail", slug="portail"), level=None,
                       wants_to_learn=True)


SECTION = ".person-skills li"


# --- The person page -------------------------------------------------------------------------------


def test_staff_read_a_named_persons_skills_by_level_validated_marked(katell, member, library, client_staff, clock):
    referent = member(Role.REFERENTS, first_name="Yann", library=library)
    _skills_of(katell, clock, validated_by=referent)
    page = client_staff.get(katell.get_absolute_url())
    assert texts(page.content, SECTION) == ["RAMEAU — Expertise (peut former) Validée prêt·e à partager",
                                            "Dewey — Pratique"]
    assert "Portail" not in page.content.decode()  # a wish to learn is not a skill to show


def test_an_aggregate_only_persons_skills_are_shown_to_nobody_but_themself(katell, client_staff, client_as, clock):
    _skills_of(katell, clock)
    SkillProfileFactory(person=katell, visibility=Visibility.AGGREGATE)
    others = client_staff.get(katell.get_absolute_url()).content.decode()
    assert "RAMEAU" not in others and 'id="section-skills"' not in others
    own = client_as(katell).get(katell.get_absolute_url()).content.decode()
    assert 'id="section-skills"' in own and "RAMEAU" in own
    assert "les autres ne les voient que si vous avez choisi" in own


@pytest.mark.parametrize("role", [Role.VOLUNTEERS, Role.ELECTED])
def test_readers_who_may_not_see_names_read_no_skills_section(role, katell, account, client_as, clock):
    _skills_of(katell, clock)
    page = client_as(account(role)).get(katell.get_absolute_url()).content.decode()
    assert 'id="section-skills"' not in page and "RAMEAU" not in page


def test_a_volunteer_is_not_shown_by_default(member, library, client_staff, clock):
    volunteer = member(Role.VOLUNTEERS, first_name="Nolwenn", library=library)
    PersonSkillFactory(person=volunteer, skill=SkillFactory(name="RAMEAU"), level=3)
    assert 'id="section-skills"' not in client_staff.get(volunteer.get_absolute_url()).content.decode()
    SkillProfileFactory(person=volunteer, visibility=Visibility.NAMED)
    assert 'id="section-skills"' in client_staff.get(volunteer.get_absolute_url()).content.decode()


def test_no_skills_no_heading(katell, client_as):
    assert 'id="section-skills"' not in client_as(katell).get(katell.get_absolute_url()).content.decode()


# --- The dashboard nudge ---------------------------------------------------------------------------

PANEL = 'id="panel-skills_nudge"'


def test_the_dashboard_invites_to_fill_empty_skills(client_as, katell):
    page = client_as(katell).get("/").content.decode()
    assert PANEL in page and "Remplir mes compétences" in page
    assert reverse("skills_map:mine_confirm") not in page  # nothing to confirm yet


def test_no_nudge_while_my_skills_are_fresh(client_as, katell, clock):
    _skills_of(katell, clock)
    assert PANEL not in client_as(katell).get("/").content.decode()


def test_the_dashboard_invites_to_confirm_skills_a_year_old_and_still_true_hides_it(client_as, katell, clock):
    _skills_of(katell, clock)
    clock.shift(days=370)
    client = client_as(katell)
    page = client.get("/").content.decode()
    assert PANEL in page and "Vous avez confirmé vos compétences pour la dernière fois le 10 mars 2026" in page
    assert reverse("skills_map:mine_confirm") in page
    client.post(reverse("skills_map:mine_confirm"))
    assert PANEL not in client.get("/").content.decode()


def test_the_profiles_confirmation_counts_before_the_rows(client_as, katell, clock):
    _skills_of(katell, clock)
    clock.shift(days=370)
    SkillProfileFactory(person=katell, confirmed_at=clock.now() - dt.timedelta(days=10))
    assert PANEL not in client_as(katell).get("/").content.decode()


def test_elected_officials_get_no_nudge(client_elected):
    assert PANEL not in client_elected.get("/").content.decode()


def test_the_quick_link_leads_to_my_skills(client_volunteer, client_elected):
    assert "Mes compétences" in texts(client_volunteer.get("/").content, ".links a")
    assert "Mes compétences" not in texts(client_elected.get("/").content, ".links a")


# --- The yearly reminder ---------------------------------------------------------------------------


def send_reminders(capture):
    with capture(execute=True):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _sent_to(person) -> list:
    return [message for message in mail.outbox if person.user.email in message.to]


def test_an_empty_profile_is_reminded_once_a_year(katell, clock, django_capture_on_commit_callbacks):
    send_reminders(django_capture_on_commit_callbacks)
    send_reminders(django_capture_on_commit_callbacks)
    sent = _sent_to(katell)
    assert len(sent) == 1
    assert sent[0].subject == "Dites au réseau ce que vous savez faire"
    assert "/competences/mes-competences/" in sent[0].body
    assert SkillProfile.objects.get(person=katell).nudged_at == clock.now()
    clock.shift(days=183)
    send_reminders(django_capture_on_commit_callbacks)
    assert len(_sent_to(katell)) == 1
    clock.shift(days=183)
    send_reminders(django_capture_on_commit_callbacks)
    assert len(_sent_to(katell)) == 2


def test_unconfirmed_skills_are_reminded_and_still_true_stops_it(katell, clock, django_capture_on_commit_callbacks):
    _skills_of(katell, clock)
    send_reminders(django_capture_on_commit_callbacks)
    assert _sent_to(katell) == []  # fresh
    clock.shift(days=370)
    send_reminders(django_capture_on_commit_callbacks)
    sent = _sent_to(katell)
    assert len(sent) == 1 and sent[0].subject == "Vos compétences sont-elles toujours vraies ?"
    assert "vos 3 compétences depuis 12 mois" in sent[0].body
    clock.shift(days=183)
    send_reminders(django_capture_on_commit_callbacks)
    assert len(_sent_to(katell)) == 1  # not again six months later
    person_skills_confirm(person=katell, by=katell)
    clock.shift(days=190)
    send_reminders(django_capture_on_commit_callbacks)
    assert len(_sent_to(katell)) == 1  # confirmed: nothing due


def test_still_unconfirmed_a_year_later_is_reminded_again(katell, clock, django_capture_on_commit_callbacks):
    _skills_of(katell, clock)
    clock.shift(days=370)
    send_reminders(django_capture_on_commit_callbacks)
    clock.shift(days=366)
    send_reminders(django_capture_on_commit_callbacks)
    assert len(_sent_to(katell)) == 2


def test_who_is_not_reminded(member, library, katell, clock, django_capture_on_commit_callbacks):
    elected = member(Role.ELECTED, first_name="Maryvonne", library=library)
    left = member(Role.STAFF, first_name="Gwen", library=library, active=False)
    disabled = member(Role.STAFF, first_name="Loïc", library=library)
    disabled.user.is_active = False
    disabled.user.save()
    volunteer = member(Role.VOLUNTEERS, first_name="Nolwenn", library=library)
    send_reminders(django_capture_on_commit_callbacks)
    assert _sent_to(elected) == _sent_to(left) == _sent_to(disabled) == []
    assert len(_sent_to(volunteer)) == 1 and len(_sent_to(katell)) == 1


# --- The benchmark ---------------------------------------------------------------------------------


def test_the_form_is_benchmarked_as_the_default_account():
    bench = next(entry for entry in registered(BENCHMARKS) if entry.name == "skills_my_skills")
    assert bench.build() == reverse("skills_map:mine") and bench.user == DEFAULT_USER


# --- Query counts of the pages the hooks add to ------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 10])
def test_the_dashboard_and_person_page_stay_within_budget(katell, member, library, client_as, clock, scale,
                                                          django_assert_max_num_queries):
    skills = [SkillFactory(name=f"Compétence {n}", slug=f"competence-{n}") for n in range(5 * scale)]
    for skill in skills:
        PersonSkillFactory(person=katell, skill=skill, level=3, confirmed_at=clock.now() - dt.timedelta(days=400))
    reader = client_as(member(Role.STAFF, first_name="Erwan", library=library))
    own = client_as(katell)
    own.get("/")  # a warm server: the site's settings made once, the caches filled
    with django_assert_max_num_queries(25):
        assert PANEL in own.get("/").content.decode()
    with django_assert_max_num_queries(12):
        page = reader.get(katell.get_absolute_url())
    assert len(texts(page.content, SECTION)) == 5 * scale
