"""What calendar_sync plugs into the core registries (intranet never imports this app)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intranet.dashboard import Panel, QuickLink, register_panel, register_quick_link
from intranet.demo import Seeder, register_seeder
from intranet.navigation import NavItem, register_nav_item
from intranet.roles import Role, grant
from intranet.selectors import person_for_user

from . import selectors

register_nav_item(NavItem("rooms", _("Rooms & calendar"), "calendar_sync:rooms", order=50))
register_quick_link(QuickLink(_("Book a room"), "calendar_sync:rooms", order=10))
register_quick_link(QuickLink(_("My bookings"), "calendar_sync:my_bookings", order=11))

grant(
    Role.COORDINATION,
    "calendar_sync.add_room", "calendar_sync.change_room", "calendar_sync.delete_room",
    "calendar_sync.add_equipment", "calendar_sync.change_equipment", "calendar_sync.delete_equipment",
    "calendar_sync.view_booking",
)


def my_next_bookings(request) -> dict | None:
    person = person_for_user(request.user)
    if person is None:
        return None
    bookings = list(selectors.bookings_of(person, upcoming=True).filter(
        status__in=["pending", "confirmed"], start__gte=timezone.now())[:5])
    return {"bookings": bookings} if bookings else None


def approvals_waiting(request) -> dict | None:
    pending = selectors.pending_for_approver(request.user)
    bookings = list(pending[:5])
    return {"bookings": bookings, "total": pending.count() if len(bookings) == 5 else len(bookings)} \
        if bookings else None


register_panel(Panel("next_bookings", _("My next bookings"), "calendar_sync/panels/next_bookings.html",
                     my_next_bookings, order=20))
register_panel(Panel("approvals", _("Booking requests to approve"), "calendar_sync/panels/approvals.html",
                     approvals_waiting, order=10, roles=(Role.COORDINATION, Role.REFERENTS)))


def seed_rooms(*, scale: int, stdout=None) -> dict:
    from .demo import seed_rooms_and_bookings

    return seed_rooms_and_bookings(scale=scale)


register_seeder(Seeder("rooms", seed_rooms, order=50))
