from django.urls import path

from .views import approvals, booking, day, my_bookings, reports, rooms

app_name = "calendar_sync"

urlpatterns = [
    path("", rooms.rooms, name="rooms"),
    path("reservations/", my_bookings.my_bookings, name="my_bookings"),
    path("reservations/<int:pk>/", booking.booking_detail, name="booking"),
    path("reservations/<int:pk>/modifier/", booking.booking_edit, name="booking_edit"),
    path("reservations/<int:pk>/annuler/", booking.booking_cancel, name="booking_cancel"),
    path("approbations/", approvals.approvals, name="approvals"),
    path("approbations/<int:pk>/", approvals.approval_decide, name="approval_decide"),
    path("approbations/<int:pk>/serie/", approvals.approval_decide_series, name="approval_decide_series"),
    path("jour/", day.day, name="day"),
    path("occupation/", reports.occupancy_report, name="occupancy"),
    path("<slug:slug>/", rooms.room_week, name="room"),
    path("<slug:slug>/reserver/", booking.book, name="book"),
]
