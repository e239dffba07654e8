"""Leaving the network, the core's part: Coordination's screen, the dry run, the handover of mentees
and pages, the account closed at once, and the anonymisation once the retention period is over."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Page

from intranet import departures
from intranet.errors import NotAllowed
from intranet.models import Departure, Person
from intranet.roles import Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(member):
    return member(Role.STAFF, first_name="Gaëlle", last_name="Quéré", phone="02 98 00 00 01", bio="Contes du mardi")


@pytest.fixture
def coordinator(coordination_user):
    return coordination_user.person


def test_the_dry_run_lists_what_would_change_and_changes_nothing(leaver, coordinator):
    report = departures.person_leave(person=leaver, by=coordinator, dry_run=True)
    assert report.count("intranet.account_closed") == 1
    leaver.refresh_from_db()
    leaver.user.refresh_from_db()
    assert leaver.active and leaver.user.is_active and leaver.user.has_usable_password()
    assert not Departure.objects.exists()


def test_leaving_closes_the_account_and_removes_from_the_directory(leaver, coordinator, client_as, client_staff):
    session = client_as(leaver.user)
    assert session.get("/profil/").status_code == 200
    departures.person_leave(person=leaver, by=coordinator)
    leaver.refresh_from_db()
    assert not leaver.active and not leaver.user.is_active
    assert Departure.objects.get(person=leaver).recorded_by == coordinator
    assert session.get("/profil/").status_code == 302  # the open session ends: back to the login page
    assert leaver.get_absolute_url() not in client_staff.get("/annuaire/?q=Quéré").content.decode()
    assert client_staff.get(leaver.get_absolute_url()).status_code == 404


def test_mentees_and_pages_go_to_the_successor(leaver, coordinator, member):
    successor = member(Role.STAFF, first_name="Yann")
    volunteer = PersonFactory(mentor=leaver)
    page = Page.objects.get(depth=2)
    page.owner = leaver.user
    page.save(update_fields=["owner"])
    report = departures.person_leave(person=leaver, by=coordinator, successor=successor)
    volunteer.refresh_from_db()
    page.refresh_from_db()
    assert volunteer.mentor == successor and page.owner == successor.user
    assert report.count("intranet.mentees_handed") == 1 and report.count("intranet.pages_handed") == 1


def test_without_a_successor_mentees_refuse_the_departure_and_nothing_changes(leaver, coordinator):
    PersonFactory(mentor=leaver)
    with pytest.raises(departures.DepartureRefused) as refused:
        departures.person_leave(person=leaver, by=coordinator)
    assert "1" in refused.value.message
    leaver.refresh_from_db()
    assert leaver.active and not Departure.objects.exists()


def test_only_the_coordination_records_a_departure(leaver, staff_user):
    with pytest.raises(NotAllowed):
        departures.person_leave(person=leaver, by=staff_user.person)
    assert not Departure.objects.exists()


def test_one_cannot_leave_twice_nor_hand_over_to_oneself(leaver, coordinator):
    with pytest.raises(departures.DepartureRefused):
        departures.person_leave(person=leaver, by=coordinator, successor=leaver)
    departures.person_leave(person=leaver, by=coordinator)
    with pytest.raises(departures.DepartureRefused):
        departures.person_leave(person=leaver, by=coordinator)


def test_the_screen_previews_then_confirms(leaver, client_coordination):
    url = f"/annuaire/personnes/{leaver.pk}/depart/"
    assert client_coordination.get(url).status_code == 200
    preview = client_coordination.post(url, {"action": "preview"})
    assert preview.status_code == 200
    text = BeautifulSoup(preview.content, "html.parser").get_text(" ")
    assert "Compte" in text and "fermé" in text  # « Compte … fermé », the dry run's line
    leaver.refresh_from_db()
    assert leaver.active
    done = client_coordination.post(url, {"action": "confirm"}, follow=True)
    assert done.redirect_chain[-1][0] == "/annuaire/departs/"
    assert "Quéré" in done.content.decode()
    leaver.refresh_from_db()
    assert not leaver.active


def test_the_successor_is_found_by_email_and_an_unknown_one_is_refused(leaver, client_coordination, member):
    successor = member(Role.STAFF, first_name="Yann", email="yann.relai@example.org")
    PersonFactory(mentor=leaver)
    url = f"/annuaire/personnes/{leaver.pk}/depart/"
    refused = client_coordination.post(url, {"action": "confirm", "successor": "personne@example.org"})
    assert refused.status_code == 400
    assert "personne@example.org" in refused.content.decode()
    leaver.refresh_from_db()
    assert leaver.active
    client_coordination.post(url, {"action": "confirm", "successor": "YANN.relai@example.org"})
    assert Departure.objects.get(person=leaver).successor == successor


@pytest.mark.parametrize("role", [Role.REFERENTS, Role.STAFF, Role.VOLUNTEERS, Role.ELECTED])
def test_other_roles_cannot_open_the_departure_screens(leaver, role, account, client_as):
    session = client_as(account(role))
    assert session.get(f"/annuaire/personnes/{leaver.pk}/depart/").status_code == 403
    assert session.post(f"/annuaire/personnes/{leaver.pk}/depart/", {"action": "confirm"}).status_code == 403
    assert session.get("/annuaire/departs/").status_code == 403
    leaver.refresh_from_db()
    assert leaver.active


def test_after_the_retention_period_the_profile_and_email_are_erased_but_the_name_stays(
        leaver, coordinator, clock, settings):
    departures.person_leave(person=leaver, by=coordinator)
    clock.shift(dt.timedelta(days=settings.DEPARTED_RETENTION_DAYS - 1))
    assert departures.departed_anonymise() == []
    clock.shift(dt.timedelta(days=2))
    dry = departures.departed_anonymise(dry_run=True)
    assert dry[0].count("intranet.account_erased") == 1
    leaver.refresh_from_db()
    assert leaver.phone == "02 98 00 00 01"
    reports = departures.departed_anonymise()
    assert [report.person for report in reports] == [leaver]
    leaver = Person.objects.select_related("user").get(pk=leaver.pk)
    assert (leaver.first_name, leaver.last_name) == ("Gaëlle", "Quéré")
    assert (leaver.phone, leaver.bio) == ("", "")
    assert leaver.user.email.endswith("@departed.invalid")
    assert Departure.objects.get(person=leaver).anonymised_at is not None
    assert departures.departed_anonymise() == []  # done once


def test_send_reminders_runs_the_anonymisation(leaver, coordinator, clock, settings):
    departures.person_leave(person=leaver, by=coordinator)
    clock.shift(dt.timedelta(days=settings.DEPARTED_RETENTION_DAYS + 1))
    from io import StringIO
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "Gaëlle Quéré" in out.getvalue()
    assert Departure.objects.get(person=leaver).anonymised_at is not None


def test_the_anonymisation_command_dry_run_changes_nothing(leaver, coordinator, clock, settings):
    departures.person_leave(person=leaver, by=coordinator)
    clock.shift(dt.timedelta(days=settings.DEPARTED_RETENTION_DAYS + 1))
    from io import StringIO
    out = StringIO()
    call_command("anonymise_departed", "--dry-run", stdout=out)
    assert "would erase" in out.getvalue()
    assert Departure.objects.get(person=leaver).anonymised_at is None


def test_only_the_coordination_sees_the_departure_links(leaver, client_coordination, client_staff):
    url = f"/annuaire/personnes/{leaver.pk}/depart/"
    assert url in client_coordination.get(leaver.get_absolute_url()).content.decode()
    assert "/annuaire/departs/" in client_coordination.get("/annuaire/").content.decode()
    assert url not in client_staff.get(leaver.get_absolute_url()).content.decode()
    assert "/annuaire/departs/" not in client_staff.get("/annuaire/").content.decode()
