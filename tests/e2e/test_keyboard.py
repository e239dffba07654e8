"""Keyboard-only journeys: each test does one task of a demo role with the keyboard alone (Tab,
Shift+Tab, Enter, Space, arrows, typing into the focused field), from the login form to the result,
and checks on every page the focus order and the visible focus (tests/e2e/keyboard.py): the first
Tab reaches the skip link, which moves the focus into <main>; the Tab stops follow the reading order;
each one is on screen and shows a focus indicator.

The only navigation not done by keyboard is the starting URL, typed after logging in. As in the
other browser tests, assertions rely on the demo data, URLs, the page structure and the records.
"""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from calendar_sync.models import Booking, BookingStatus, Room
from calendar_sync.presenters import book_url
from calendar_sync.recurrence import aware
from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Person
from intranet.roles import Role
from tests.e2e.keyboard import KeyboardUser

STAFF_EMAIL = DEMO_ACCOUNTS[Role.STAFF]
REFERENT_EMAIL = DEMO_ACCOUNTS[Role.REFERENTS]
VOLUNTEER_EMAIL = DEMO_ACCOUNTS[Role.VOLUNTEERS]


def log_in_by_keyboard(page: Page, email: str, start_url: str) -> KeyboardUser:
    """Open the site, log in through the form with the keyboard, then open the journey's start page
    (the one navigation typed in the address bar) and arrive at its top."""
    user = KeyboardUser(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(re.escape(reverse("account_login"))))
    user.arrive()
    user.tab_to("#id_login")
    user.type(email)
    user.tab_to("#id_password")
    user.type(DEMO_PASSWORD)
    with page.expect_navigation():
        user.press("Enter")  # implicit submission from the password field
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("details.user-menu")).to_have_count(1)
    page.goto(start_url)
    user.arrive()
    return user


# -- 1. Book a room -------------------------------------------------------------------------------

ROOM_NAME = "Salle de formation numérique"  # the head office's: 14 seats, a projector
BOOKING_TITLE = "Atelier clavier seulement"


def unambiguous_weekday(today: dt.date) -> dt.date:
    """The next weekday whose day and month are the same number (5 May): typed into a date field as
    DDMMYYYY it means the same date whatever order the browser's date widget uses (headless Chromium
    shows month first, whatever the page's language)."""
    day = today + dt.timedelta(days=1)
    while day.day != day.month or day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def test_staff_books_a_room_from_the_finder_by_keyboard(demo_network, page, screenshots):
    staff = Person.objects.get(user__email=STAFF_EMAIL)
    room = Room.objects.get(name=ROOM_NAME, library__is_head_office=True)
    day = unambiguous_weekday(timezone.localdate())
    start, end = aware(day, dt.time(14)), aware(day, dt.time(16))
    Booking.objects.filter(room=room, start__lt=end, end__gt=start).delete()
    rooms_url = reverse("calendar_sync:rooms")

    user = log_in_by_keyboard(page, STAFF_EMAIL, rooms_url)

    # The finder: the date typed into the date field's parts, the times, the head office, 12 people.
    user.tab_to("#id_date")
    user.type(day.strftime("%d%m%Y"))
    user.tab_to("#id_start")
    user.type("1400")
    user.tab_to("#id_end")
    user.type("1600")
    user.tab_to("#id_library")
    user.type("Pôle lecture")
    user.tab_to("#id_capacity")
    user.type("12", replace=True)
    screenshots.take(page, "finder-filled")
    user.tab_to("form.finder button[type=submit]")
    user.activate()
    expect(page).to_have_url(re.compile(r"date=" + day.isoformat()))

    # The room's « Book 14:00–16:00 » link in its card opens the prefilled form.
    user.tab_to(f".room-card__actions a[href='{book_url(room, start, end)}']")
    screenshots.take(page, "finder-book-link-focused")
    user.activate()
    form = page.locator("form.booking-form")
    expect(form.locator("#id_date")).to_have_value(day.isoformat())
    expect(form.locator("#id_start")).to_have_value("14:00")
    user.tab_to("#id_title")
    user.type(BOOKING_TITLE)
    user.tab_to("#id_attendees")
    user.type("10", replace=True)
    user.tab_to("form.booking-form button[value=book]")
    screenshots.take(page, "booking-submit-focused")
    user.activate()

    booking = Booking.objects.get(room=room, organizer=staff, title=BOOKING_TITLE)
    assert (booking.start, booking.end, booking.attendees) == (start, end, 10)
    assert booking.status == BookingStatus.CONFIRMED
    expect(page).to_have_url(re.compile(re.escape(booking.get_absolute_url()) + r"(#contenu)?$"))
    expect(page.locator(".messages")).to_contain_text(room.name)
    expect(page.locator("h1")).to_contain_text(BOOKING_TITLE)
