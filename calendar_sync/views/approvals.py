"""The queue of booking requests awaiting the viewer's decision, and approving or rejecting one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import presenters, selectors, services
from ..forms import RejectForm
from ..models import Booking
from ..permissions import can_approve
from .common import booking_or_404, is_approver, person_or_403, render_page

APPROVALS_PER_PAGE = 20


def _reject_form(pk: int, data=None) -> RejectForm:
    # Several reject forms share the page: their ids carry the booking's pk.
    return RejectForm(data, auto_id=f"id_%s_{pk}")


def _approvals_page(request, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.pending_for_approver(request.user), APPROVALS_PER_PAGE).get_page(
        request.GET.get("page"))
    forms = forms or {}
    user = request.user
    items = [{"booking": booking, "title": booking.title_for(user), "note": booking.note_for(user),
              "when": presenters.when(booking.start, booking.end),
              "reject_form": forms.get(booking.pk) or _reject_form(booking.pk)} for booking in page]
    return render_page(request, "calendar_sync/approvals.html", {"page_obj": page, "items": items},
                       section="approvals", status=status)


def approvals(request: HttpRequest) -> HttpResponse:
    if not is_approver(request.user):
        raise PermissionDenied(_("You approve the bookings of no room."))
    return _approvals_page(request)


def _back_to_queue(request) -> HttpResponse:
    page = request.GET.get("page", "")
    url = reverse("calendar_sync:approvals")
    return redirect(f"{url}?{urlencode({'page': page})}" if page.isdigit() and page != "1" else url)


def _reject_again(request, booking: Booking, form: RejectForm) -> HttpResponse:
    """The queue again with this request's reason field in error (and focused: no script needed)."""
    form.fields["reason"].widget.attrs["autofocus"] = True
    messages.error(request, _("« %(title)s » was not rejected: %(error)s") % {
        "title": booking.title_for(request.user), "error": " ".join(form.errors.get("reason", []))})
    return _approvals_page(request, forms={booking.pk: form}, status=400)


@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_approver(request.user):
        raise PermissionDenied(_("You approve the bookings of no room."))
    booking = booking_or_404(pk)
    if not can_approve(request.user, booking.room):
        raise PermissionDenied(_("You do not approve the bookings of this room."))
    person = person_or_403(request)
    decision = request.POST.get("decision")
    details = {"title": booking.title_for(request.user), "room": booking.room.name,
               "when": presenters.when(booking.start, booking.end)}
    try:
        if decision == "approve":
            services.booking_approve(booking=booking, by=person)
            messages.success(request, _("Approved: « %(title)s », %(room)s, %(when)s. The organizer gets an "
                                        "email.") % details)
        elif decision == "reject":
            form = _reject_form(pk, request.POST)
            if not form.is_valid():
                return _reject_again(request, booking, form)
            try:
                services.booking_reject(booking=booking, by=person, reason=form.cleaned_data["reason"])
            except services.BookingRefused as refused:
                form.add_error("reason", refused.message)
                return _reject_again(request, booking, form)
            messages.success(request, _("Rejected: « %(title)s », %(room)s, %(when)s. The organizer gets an "
                                        "email with your reason.") % details)
        else:
            messages.error(request, _("Choose to approve or to reject the request."))
            return _approvals_page(request, status=400)
    except services.BookingNotPending as exc:
        messages.warning(request, str(exc))
    return _back_to_queue(request)
