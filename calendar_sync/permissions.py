"""Who may do what with rooms and bookings. Checked by services (the last word) and by views (to
answer 403/404 early and hide buttons)."""

from intranet.roles import Role, has_role, roles_of

from .models import Booking, Room


def can_book(user, room: Room) -> bool:
    if not getattr(user, "is_authenticated", False) or not room.active:
        return False
    if has_role(user, Role.COORDINATION):
        return True
    return bool(roles_of(user) & room.allowed_group_names())


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
