"""The network agenda's month, week and list views as each role sees them, its filters, an event's
page, and the coordination's pages to add, change and cancel an event."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from calendar_sync.models import AgendaEvent, BookingStatus, EventStatus
from tests.html import texts

from .factories import AgendaEventFactory, BookingFactory, NetworkCalendarFactory, RoomFactory
from .helpers import soup

PARIS = ZoneInfo("Europe/Paris")
EVENT_TITLES = ".agenda-event a, .agenda-event .agenda-event__title"


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def titles(response) -> list[str]:
    return texts(response.content, EVENT_TITLES)


@pytest.fixture
def calendars(db):
    return {
        "network": NetworkCalendarFactory(name="Actions culturelles", audience="network", colour="#8a2f7a"),
        "staff": NetworkCalendarFactory(name="Formations", audience="staff"),
    }


@pytest.fixture
def events(calendars):
    return {
        "concert": AgendaEventFactory(calendar=calendars["network"], title="Concert dessiné",
                                      start=paris(2026, 3, 12, 18)),
        "training": AgendaEventFactory(calendar=calendars["staff"], title="Prise en main du SIGB",
                                       start=paris(2026, 3, 13, 9)),
    }


def test_the_month_is_a_grid_of_weeks_starting_monday_with_today_said_in_words(client_staff, events):
    page = soup(client_staff.get("/agenda/?month=2026-03"))

    table = page.select_one("table.month")
    assert table.caption.get_text(strip=True) == "Événements de mars 2026"
    assert [th["scope"] for th in table.thead.select("th")] == ["col"] * 7
    assert table.thead.select("th abbr")[0]["title"] == "lundi"
    first_cell = table.tbody.select_one("td")
    assert "23" in first_cell.select_one(".month__date").get_text()  # Monday 23 February opens the grid
    today = table.select_one("[aria-current=date]")
    assert "10" in today.select_one(".month__date").get_text() and "aujourd'hui" in today.get_text()
    assert len(table.tbody.select("tr")) == 6  # 23 Feb – 5 Apr


def test_staff_see_network_and_staff_calendars_each_named_in_words(client_staff, events):
    response = client_staff.get("/agenda/?month=2026-03")

    assert titles(response) == ["Concert dessiné", "Prise en main du SIGB"]
    labels = texts(response.content, ".agenda-event__label")
    assert labels == ["Actions culturelles", "Formations"]


def test_an_elected_official_sees_network_calendars_and_their_bodies_meetings_only(client_elected, elected_user,
                                                                                   events):
    from tests.governance.factories import BodyFactory, MeetingFactory, MembershipFactory

    mayors = BodyFactory(title="Conférence des maires", kind="mayors", reading_rule="members")
    MembershipFactory(body=mayors, person=elected_user.person)
    MeetingFactory(body=mayors, title="Budget", start=paris(2026, 3, 16, 18), end=paris(2026, 3, 16, 20))
    other = BodyFactory(title="COTECH", kind="technical", reading_rule="members")
    MeetingFactory(body=other, title="Réunion des référents", start=paris(2026, 3, 17, 10),
                   end=paris(2026, 3, 17, 12))

    response = client_elected.get("/agenda/?month=2026-03")

    assert titles(response) == ["Concert dessiné", "Conférence des maires — Budget"]
    assert "Réunions des instances" in texts(response.content, ".agenda-event__label")[1]


def test_room_bookings_show_only_when_asked_and_private_titles_stay_hidden(client_volunteer, events, library):
    room = RoomFactory(name="Salle du conte", library=library)
    BookingFactory(room=room, title="Entretien RH", start=paris(2026, 3, 11, 10), end=paris(2026, 3, 11, 11),
                   is_private=True, status=BookingStatus.CONFIRMED)

    plain = client_volunteer.get("/agenda/?month=2026-03")
    without_library = client_volunteer.get("/agenda/?month=2026-03&filtered=1&source=network_events"
                                           "&source=room_bookings")
    asked = client_volunteer.get("/agenda/?month=2026-03&filtered=1&source=network_events&source=room_bookings"
                                 "&library=Plouvenec")

    assert titles(plain) == ["Concert dessiné"]
    assert titles(without_library) == ["Concert dessiné"]
    assert "une médiathèque à la fois" in without_library.content.decode()
    assert titles(asked) == ["Réservé"]  # the concert belongs to no library
    assert "Entretien RH" not in asked.content.decode()


def test_the_calendar_and_library_filters_keep_what_they_name(client_staff, calendars, library):
    AgendaEventFactory(calendar=calendars["network"], title="Conte à Plouvenec", start=paris(2026, 3, 14, 10),
                       library=library)
    AgendaEventFactory(calendar=calendars["network"], title="Conte ailleurs", start=paris(2026, 3, 14, 11))
    AgendaEventFactory(calendar=calendars["staff"], title="Formation", start=paris(2026, 3, 14, 14))
    base = "/agenda/?month=2026-03&filtered=1&source=network_events"

    only_staff = client_staff.get(f"{base}&calendar={calendars['staff'].slug}")
    in_library = client_staff.get(f"{base}&calendar={calendars['network'].slug}&calendar={calendars['staff'].slug}"
                                  "&library=plouvenec")

    assert titles(only_staff) == ["Formation"]
    assert titles(in_library) == ["Conte à Plouvenec"]
    assert "Événements de Médiathèque de Plouvenec seulement." in in_library.content.decode()
    page = soup(in_library)
    assert page.select_one("input[name=library]")["value"] == "plouvenec"
    assert page.select_one("select[name=library]") is None  # a search field, never a list of libraries


def test_a_day_with_many_events_shows_a_few_then_says_how_many_more(client_staff, calendars):
    for hour in range(8, 15):
        AgendaEventFactory(calendar=calendars["network"], title=f"Atelier {hour}h", start=paris(2026, 3, 20, hour))

    response = client_staff.get("/agenda/?month=2026-03")

    assert len(titles(response)) == 4
    assert texts(response.content, ".month__more a")[0].startswith("et 3 autres")


def test_the_month_links_to_the_previous_and_next_months_keeping_the_filters(client_staff, events):
    page = soup(client_staff.get("/agenda/?month=2026-03&filtered=1&source=network_events"))
    prev, nxt = page.select_one("a[rel=prev]")["href"], page.select_one("a[rel=next]")["href"]
    assert "month=2026-02" in prev and "source=network_events" in prev and "month=2026-04" in nxt


def test_the_week_across_the_dst_change_keeps_a_weekly_event_at_its_wall_clock_time(client_staff, calendars):
    AgendaEventFactory(calendar=calendars["network"], title="Club lecture", start=paris(2026, 3, 26, 18),
                       end=paris(2026, 3, 26, 19), rrule="FREQ=DAILY;COUNT=5")

    response = client_staff.get("/agenda/semaine/?date=2026-03-29")

    assert texts(response.content, ".agenda-week tbody th")[0].startswith("lundi 23 mars")
    whens = texts(response.content, ".agenda-event__when")
    assert whens == ["18:00–19:00"] * 4  # Thursday 26 to Sunday 29, the day summer time starts


def test_an_occurrence_links_to_its_series_page_with_its_date(client_staff, calendars):
    master = AgendaEventFactory(calendar=calendars["staff"], title="Navette", start=paris(2026, 3, 10, 8),
                                rrule="FREQ=WEEKLY;COUNT=4", exdates=[paris(2026, 3, 17, 8).astimezone(dt.UTC)
                                                                      .isoformat()])
    moved = AgendaEventFactory(calendar=calendars["staff"], uid=master.uid, title="Navette (mercredi)",
                               recurrence_id=paris(2026, 3, 24, 8), start=paris(2026, 3, 25, 8))

    page = soup(client_staff.get("/agenda/semaine/?date=2026-03-24"))
    link = page.select_one(".agenda-event a")
    assert link.get_text() == "Navette (mercredi)" and link["href"].startswith(f"/agenda/evenements/{moved.pk}/")

    detail = soup(client_staff.get(f"/agenda/evenements/{master.pk}/?date=2026-03-31"))
    assert "Occurrence du mardi 31 mars 2026" in detail.h1.get_text()
    assert [a.get_text() for a in detail.select("[aria-labelledby=next-title] a")] == [
        "mardi 31 mars 2026, 08:00"]
    override_page = soup(client_staff.get(moved.get_absolute_url()))
    assert override_page.select_one(".notice a")["href"] == f"/agenda/evenements/{master.pk}/?date=2026-03-24"


def test_the_list_view_is_grouped_by_day_and_paginated(client_staff, calendars):
    for day in range(10, 31):
        for hour in (10, 15):
            AgendaEventFactory(calendar=calendars["network"], title=f"Atelier {day}-{hour}",
                               start=paris(2026, 3, day, hour))

    first = client_staff.get("/agenda/liste/?from=2026-03-10&weeks=4")
    second = client_staff.get("/agenda/liste/?from=2026-03-10&weeks=4&page=2")

    assert texts(first.content, ".result-count") == ["42 événements"]
    assert len(titles(first)) == 30 and len(titles(second)) == 12
    assert texts(first.content, ".agenda-list__day h2")[0] == "mardi 10 mars 2026 aujourd'hui"
    assert "from=2026-03-10" in soup(first).select_one(".pagination a[rel=next]")["href"]


def test_an_event_of_a_calendar_the_reader_may_not_read_is_not_found(client_elected, client_volunteer, events):
    training = events["training"]
    for client in (client_elected, client_volunteer):
        assert client.get(training.get_absolute_url()).status_code == 404
        assert client.get(f"{training.get_absolute_url()}modifier/").status_code == 404
        assert client.post(f"{training.get_absolute_url()}annuler/").status_code == 404
    assert AgendaEvent.objects.get(pk=training.pk).status == EventStatus.CONFIRMED


def test_staff_reading_an_event_may_not_change_or_cancel_it(client_staff, events):
    concert = events["concert"]
    page = soup(client_staff.get(concert.get_absolute_url()))
    assert page.select_one("a[href$='modifier/']") is None

    assert client_staff.get(f"{concert.get_absolute_url()}modifier/").status_code == 403
    assert client_staff.post(f"{concert.get_absolute_url()}annuler/").status_code == 403
    assert client_staff.get("/agenda/evenements/ajouter/").status_code == 403
    assert AgendaEvent.objects.get(pk=concert.pk).status == EventStatus.CONFIRMED


def event_form(calendar, **fields):
    return {"calendar": calendar.pk, "title": "Rencontre d'auteur", "date": "2026-03-20", "start_time": "18:00",
            "end_date": "", "end_time": "20:00", "frequency": "none", "location": "Auditorium", "library": "",
            "description": "<p>Avec <b>Anne</b></p>", "url": "", **fields}


def test_the_coordination_adds_a_weekly_event_from_the_form(client_coordination, calendars):
    response = client_coordination.post("/agenda/evenements/ajouter/",
                                        event_form(calendars["network"], frequency="weekly", count="3"))

    event = AgendaEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    assert event.rrule.endswith("BYDAY=FR;COUNT=3") and event.start == paris(2026, 3, 20, 18)
    shown = client_coordination.get(event.get_absolute_url()).content.decode()
    assert "Événement ajouté : Rencontre d&#x27;auteur, vendredi 20 mars 2026" in shown
    month = client_coordination.get("/agenda/?month=2026-03")  # the grid runs to Sunday 5 April
    assert titles(month) == ["Rencontre d'auteur"] * 3


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"end_time": "17:00"}, "end_time", "La fin doit venir après le début."),
    ({"date": "pas une date"}, "date", "Saisissez une date"),
    ({"frequency": "weekly"}, "until", "Dites quand la répétition s’arrête"),
    ({"library": "Atlantide"}, "library", "ne correspond à « Atlantide »"),
    ({"title": "   "}, "title", ""),
])
def test_bad_input_gives_400_with_the_error_on_its_field_and_nothing_saved(client_coordination, calendars,
                                                                            fields, field, message):
    response = client_coordination.post("/agenda/evenements/ajouter/", event_form(calendars["network"], **fields))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert not AgendaEvent.objects.exists()


def test_the_coordination_changes_then_cancels_an_event(client_coordination, events):
    concert = events["concert"]
    edit = f"{concert.get_absolute_url()}modifier/"
    assert soup(client_coordination.get(edit)).select_one("input[name=title]")["value"] == "Concert dessiné"

    response = client_coordination.post(edit, event_form(concert.calendar, title="Concert dessiné (complet)",
                                                         date="2026-03-12"))
    assert response.status_code == 302
    concert.refresh_from_db()
    assert concert.title == "Concert dessiné (complet)" and concert.sequence == 1

    assert client_coordination.post(f"{concert.get_absolute_url()}annuler/").status_code == 302
    concert.refresh_from_db()
    assert concert.status == EventStatus.CANCELLED and concert.sequence == 2
    assert "Concert dessiné (complet)" not in titles(client_coordination.get("/agenda/?month=2026-03"))
    assert "Annulé" in soup(client_coordination.get(concert.get_absolute_url())).select_one(".notice").get_text()


def test_a_bad_change_gives_400_and_leaves_the_event_as_it_was(client_coordination, events):
    concert = events["concert"]
    response = client_coordination.post(f"{concert.get_absolute_url()}modifier/",
                                        event_form(concert.calendar, title="Autre", end_time="10:00"))
    assert response.status_code == 400
    concert.refresh_from_db()
    assert concert.title == "Concert dessiné" and concert.sequence == 0


def test_an_all_day_event_from_the_form_spans_its_days(client_coordination, calendars):
    client_coordination.post("/agenda/evenements/ajouter/", event_form(
        calendars["network"], title="Fermeture inventaire", all_day="on", date="2026-03-27", end_date="2026-03-30",
        start_time="", end_time=""))

    event = AgendaEvent.objects.get()
    assert event.all_day and event.start == paris(2026, 3, 27) and event.end == paris(2026, 3, 31)
    week = client_coordination.get("/agenda/semaine/?date=2026-03-27")
    assert texts(week.content, ".agenda-event__when") == ["Toute la journée"] * 3  # Fri, Sat, Sun of that week


def test_a_first_visit_ticks_every_calendar_and_the_sources_that_are_not_optional(client_staff, calendars):
    page = soup(client_staff.get("/agenda/"))
    ticked = {(box["name"], box["value"]) for box in page.select("input[type=checkbox][checked]")}
    assert ("calendar", "actions-culturelles") in ticked and ("calendar", "formations") in ticked
    assert ("source", "network_events") in ticked and ("source", "room_bookings") not in ticked
    labels = texts(page.decode().encode(), "label[for^=id_source]")
    assert "Inclure les réservations de salles" in labels
