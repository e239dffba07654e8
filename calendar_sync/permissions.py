"""Who may do what with rooms and bookings. Checked by services (the last word) and by views (to
answer 403/404 early and hide buttons)."""

from django.db.models import Q

from intranet.caching import per_request
from intranet.roles import STAFF_ROLES, Role, has_role, roles_of
from intranet.selectors import person_for_user

from .models import Booking, Room


def can_book(user, room: Room) -> bool:
    if not getattr(user, "is_authenticated", False) or not room.active:
        return False
    if has_role(user, Role.COORDINATION):
        return True
    return bool(roles_of(user) & room.allowed_group_names())


def rooms_bookable_by(user):
    """can_book() as a filter on rooms, for the lists that offer rooms to book (a room with no
    allowed group is for the staff roles, as Room.allowed_group_names says)."""
    rooms = Room.objects.active()
    if not getattr(user, "is_authenticated", False):
        return rooms.none()
    if has_role(user, Role.COORDINATION):
        return rooms
    roles = roles_of(user)
    allowed = Q(allowed_groups__name__in=sorted(roles))
    if not roles.isdisjoint(STAFF_ROLES):
        allowed |= Q(allowed_groups__isnull=True)
    return rooms.filter(pk__in=Room.objects.filter(allowed).values("pk"))


def can_manage_booking(user, booking: Booking) -> bool:
    """Change or cancel: the organizer, or the coordination."""
    if has_role(user, Role.COORDINATION):
        return True
    return bool(booking.organizer.user_id) and booking.organizer.user_id == getattr(user, "pk", None)


def can_approve(user, room: Room) -> bool:
    """The room's approvers, and the coordination for every room."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.COORDINATION):
        return True
    return any(approver.pk == user.pk for approver in room.approvers.all())


def can_see_history(user, booking: Booking) -> bool:
    return can_manage_booking(user, booking)


def approved_room_ids(user) -> frozenset[int]:
    """The rooms whose requests the user approves: one query per request (as roles), so pages
    listing many bookings stay constant."""
    return per_request(user, "approved_room_ids", lambda: frozenset(user.approved_rooms.values_list("pk", flat=True)),
                       anonymous=frozenset())


def can_see_private_details(user, booking: Booking) -> bool:
    """THE rule of private bookings, for every page, panel, email, export, feed and admin view: the
    organizer, the coordination (superusers too) and the room's approvers see the title and the
    note of a private booking; everyone else sees « Réservé » and no note. `user` may be None
    (nobody in particular: an email subject, a log line). No query per booking: roles, the
    viewer's directory entry and the rooms they approve are each fetched once per request."""
    if not booking.is_private:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, Role.COORDINATION) or _is_organizer(user, booking):
        return True
    return booking.room_id in approved_room_ids(user)


def _is_organizer(user, booking: Booking) -> bool:
    """Without a query when the booking's organizer was loaded with it, else through the viewer's
    directory entry (one query per request, cached on the user)."""
    if Booking.organizer.is_cached(booking):
        return bool(booking.organizer.user_id) and booking.organizer.user_id == user.pk
    person = person_for_user(user)
    return person is not None and booking.organizer_id == person.pk


def private_details_visible_to(user) -> Q:
    """can_see_private_details() as a filter on bookings, for searches by title or note: who may
    not see a private booking's details must not find it by them either."""
    if not getattr(user, "is_authenticated", False):
        return Q(is_private=False)
    if has_role(user, Role.COORDINATION):
        return Q()
    visible = Q(is_private=False) | Q(room_id__in=sorted(approved_room_ids(user)))
    if (person := person_for_user(user)) is not None:
        visible |= Q(organizer_id=person.pk)
    return visible


# --- the network agenda's calendars -----------------------------------------------------------------


def calendars_readable_by(user):
    """The active network calendars a user may read (their events, their feed): the whole network's
    for every account, the staff's for the staff roles, the chosen groups' for those groups;
    Coordination reads them all."""
    from .models import CalendarAudience, NetworkCalendar

    calendars = NetworkCalendar.objects.active()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return calendars.none()
    if has_role(user, Role.COORDINATION):
        return calendars
    roles = roles_of(user)
    readable = Q(audience=CalendarAudience.NETWORK)
    if not roles.isdisjoint(STAFF_ROLES):
        readable |= Q(audience=CalendarAudience.STAFF)
    if roles:
        readable |= Q(audience=CalendarAudience.GROUPS,
                      pk__in=NetworkCalendar.objects.filter(reader_groups__name__in=sorted(roles)).values("pk"))
    return calendars.filter(readable)


def can_read_calendar(user, calendar) -> bool:
    return calendars_readable_by(user).filter(pk=calendar.pk).exists()


def can_edit_calendar(user, calendar=None) -> bool:
    """Add, change, cancel and import events of the network calendars: the coordination."""
    return getattr(user, "is_authenticated", False) and has_role(user, Role.COORDINATION)


def can_import_bookings(user) -> bool:
    """Bring a whole agenda in as room bookings (each still goes through booking_create's rules):
    the coordination, who moves the old shared agendas over."""
    return getattr(user, "is_authenticated", False) and has_role(user, Role.COORDINATION)


def can_manage_sync(user) -> bool:
    """Subscriptions and CalDAV servers: the coordination."""
    return getattr(user, "is_authenticated", False) and has_role(user, Role.COORDINATION)
