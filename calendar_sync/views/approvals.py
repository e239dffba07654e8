"""The queue of booking requests awaiting the viewer's decision, and approving or rejecting one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
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
              "when": presenters.when(booking.start, booking.end), "series_pending": booking.series_pending or 0,
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
    return _decide(request, pk, whole_series=False)


@require_POST
def approval_decide_series(request: HttpRequest, pk: int) -> HttpResponse:
    """The same decision for every date of the request's series still awaiting one."""
    return _decide(request, pk, whole_series=True)


def _decided_message(booking: Booking, decided: list[Booking], *, approved: bool, user, whole_series: bool) -> str:
    details = {"title": booking.title_for(user), "room": booking.room.name,
               "when": presenters.when(booking.start, booking.end), "count": len(decided)}
    if not whole_series:
        return (_("Approved: « %(title)s », %(room)s, %(when)s. The organizer gets an email.") if approved else
                _("Rejected: « %(title)s », %(room)s, %(when)s. The organizer gets an email with your reason.")
                ) % details
    if approved:
        return ngettext("Approved: %(count)d date of « %(title)s », %(room)s. The organizer gets one email.",
                        "Approved: %(count)d dates of « %(title)s », %(room)s. The organizer gets one email.",
                        len(decided)) % details
    return ngettext(
        "Rejected: %(count)d date of « %(title)s », %(room)s. The organizer gets one email with your reason.",
        "Rejected: %(count)d dates of « %(title)s », %(room)s. The organizer gets one email with your reason.",
        len(decided)) % details


def _decide(request: HttpRequest, pk: int, *, whole_series: bool) -> HttpResponse:
    if not is_approver(request.user):
        raise PermissionDenied(_("You approve the bookings of no room."))
    booking = booking_or_404(pk)
    if not can_approve(request.user, booking.room):
        raise PermissionDenied(_("You do not approve the bookings of this room."))
    person = person_or_403(request)
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            if whole_series:
                decided = services.booking_series_approve(booking=booking, by=person)
            else:
                decided = [services.booking_approve(booking=booking, by=person)]
        elif decision == "reject":
            form = _reject_form(pk, request.POST)
            if not form.is_valid():
                return _reject_again(request, booking, form)
            reason = form.cleaned_data["reason"]
            try:
                if whole_series:
                    decided = services.booking_series_reject(booking=booking, by=person, reason=reason)
                else:
                    decided = [services.booking_reject(booking=booking, by=person, reason=reason)]
            except services.BookingRefused as refused:
                form.add_error("reason", refused.message)
                return _reject_again(request, booking, form)
        else:
            messages.error(request, _("Choose to approve or to reject the request."))
            return _approvals_page(request, status=400)
    except services.BookingNotPending as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _decided_message(booking, decided, approved=decision == "approve",
                                                   user=request.user, whole_series=whole_series))
    return _back_to_queue(request)
