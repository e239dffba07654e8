"""Feed tokens: what opens a feed and what does not (404, no hint), the profile's « Régénérer » and
« Révoquer », the once-an-hour record of use, private bookings in feeds, and tokens kept out of
the logs."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from calendar_sync.feeds import tokens
from calendar_sync.feeds.log_filter import RedactFeedTokens, redact
from calendar_sync.models import FeedToken
from intranet.roles import Role

from .factories import BookingFactory, feed_url

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def status(url: str) -> int:
    return Client().get(url).status_code


def test_a_live_token_opens_its_feeds_and_a_wrong_one_gives_404(room, organizer):
    assert status(feed_url(organizer, "salle", room.slug)) == 200
    assert status(feed_url(organizer)) == 200
    wrong = reverse("agenda:feed", kwargs={"key": "x" * 43, "scope": "salle", "slug": room.slug})
    assert status(wrong) == 404
    assert status(reverse("agenda:feed_personal", kwargs={"key": "nope"})) == 404


def test_an_unknown_room_or_kind_of_feed_gives_404(room, organizer):
    assert status(feed_url(organizer, "salle", "salle-qui-n-existe-pas")) == 404
    assert status(feed_url(organizer, "inconnu", room.slug)) == 404


def test_a_revoked_token_gives_404_and_no_page_brings_it_back(room, organizer, client_as):
    url = feed_url(organizer, "salle", room.slug)
    tokens.feed_token_revoke(person=organizer)
    assert status(url) == 404
    assert tokens.feed_token_for(organizer) is None
    page = client_as(organizer).get(reverse("agenda:subscribe")).content.decode()
    assert "/agenda/flux/" not in page and "Vous avez révoqué vos liens d’agenda" in page
    assert FeedToken.objects.filter(person=organizer, revoked_at__isnull=True).count() == 0


def test_regenerating_kills_the_old_links_and_gives_working_new_ones(room, organizer):
    old = feed_url(organizer, "salle", room.slug)
    new_token = tokens.feed_token_regenerate(person=organizer)
    assert status(old) == 404
    assert new_token.key not in old
    assert status(feed_url(organizer, "salle", room.slug)) == 200


def test_the_token_of_an_inactive_account_gives_404(room, organizer):
    url = feed_url(organizer, "salle", room.slug)
    organizer.user.is_active = False
    organizer.user.save()
    assert status(url) == 404


def test_last_use_is_recorded_at_most_once_an_hour(clock, room, organizer):
    url = feed_url(organizer, "salle", room.slug)
    Client().get(url)
    first = FeedToken.objects.get(person=organizer).last_used_at
    assert first is not None
    clock.shift(minutes=30)
    Client().get(url)
    assert FeedToken.objects.get(person=organizer).last_used_at == first
    clock.shift(minutes=31)
    Client().get(url)
    assert FeedToken.objects.get(person=organizer).last_used_at > first


def test_profile_shows_my_link_and_regenerate_confirms_old_links_stop(client_as, organizer):
    client = client_as(organizer)
    old_key = tokens.feed_token_for(organizer).key
    page = client.get(reverse("profile")).content.decode()
    assert f"webcal://testserver/agenda/flux/{old_key}/personnel.ics" in page
    assert f'value="http://testserver/agenda/flux/{old_key}/personnel.ics"' in page and "readonly" in page
    response = client.post(reverse("agenda:feed_token_regenerate"), follow=True)
    new_key = tokens.feed_token_for(organizer).key
    assert new_key != old_key
    page = response.content.decode()
    assert new_key in page and old_key not in page
    assert "les anciens ne fonctionnent plus" in page
    assert status(reverse("agenda:feed_personal", kwargs={"key": old_key})) == 404


def test_profile_revoke_stops_every_link_until_a_new_one_is_created(client_as, organizer):
    client = client_as(organizer)
    key = tokens.feed_token_for(organizer).key
    page = client.post(reverse("agenda:feed_token_revoke"), follow=True).content.decode()
    assert key not in page and "/agenda/flux/" not in page
    assert status(reverse("agenda:feed_personal", kwargs={"key": key})) == 404
    client.post(reverse("agenda:feed_token_regenerate"))
    assert status(feed_url(organizer)) == 200


def test_regenerate_and_revoke_take_post_only(client_as, organizer):
    client = client_as(organizer)
    assert client.get(reverse("agenda:feed_token_regenerate")).status_code == 405
    assert client.get(reverse("agenda:feed_token_revoke")).status_code == 405
    assert Client().post(reverse("agenda:feed_token_revoke")).status_code == 302  # to the login page


@pytest.fixture
def private_booking(room, organizer):
    return BookingFactory(room=room, organizer=organizer, title="Entretien confidentiel", note="Dossier RH",
                          is_private=True, start=paris(2026, 3, 12, 10), end=paris(2026, 3, 12, 11))


def test_a_private_booking_shows_its_title_only_to_who_may_see_it(room, organizer, colleague, coordinator,
                                                                  private_booking):
    text = Client().get(feed_url(colleague, "salle", room.slug)).content.decode()
    assert "Entretien confidentiel" not in text and "Dossier RH" not in text
    assert private_booking.ical_uid in text and "CLASS:PRIVATE" in text and "SUMMARY:Réservé" in text
    for person in (organizer, coordinator):
        text = Client().get(feed_url(person, "salle", room.slug)).content.decode()
        assert "SUMMARY:Entretien confidentiel" in text
    library_text = Client().get(feed_url(colleague, "bibliotheque", room.library.slug)).content.decode()
    assert "Entretien confidentiel" not in library_text


def test_a_private_series_hides_its_title_in_the_master_and_overrides(room, organizer, colleague):
    from calendar_sync import services
    from calendar_sync.recurrence import RecurrenceRule

    rule = RecurrenceRule(frequency="weekly", first_date=dt.date(2026, 3, 17), start_time=dt.time(10),
                          end_time=dt.time(11), count=3)
    result = services.booking_series_create(room=room, organizer=organizer, title="Suivi individuel", rule=rule,
                                            is_private=True)
    services.booking_update(booking=result.bookings[1], by=organizer, start=paris(2026, 3, 24, 11),
                            end=paris(2026, 3, 24, 12))
    assert "Suivi individuel" not in Client().get(feed_url(colleague, "salle", room.slug)).content.decode()
    assert "Suivi individuel" in Client().get(feed_url(organizer, "salle", room.slug)).content.decode()


# --- never in the logs ------------------------------------------------------------------------------


def test_redact_replaces_the_key_of_every_feed_path():
    assert redact('"GET /agenda/flux/AbC-d_9/salle/x.ics HTTP/1.1" 200 12') == \
        '"GET /agenda/flux/…/salle/x.ics HTTP/1.1" 200 12'
    assert redact("Not Found: /agenda/flux/s3cr3t/personnel.ics") == "Not Found: /agenda/flux/…/personnel.ics"
    assert redact("/agenda/mois/") == "/agenda/mois/"


def test_a_404_on_a_feed_logs_the_path_without_its_key(caplog, room):
    key = "s3cr3t-k3y-that-must-not-leak"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert status(reverse("agenda:feed_personal", kwargs={"key": key})) == 404
    assert "/agenda/flux/…/personnel.ics" in caplog.text
    assert key not in caplog.text


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_the_runserver_request_line_is_logged_without_the_key(room, organizer):
    key = tokens.feed_token_for(organizer).key
    logger, handler = logging.getLogger("django.server"), Collect()
    logger.addHandler(handler)
    try:
        logger.info('"%s" %s %s', f"GET /agenda/flux/{key}/personnel.ics HTTP/1.1", "200", "512")
    finally:
        logger.removeHandler(handler)
    assert handler.lines == ['"GET /agenda/flux/…/personnel.ics HTTP/1.1" 200 512']
    assert any(isinstance(item, RedactFeedTokens) for item in logger.filters)


def test_elected_official_reads_only_network_calendars_on_the_subscribe_page(member, client_as):
    from .factories import NetworkCalendarFactory

    NetworkCalendarFactory(name="Fermetures", audience="network")
    NetworkCalendarFactory(name="Formations internes", audience="staff")
    elected = member(Role.ELECTED, first_name="Élise")
    page = client_as(elected).get(reverse("agenda:subscribe")).content.decode()
    assert "Fermetures" in page and "Formations internes" not in page
