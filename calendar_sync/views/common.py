"""What the rooms pages share: the room or booking of a URL (or 404), the viewer's directory entry
(or 403), who reaches which page, navigation forms read leniently, refusals put on their field,
and rendering with the rooms' sub-navigation."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from intranet.models import Person
from intranet.roles import STAFF_ROLES, Role, has_role
from intranet.selectors import person_for_user

from .. import selectors, services
from ..models import Booking, Room
from ..permissions import can_book


def render_page(request: HttpRequest, template: str, context: dict, *, section: str,
                status: int = 200) -> HttpResponse:
    """`section`: the sub-navigation entry marked as the current page."""
    context = {
        **context,
        "section": section,
        "show_approvals": has_role(request.user, Role.COORDINATION, Role.REFERENTS),
        "show_occupancy": has_role(request.user, Role.COORDINATION),
    }
    return render(request, template, context, status=status)


def status_of(form) -> int:
    """400 for a submitted form shown again with its errors."""
    return 400 if form.is_bound and form.errors else 200


def room_or_404(slug: str) -> Room:
    try:
        return selectors.room_by_slug(slug)
    except Room.DoesNotExist as exc:
        raise Http404(_("No such room.")) from exc


def booking_or_404(pk: int) -> Booking:
    try:
        return selectors.booking_detail(pk)
    except Booking.DoesNotExist as exc:
        raise Http404(_("No such booking.")) from exc


def person_or_403(request: HttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise PermissionDenied(_("Your account is not linked to an entry of the directory."))
    return person


def can_view_bookings(user, room: Room) -> bool:
    """Booking pages are for staff, and for whoever may book the room."""
    return has_role(user, *STAFF_ROLES) or can_book(user, room)


def is_approver(user) -> bool:
    """Coordination and referents always reach the queue (it may be empty); anyone else only if
    they approve some room."""
    return has_role(user, Role.COORDINATION, Role.REFERENTS) or user.approved_rooms.exists()


def refuse(form, refused: services.BookingRefused) -> None:
    """A rule's refusal, on the field it names when the form has it."""
    form.add_error(refused.field if refused.field in form.fields else None, refused.message)


def cleaned_or_fallback(form) -> dict:
    """The valid part of a navigation form (GET): its bad fields are left out, not fatal."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return form.cleaned_data



def renamed_query(**new_names):
    """The pages' parameters used to be French (`?semaine=`, `?debut=`...): a link written then
    (a bookmark, an old email) is redirected once to the same page with today's names."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "GET" and any(old in request.GET for old in new_names):
                query = request.GET.copy()
                for old, new in new_names.items():
                    if old in query:
                        values = query.pop(old)
                        query.setlist(new, query.getlist(new) or values)
                return HttpResponsePermanentRedirect(f"{request.path}?{query.urlencode()}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
