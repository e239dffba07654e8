"""Reading .ics files as calendar apps export them (Google, Outlook, Apple, Thunderbird), their
quirks (folded lines, BOM, Windows-1252, HTML descriptions, floating times, all-day events) and
the hostile files, each refused within two seconds with a clear French message and nothing
written."""

import datetime as dt
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from calendar_sync.events import CalendarEvent
from calendar_sync.expansion import expand
from calendar_sync.importing import ImportRefused, import_into_calendar, read_calendar
from calendar_sync.models import AgendaEvent, IcsImport

from .factories import AgendaEventFactory, NetworkCalendarFactory
from .test_imports_calendar import event, ics

PARIS = ZoneInfo("Europe/Paris")
ICS = Path(__file__).parent / "ics"


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def read(name: str):
    return read_calendar((ICS / name).read_bytes())


def shown(parsed, start=None, end=None):
    """The occurrences of the parsed events, through the agenda's own expansion, in Paris time."""
    events = [CalendarEvent(uid=item.uid, title=item.title, start=item.start, end=item.end, rrule=item.rrule,
                            exdates=tuple(dt.datetime.fromisoformat(v) for v in item.exdates),
                            rdates=tuple(dt.datetime.fromisoformat(v) for v in item.rdates),
                            recurrence_id=item.recurrence_id, cancelled=item.status == "CANCELLED",
                            all_day=item.all_day) for item in parsed.events]
    return [(item.title, item.start.astimezone(PARIS), item.cancelled)
            for item in expand(events, start or paris(2026, 3, 1), end or paris(2026, 6, 1))]


def test_outlook_romance_standard_time_is_paris_across_dst():
    parsed = read("outlook.ics")
    assert shown(parsed) == [("Comité technique", paris(2026, 3, 26, 9, 30), False),
                             ("Comité technique", paris(2026, 4, 2, 9, 30), False),
                             ("Comité technique", paris(2026, 4, 9, 9, 30), False)]
    (item,) = parsed.events
    # The X-ALT-DESC HTML: formatting kept, the document's wrapping, style, script and handler gone.
    assert item.description == "<p><b>Ordre du jour</b> en pièce jointe.</p><p>Merci.</p>"


def test_apple_rdate_and_alarm():
    parsed = read("apple.ics")
    assert shown(parsed) == [("Heure du conte", paris(2026, 3, 27, 18), False),
                             ("Heure du conte", paris(2026, 4, 3, 18), False)]


def test_thunderbird_exdate_cancelled_override_and_ignored_todo():
    parsed = read("thunderbird.ics")
    assert shown(parsed) == [("Permanence numérique", paris(2026, 3, 18, 10), False),
                             ("Permanence numérique", paris(2026, 4, 1, 10), False),
                             ("Permanence numérique (annulée)", paris(2026, 4, 8, 10), True),
                             ("Permanence numérique", paris(2026, 4, 15, 10), False)]
    assert parsed.warnings == ["1 composant VTODO (qui n'est pas un événement) a été ignoré."]


def test_google_x_wr_timezone_floating_times_and_folded_html_description():
    parsed = read("google.ics")
    master = next(item for item in parsed.events if item.rrule)
    assert master.start == paris(2026, 3, 17, 14)
    assert master.description.startswith("Atelier hebdomadaire d'initiation au numérique : tablettes, liseuses")
    assert "<script" not in master.description and "alert" not in master.description
    plain = next(item for item in parsed.events if item.uid.startswith("rencontre"))
    assert plain.description == ("<p>Rencontre avec l&#x27;autrice Soazig Le Bihan autour de son dernier roman; "
                                 "séance de dédicaces à la fin.<br>Entrée libre.</p>")
    assert plain.location == "Auditorium, Médiathèque de Plouvenec"


def test_floating_times_without_x_wr_timezone_are_paris_time():
    (item,) = read_calendar(ics(event(start="20260401T140000", end="20260401T150000"))).events
    assert item.start == paris(2026, 4, 1, 14)


def test_all_day_events_end_exclusive_and_one_day_without_dtend():
    parsed = read_calendar(ics(event(uid="a", start="", end="", extra="DTSTART;VALUE=DATE:20260328\n"
                                                                      "DTEND;VALUE=DATE:20260330"),
                               "UID:b\nSUMMARY:Fermeture\nDTSTART;VALUE=DATE:20260330").replace(b"DTSTART:\r\n", b"")
                           .replace(b"DTEND:\r\n", b""))
    weekend, closed = sorted(parsed.events, key=lambda item: item.uid)
    assert weekend.all_day and (weekend.start, weekend.end) == (paris(2026, 3, 28), paris(2026, 3, 30))
    assert closed.all_day and (closed.start, closed.end) == (paris(2026, 3, 30), paris(2026, 3, 31))


def test_bom_is_stripped_and_windows_1252_read_with_a_warning():
    data = ics(event(title="Café-lecture"))
    assert read_calendar(b"\xef\xbb\xbf" + data).events[0].title == "Café-lecture"
    latin = read_calendar(data.decode().encode("cp1252"))
    assert latin.events[0].title == "Café-lecture"
    assert latin.warnings == ["Le fichier n'est pas en UTF-8 : il a été lu en Windows-1252 (Europe de l'Ouest). "
                              "Vérifiez les accents des événements importés."]


def test_a_windows_zone_without_vtimezone_is_mapped():
    (item,) = read_calendar(ics("UID:w\nSUMMARY:Réunion\nDTSTART;TZID=Romance Standard Time:20260401T100000\n"
                                "DTEND;TZID=Romance Standard Time:20260401T110000")).events
    assert item.start == paris(2026, 4, 1, 10)


# --- hostile files ---------------------------------------------------------------------------------


@pytest.fixture
def calendar(db):
    calendar = NetworkCalendarFactory(slug="actions-culturelles")
    AgendaEventFactory(calendar=calendar, start=paris(2026, 3, 20, 10), uid="kept@test", source="imported")
    return calendar


def refused(calendar, data: bytes) -> str:
    before = list(AgendaEvent.objects.values_list("pk", "uid", "title", "status", "updated_at"))
    started = time.process_time()  # CPU, so a busy CI machine does not count
    with pytest.raises(ImportRefused) as error:
        import_into_calendar(calendar=calendar, data=data, source="imported", prune_missing=True)
    assert time.process_time() - started < 2
    assert list(AgendaEvent.objects.values_list("pk", "uid", "title", "status", "updated_at")) == before
    assert not IcsImport.objects.exists()
    return error.value.message


def test_endless_secondly_rule_is_refused(calendar):
    message = refused(calendar, ics(event(), event(uid="s", title="Chaque seconde", extra="RRULE:FREQ=SECONDLY")))
    assert message == ("Le VEVENT « Chaque seconde » (événement 2 du fichier) se répète chaque seconde ou chaque "
                       "minute (FREQ=SECONDLY) : ces règles sont refusées.")


def test_a_50_mb_file_is_refused(calendar):
    data = b"BEGIN:VCALENDAR\r\n" + b"X-FILLER:" + b"x" * (50 * 1024 * 1024) + b"\r\nEND:VCALENDAR\r\n"
    assert refused(calendar, data) == ("Le fichier pèse 50,0 Mo : les fichiers d'agenda de 5 Mo au plus sont "
                                       "acceptés.")


def test_100000_events_are_refused(calendar):
    data = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nEND:VEVENT\r\n" * 100_000 + b"END:VCALENDAR\r\n"
    assert refused(calendar, data) == ("Le fichier contient 100001 composants (événements, fuseaux horaires…) : "
                                       "20000 au plus sont acceptés. Découpez-le en fichiers plus petits.")


def test_invalid_dates_are_refused_naming_the_event(calendar):
    message = refused(calendar, ics(event(), event(uid="d", title="Date folle", start="20261345T250000")))
    assert message.startswith("Le VEVENT « Date folle » (événement 2 du fichier) a un DTSTART invalide")


def test_a_component_never_closed_is_refused_naming_it(calendar):
    data = ics(event()).replace(b"END:VEVENT\r\n", b"")
    assert refused(calendar, data) == ("Le composant VEVENT ouvert ligne 4 n'est jamais fermé (ligne 10 ferme "
                                       "VCALENDAR à la place).")


def test_a_file_cut_short_is_refused(calendar):
    data = ics(event()).replace(b"END:VCALENDAR\r\n", b"")
    assert refused(calendar, data) == ("Le composant VCALENDAR ouvert ligne 1 n'est jamais fermé (END:VCALENDAR "
                                       "manque) : le fichier est tronqué ou abîmé.")


def test_not_a_calendar_is_refused(calendar):
    assert refused(calendar, b"<html><body>Erreur 404</body></html>") == (
        "Ce n'est pas un fichier d'agenda (.ics) : il ne commence pas par BEGIN:VCALENDAR.")


def test_the_time_budget_is_checked(calendar, settings):
    settings.CALENDAR_IMPORT_TIME_BUDGET_SECONDS = 0
    assert refused(calendar, ics(event())).startswith("La lecture du fichier prend trop de temps")


def test_an_unknown_tzid_is_read_through_its_own_vtimezone():
    zone = "(UTC+01:00) Bruxelles, Copenhague, Madrid, Paris"
    vtimezone = (f"BEGIN:VTIMEZONE\nTZID:{zone}\nBEGIN:STANDARD\nDTSTART:16010101T030000\nTZOFFSETFROM:+0200\n"
                 "TZOFFSETTO:+0100\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10\nEND:STANDARD\n"
                 "BEGIN:DAYLIGHT\nDTSTART:16010101T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n"
                 "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3\nEND:DAYLIGHT\nEND:VTIMEZONE\n")
    data = ics(f"UID:o\nSUMMARY:Réunion\nDTSTART;TZID=\"{zone}\":20260325T140000\n"
               f"DTEND;TZID=\"{zone}\":20260325T150000\nRRULE:FREQ=WEEKLY;COUNT=2",
               head=vtimezone.replace("\n", "\r\n"))
    assert shown(read_calendar(data)) == [("Réunion", paris(2026, 3, 25, 14), False),
                                          ("Réunion", paris(2026, 4, 1, 14), False)]
