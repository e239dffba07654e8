"""Demo data of the network agenda (seed_demo, order 70): four calendars and a few months of events
around today, recurring ones included. Idempotent by UID: a second run adds nothing, a run another day
adds what the new window holds. `scale` adds library events (one per library, bounded) without
making a page grow: the month grid shows a few per day then « and N more »."""

import datetime as dt

from dateutil.easter import easter
from django.utils import timezone

from intranet.models import Library

from ..models import AgendaEvent, CalendarAudience, EventSource, NetworkCalendar
from ..recurrence import aware

CALENDARS = [
    ("actions-culturelles", "Actions culturelles", "#8a2f7a", CalendarAudience.NETWORK,
     "Rencontres, expositions, spectacles et ateliers des médiathèques du réseau."),
    ("formations", "Formations", "#1d6b4f", CalendarAudience.STAFF,
     "Formations des équipes et des bénévoles."),
    ("navettes-documentaires", "Navettes documentaires", "#9a5b00", CalendarAudience.STAFF,
     "Passages de la navette qui fait circuler les documents entre les médiathèques."),
    ("fermetures", "Fermetures", "#a4161a", CalendarAudience.NETWORK,
     "Jours fériés et fermetures exceptionnelles des médiathèques."),
]
CULTURAL = ["Heure du conte", "Rencontre d'auteur", "Exposition « Mers et marées »", "Concert dessiné",
            "Atelier d'écriture", "Club de lecture", "Projection documentaire", "Atelier numérique parents-enfants"]
TRAININGS = ["Accueillir les publics en situation de handicap", "Prise en main du nouveau SIGB",
             "Désherbage : méthode IOUPI", "Animer un atelier numérique", "Premiers secours"]
MAX_LIBRARY_EVENTS = 60  # at any scale: library events of the window stay a handful a day


def public_holidays(year: int) -> list[tuple[dt.date, str]]:
    paques = easter(year)
    return sorted([
        (dt.date(year, 1, 1), "Jour de l'an"), (paques + dt.timedelta(days=1), "Lundi de Pâques"),
        (dt.date(year, 5, 1), "Fête du Travail"), (dt.date(year, 5, 8), "Victoire 1945"),
        (paques + dt.timedelta(days=39), "Ascension"), (paques + dt.timedelta(days=50), "Lundi de Pentecôte"),
        (dt.date(year, 7, 14), "Fête nationale"), (dt.date(year, 8, 15), "Assomption"),
        (dt.date(year, 11, 1), "Toussaint"), (dt.date(year, 11, 11), "Armistice 1918"),
        (dt.date(year, 12, 25), "Noël"),
    ])


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _event(calendar, uid, title, start, end, **fields) -> AgendaEvent:
    now = timezone.now()
    event = AgendaEvent(calendar=calendar, uid=uid, title=title, start=start, end=end, source=EventSource.MANUAL,
                        created_at=now, updated_at=now, **fields)
    if event.recurrence_id is None:
        event.compute_repeats_until()
    return event


def seed_calendars() -> dict[str, NetworkCalendar]:
    calendars = {}
    for slug, name, colour, audience, description in CALENDARS:
        calendars[slug], _created = NetworkCalendar.objects.get_or_create(
            slug=slug, defaults={"name": name, "colour": colour, "audience": audience, "description": description})
    return calendars


def seed_agenda(*, scale: int) -> dict:
    calendars = seed_calendars()
    today = timezone.localdate()
    first, last = today - dt.timedelta(days=30), today + dt.timedelta(days=90)
    libraries = list(Library.objects.order_by("-is_head_office", "pk")[:max(15, min(scale, 4) * 15)])
    wanted: list[AgendaEvent] = []

    # Actions culturelles: two or three a week, spread over the libraries.
    day, index = first, 0
    while day <= last:
        if day.weekday() in (2, 5) or (day.weekday() == 4 and index % 2):
            library = libraries[index % len(libraries)] if libraries else None
            title = CULTURAL[index % len(CULTURAL)]
            hour = 10 if day.weekday() == 5 else 15
            wanted.append(_event(
                calendars["actions-culturelles"], f"demo-culture-{day.isoformat()}@intranet-reseau", title,
                aware(day, dt.time(hour)), aware(day, dt.time(hour + 2)), library=library,
                location=library.name if library else "",
                description=f"<p>{title} à {library.name if library else 'la médiathèque'}. Entrée libre.</p>"))
            index += 1
        day += dt.timedelta(days=1)

    # Library events at scale: one per extra library in the window, bounded.
    if scale > 1:
        extra = list(Library.objects.order_by("pk")[:MAX_LIBRARY_EVENTS])
        for number, library in enumerate(extra):
            day = first + dt.timedelta(days=(number * 7) % (last - first).days)
            wanted.append(_event(calendars["actions-culturelles"], f"demo-library-{library.pk}-{day}@intranet-reseau",
                                 "Portes ouvertes", aware(day, dt.time(14)), aware(day, dt.time(17)),
                                 library=library, location=library.name))

    # Formations: a monthly training day (2nd Thursday) and a few one-off sessions.
    month_start = first.replace(day=1)
    second_thursday = month_start + dt.timedelta(days=(3 - month_start.weekday()) % 7 + 7)
    wanted.append(_event(calendars["formations"], f"demo-formation-mensuelle-{month_start:%Y%m}@intranet-reseau",
                         "Journée de formation du réseau", aware(second_thursday, dt.time(9, 30)),
                         aware(second_thursday, dt.time(16, 30)), rrule="FREQ=MONTHLY;INTERVAL=1;BYDAY=2TH;COUNT=6",
                         location="Médiathèque centrale, salle de formation"))
    for number, title in enumerate(TRAININGS):
        day = today + dt.timedelta(days=6 + number * 11)
        day += dt.timedelta(days=(0 - day.weekday()) % 7 if day.weekday() > 4 else 0)
        wanted.append(_event(calendars["formations"], f"demo-formation-{number}-{day}@intranet-reseau", title,
                             aware(day, dt.time(9)), aware(day, dt.time(12, 30)),
                             description="<p>Inscription auprès de la cellule de coordination.</p>"))

    # Navettes documentaires: every Tuesday 8:00–12:00, one week skipped, one moved to Wednesday.
    shuttle_start = first + dt.timedelta(days=(1 - first.weekday()) % 7)
    shuttle_uid = f"demo-navette-{shuttle_start:%Y%m%d}@intranet-reseau"
    skipped = shuttle_start + dt.timedelta(weeks=6)
    moved = shuttle_start + dt.timedelta(weeks=8)
    wanted.append(_event(calendars["navettes-documentaires"], shuttle_uid, "Navette documentaire",
                         aware(shuttle_start, dt.time(8)), aware(shuttle_start, dt.time(12)),
                         rrule="FREQ=WEEKLY;INTERVAL=1;WKST=MO;BYDAY=TU;COUNT=17",
                         exdates=[_utc(aware(skipped, dt.time(8)))],
                         location="Tournée des médiathèques du réseau",
                         description="<p>Préparez les caisses de réservations la veille.</p>"))
    wednesday = moved + dt.timedelta(days=1)
    wanted.append(_event(calendars["navettes-documentaires"], shuttle_uid, "Navette documentaire (décalée au mercredi)",
                         aware(wednesday, dt.time(8)), aware(wednesday, dt.time(12)),
                         recurrence_id=aware(moved, dt.time(8)), sequence=1,
                         location="Tournée des médiathèques du réseau"))

    # Fermetures: the public holidays of the year (and the next one's first months), all day.
    for year in sorted({today.year, last.year}):
        for day, name in public_holidays(year):
            wanted.append(_event(calendars["fermetures"], f"demo-ferie-{day.isoformat()}@intranet-reseau",
                                 f"{name} — médiathèques fermées", aware(day, dt.time(0)),
                                 aware(day + dt.timedelta(days=1), dt.time(0)), all_day=True))

    existing = set(AgendaEvent.objects.filter(calendar__in=calendars.values())
                   .values_list("calendar_id", "uid", "recurrence_id"))
    fresh = [event for event in wanted if (event.calendar_id, event.uid, event.recurrence_id) not in existing]
    AgendaEvent.objects.bulk_create(fresh, batch_size=500)
    return {"network calendars": len(calendars), "agenda events": len(fresh)}
