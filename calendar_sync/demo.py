"""Demo rooms and three months of bookings around today, for seed_demo (idempotent: rooms by slug,
bookings by a deterministic iCalendar UID)."""

import datetime as dt
import random

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from intranet.caching import bump
from intranet.demo import DEMO_ACCOUNTS
from intranet.models import Library, Person
from intranet.roles import Role

from .models import Booking, BookingSeries, BookingStatus, Equipment, Frequency, Room, RoomEquipment
from .recurrence import RecurrenceRule, aware

EQUIPMENT = [
    ("Vidéoprojecteur", False), ("Écran", False), ("Visioconférence", False), ("PC", True),
    ("Tableau blanc", False), ("Sonorisation", False), ("Cuisine", False), ("Tablettes", True),
]
HEAD_OFFICE_ROOMS = [
    {"name": "Salle de formation numérique", "capacity": 14, "colour": "#1d4e89",
     "equipment": {"PC": 12, "Vidéoprojecteur": 1, "Tableau blanc": 1, "Visioconférence": 1},
     "description": "Douze postes, un poste formateur, vidéoprojecteur. Réservée aux formations du réseau."},
    {"name": "Salle du conseil", "capacity": 30, "colour": "#6b2d5c",
     "equipment": {"Visioconférence": 1, "Écran": 1, "Sonorisation": 1},
     "description": "Grande table de réunion, visioconférence. Instances et comités."},
    {"name": "Bureau de passage", "capacity": 4, "colour": "#2f6f3e", "equipment": {"Écran": 1},
     "description": "Petit bureau pour un entretien ou un appel."},
]
BRANCH_ROOMS = [
    {"name": "Salle d'animation", "capacity": 25, "equipment": {"Vidéoprojecteur": 1, "Écran": 1, "Cuisine": 1}},
    {"name": "Salle de réunion", "capacity": 12, "equipment": {"Visioconférence": 1, "Tableau blanc": 1}},
    {"name": "Espace numérique", "capacity": 10, "equipment": {"PC": 8, "Tablettes": 6, "Vidéoprojecteur": 1}},
]
AUDITORIUM = {"name": "Auditorium", "capacity": 120, "colour": "#8a3b00",
              "equipment": {"Vidéoprojecteur": 1, "Écran": 1, "Sonorisation": 1},
              "description": "Cent vingt places, régie son et image. Sur validation du référent."}
TITLES = ["Réunion d'équipe", "Atelier numérique", "Formation catalogue", "Heure du conte", "Comité de lecture",
          "Accueil de classe", "Point collections", "Club ados", "Permanence écrivain public", "Atelier CV"]


def _room_specs(libraries: list[Library]) -> list[tuple[Library, dict]]:
    head_office = next(library for library in libraries if library.is_head_office)
    branches = [library for library in libraries if not library.is_head_office]
    specs = [(head_office, spec) for spec in HEAD_OFFICE_ROOMS]
    for index, library in enumerate(branches):
        if index % 14 == 0:
            specs.append((library, AUDITORIUM))
        # Every library has a room; one in three has a second.
        specs.append((library, BRANCH_ROOMS[index % 3]))
        if index % 3 == 0:
            specs.append((library, BRANCH_ROOMS[(index + 1) % 3]))
    return specs


def seed_equipment() -> dict[str, Equipment]:
    for name, countable in EQUIPMENT:
        Equipment.objects.get_or_create(slug=slugify(name), defaults={"name": name, "countable": countable})
    return {item.name: item for item in Equipment.objects.all()}


def seed_rooms(libraries: list[Library]) -> list[Room]:
    equipment = seed_equipment()
    existing = {room.slug: room for room in Room.objects.all()}
    rooms, items = [], []
    for library, spec in _room_specs(libraries):
        slug = slugify(f"{spec['name']}-{library.slug}")[:140]
        if slug in existing:
            rooms.append(existing[slug])
            continue
        room = Room(name=spec["name"], slug=slug, library=library, capacity=spec["capacity"],
                    colour=spec.get("colour", "#1d4e89"), description=spec.get("description", ""),
                    accessible=spec["name"] != "Bureau de passage",
                    requires_approval=spec is AUDITORIUM)
        rooms.append(room)
        items.extend((room, equipment[name], quantity) for name, quantity in spec["equipment"].items())
    Room.objects.bulk_create([room for room in rooms if room.pk is None])
    RoomEquipment.objects.bulk_create([RoomEquipment(room=room, equipment=item, quantity=quantity)
                                       for room, item, quantity in items])
    # The auditorium is approved by the referent(s) of its library.
    referents = Group.objects.get(name=Role.REFERENTS.value)
    for room in rooms:
        if room.requires_approval and not room.approvers.exists():
            room.approvers.set(referents.user_set.filter(person__library=room.library))
    bump("rooms")  # bulk_create sends no signal: the cached room cards would not know the new rooms
    return rooms


def _weekly_series(room: Room, organizer: Person, first: dt.date, weeks: int, weekday: int,
                   start: dt.time, end: dt.time, title: str) -> tuple[BookingSeries, list[Booking]]:
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    rule = RecurrenceRule(frequency=Frequency.WEEKLY, first_date=day, start_time=start, end_time=end,
                          weekdays=(weekday + 1,), count=weeks)
    series = BookingSeries(room=room, organizer=organizer, title=title, rrule=rule.to_rrule(), first_date=day,
                           start_time=start, end_time=end)
    bookings = [
        Booking(room=room, organizer=organizer, title=title, start=aware(day + dt.timedelta(weeks=n), start),
                end=aware(day + dt.timedelta(weeks=n), end), attendees=min(room.capacity, 8),
                ical_uid=f"demo-series-{room.slug}-{day + dt.timedelta(weeks=n)}@intranet-reseau")
        for n in range(weeks)
    ]
    return series, bookings


@transaction.atomic
def seed_rooms_and_bookings(*, scale: int) -> dict:
    libraries = list(Library.objects.order_by("-is_head_office", "pk"))
    rooms = seed_rooms(libraries)
    staff = list(Person.objects.filter(kind__in=["professional", "coordination"], user__isnull=False,
                                       user__groups__name__in=[Role.STAFF.value, Role.REFERENTS.value,
                                                               Role.COORDINATION.value])
                 .select_related("library").distinct().order_by("pk"))
    by_library: dict[int, list[Person]] = {}
    for person in staff:
        by_library.setdefault(person.library_id, []).append(person)
    demo_staff = Person.objects.filter(user__email=DEMO_ACCOUNTS[Role.STAFF]).first()
    today = timezone.localdate()
    first_day, last_day = today - dt.timedelta(days=45), today + dt.timedelta(days=45)
    existing_uids = set(Booking.objects.filter(room__in=rooms).values_list("ical_uid", flat=True))
    rng = random.Random(f"rooms-{today.isoformat()}")
    # What earlier runs (other days) left in the window: new demo bookings must not overlap it.
    busy: dict[int, dict[dt.date, list[tuple[int, int]]]] = {}
    for room_id, start, end in Booking.objects.active().filter(
            room__in=rooms, start__lt=aware(last_day, dt.time(23, 59)), end__gt=aware(first_day, dt.time(0))
    ).values_list("room_id", "start", "end"):
        local_start, local_end = timezone.localtime(start), timezone.localtime(end)
        busy.setdefault(room_id, {}).setdefault(local_start.date(), []).append(
            (local_start.hour, local_end.hour + (1 if local_end.minute else 0)))
    new_bookings: list[Booking] = []
    series_rows: list[tuple[BookingSeries, list[Booking]]] = []
    for index, room in enumerate(rooms):
        people = by_library.get(room.library_id) or staff
        taken: dict[dt.date, list[tuple[int, int]]] = busy.get(room.pk, {})
        if index % 4 == 0:  # a weekly series in one room out of four
            organizer = demo_staff if index == 0 and demo_staff else people[index % len(people)]
            weekday, hour = index % 5, 10 + index % 6
            series, occurrences = _weekly_series(room, organizer, first_day, 13, weekday, dt.time(hour),
                                                 dt.time(hour + 2), "Atelier hebdomadaire" if index else
                                                 "Formation des bénévoles")
            fresh = [b for b in occurrences if b.ical_uid not in existing_uids and not any(
                start < hour + 2 and end > hour
                for start, end in taken.get(timezone.localtime(b.start).date(), []))]
            if fresh:
                series_rows.append((series, fresh))
            for booking in occurrences:
                taken.setdefault(timezone.localtime(booking.start).date(), []).append((hour, hour + 2))
        day = first_day
        while day <= last_day:
            if day.weekday() < 6:
                for _slot in range(rng.choice([0, 0, 1, 1, 2])):
                    # Draw every random value of the slot first, so a skipped slot does not shift
                    # the sequence: the same day gives the same bookings on every run.
                    start_hour = rng.randint(max(room.opens_at.hour + 1, 9), min(room.closes_at.hour - 2, 17))
                    length = rng.choice([1, 2, 2, 3])
                    pending, organizer = rng.random() < 0.5, people[rng.randrange(len(people))]
                    title, attendees = rng.choice(TITLES), rng.randint(2, max(2, room.capacity // 2))
                    private = rng.random() < 0.05
                    end_hour = min(start_hour + length, room.closes_at.hour)
                    if any(start_hour < busy_end and end_hour > busy_start
                           for busy_start, busy_end in taken.get(day, [])):
                        continue
                    uid = f"demo-{room.slug}-{day.isoformat()}-{start_hour}@intranet-reseau"
                    taken.setdefault(day, []).append((start_hour, end_hour))
                    if uid in existing_uids:
                        continue
                    status = (BookingStatus.PENDING if room.requires_approval and day > today and pending
                              else BookingStatus.CONFIRMED)
                    new_bookings.append(Booking(
                        room=room, organizer=organizer, title=title, start=aware(day, dt.time(start_hour)),
                        end=aware(day, dt.time(end_hour)), attendees=attendees, status=status, ical_uid=uid,
                        is_private=private))
            day += dt.timedelta(days=1)
    for series, occurrences in series_rows:
        series.save()
        for booking in occurrences:
            booking.series = series
        new_bookings.extend(occurrences)
    Booking.objects.bulk_create(new_bookings, batch_size=2000)
    return {"rooms": len(rooms), "bookings": Booking.objects.filter(room__in=rooms).count()}
