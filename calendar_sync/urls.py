from django.urls import path

from . import views

app_name = "calendar_sync"

urlpatterns = [
    path("", views.rooms, name="rooms"),
    path("reservations/", views.my_bookings, name="my_bookings"),
    path("reservations/<int:pk>/", views.booking_detail, name="booking"),
    path("reservations/<int:pk>/modifier/", views.booking_edit, name="booking_edit"),
    path("reservations/<int:pk>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("approbations/", views.approvals, name="approvals"),
    path("approbations/<int:pk>/", views.approval_decide, name="approval_decide"),
    path("approbations/<int:pk>/serie/", views.approval_decide_series, name="approval_decide_series"),
    path("jour/", views.day, name="day"),
    path("occupation/", views.occupancy_report, name="occupancy"),
    path("<slug:slug>/", views.room_week, name="room"),
    path("<slug:slug>/reserver/", views.book, name="book"),
]
