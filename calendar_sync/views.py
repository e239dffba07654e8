# Placeholder views, replaced by the real pages.
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("todo")


rooms = my_bookings = booking_detail = booking_edit = booking_cancel = approvals = approval_decide = _todo
day = occupancy_report = room_week = book = _todo
