"""Rooms in a real browser: a member of staff finds a free room with the finder, looks at its week,
books it every week for five weeks (one date already taken by someone else, skipped) and finds the
four dates in « My bookings »; plus the rooms pages on a 360 px screen.

As in test_journeys, assertions rely on the demo data, URLs, the page structure and dates formatted
by Django in the page's language, never on the project's UI wording (its French catalog may lag).
"""

import datetime as dt
import re
from urllib.parse import parse_qs, urlparse

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from calendar_sync import services
from calendar_sync.models import Booking, BookingStatus, Frequency, Room
from calendar_sync.permissions import can_book
from calendar_sync.presenters import book_url
from calendar_sync.recurrence import aware
from intranet.demo import DEMO_PASSWORD
from intranet.models import Person
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import MOBILE, STAFF_EMAIL, WIDER_THAN_VIEWPORT_JS, log_in, staff_person

ROOM_NAME = "Salle de formation numérique"  # the head office's: 14 seats, 12 PCs, a projector
PROJECTOR = "Vidéoprojecteur"
MIN_CAPACITY = 12
START, END = dt.time(14), dt.time(16)
WEEKS = 5
TAKEN_INDEX = 2  # the third Tuesday is already booked by someone else
SERIES_TITLE = "Atelier « Premiers pas sur tablette »"
OTHER_TITLE = "Comité de pilotage numérique"


def next_tuesday(today: dt.date) -> dt.date:
    """The first Tuesday strictly after today (tomorrow at the earliest)."""
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def head_office_training_room() -> Room:
    return Room.objects.select_related("library").get(name=ROOM_NAME, library__is_head_office=True)


def prepare_tuesdays(room: Room, staff: Person) -> tuple[list[dt.date], Booking]:
    """The five next Tuesdays, 14:00–16:00, in the room: free but for the third, booked by a
    colleague of the head office. Demo bookings (random, depending on the day) are cleared first."""
    tuesdays = [next_tuesday(timezone.localdate()) + dt.timedelta(weeks=n) for n in range(WEEKS)]
    for day in tuesdays:
        Booking.objects.filter(room=room, start__lt=aware(day, END), end__gt=aware(day, START)).delete()
    colleague = next((person for person in Person.objects.filter(library=room.library, user__isnull=False)
                      .exclude(pk=staff.pk).select_related("user").order_by("pk")
                      if can_book(person.user, room)), None)
    assert colleague is not None, "nobody else at the demo head office may book the room"
    taken = tuesdays[TAKEN_INDEX]
    other = services.booking_create(room=room, organizer=colleague, start=aware(taken, START),
                                    end=aware(taken, END), title=OTHER_TITLE, attendees=8, notify=False)
    assert other.status == BookingStatus.CONFIRMED
    return tuesdays, other


def rooms_free_for(day: dt.date) -> list[Room]:
    """What the finder should list, computed straight from the database."""
    start, end = aware(day, START), aware(day, END)
    busy = Booking.objects.active().filter(start__lt=end, end__gt=start).values("room_id")
    return list(Room.objects.filter(active=True, capacity__gte=MIN_CAPACITY,
                                    equipment_items__equipment__name=PROJECTOR)
                .exclude(pk__in=busy).distinct())


def page_language(page: Page) -> str:
    return page.evaluate("() => document.documentElement.lang") or "fr"


def format_date(moment: dt.datetime, fmt: str, language: str) -> str:
    """A date as the templates write it (`|date:fmt`) in the page's language."""
    with translation.override(language):
        return date_filter(timezone.localtime(moment), fmt)


def test_staff_member_finds_a_free_room_and_books_it_weekly_skipping_a_taken_date(demo_network, page, screenshots):
    staff = staff_person()
    room = head_office_training_room()
    assert room.capacity >= MIN_CAPACITY
    assert room.equipment_items.filter(equipment__name=PROJECTOR).exists()
    tuesdays, other = prepare_tuesdays(room, staff)
    first = tuesdays[0]
    slot_start, slot_end = aware(first, START), aware(first, END)
    rooms_url = reverse("calendar_sync:rooms")

    # 1. Log in through the form, then open « Rooms & calendar » from the main navigation.
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_contain_text(staff.first_name)
    main_nav = page.locator("header[role=banner] nav.main-nav")
    main_nav.locator(f"a[href='{rooms_url}']").click()
    page.wait_for_url(re.compile(re.escape(rooms_url) + "$"))
    expect(main_nav.locator(f"a[href='{rooms_url}']")).to_have_attribute("aria-current", "page")
    assert_accessible(page)

    # 2. The finder: next Tuesday 14:00–16:00, at least 12 people, with a projector.
    finder = page.locator("form.finder")
    finder.locator("#id_date").fill(first.isoformat())
    finder.locator("#id_start").fill("14:00")
    finder.locator("#id_end").fill("16:00")
    finder.locator("#id_capacity").fill(str(MIN_CAPACITY))
    projector = finder.get_by_label(PROJECTOR, exact=True)
    expect(projector).to_have_attribute("type", "checkbox")
    projector.check()
    finder.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(rooms_url) + r"\?"))
    query = parse_qs(urlparse(page.url).query)
    assert query["date"] == [first.isoformat()]
    assert query["start"] == ["14:00"] and query["end"] == ["16:00"]
    assert query["capacity"] == [str(MIN_CAPACITY)]
    assert query["equipment"] == ["videoprojecteur"]
    expect(finder.locator("#id_date")).to_have_value(first.isoformat())
    expect(projector).to_be_checked()

    # Exactly the rooms free for the slot are listed, the chosen one among them.
    expected = rooms_free_for(first)
    assert room in expected
    cards = page.locator("ul.room-list > li.room-card")
    expect(cards).to_have_count(len(expected))
    listed = cards.locator("h3.room-card__name a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert sorted(listed) == sorted(r.get_absolute_url() for r in expected)
    result_count = page.locator("#results-title")
    expect(result_count).to_contain_text(str(len(expected)))
    expect(result_count).to_contain_text("14:00")
    expect(result_count).to_contain_text("16:00")
    expect(result_count).to_contain_text(format_date(slot_start, "j F Y", page_language(page)))
    card = cards.filter(has=page.locator(f"h3 a[href='{room.get_absolute_url()}']"))
    expect(card).to_have_count(1)
    expect(card.locator(".room-card__library")).to_have_text(room.library.name)
    expect(card.locator(".room-card__equipment")).to_contain_text(PROJECTOR)
    slot_book_url = book_url(room, slot_start, slot_end)
    expect(card.locator(f".room-card__actions a[href='{slot_book_url}']")).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "finder")
    finder_url = page.url

    # 3. The room's week view, moved on to the week of that Tuesday: 14:00 and 15:00 are free.
    card.locator(f".room-card__actions a[href='{room.get_absolute_url()}']").click()
    page.wait_for_url(re.compile(re.escape(room.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_contain_text(room.name)
    steps_back = 1
    monday = first - dt.timedelta(days=first.weekday())
    if monday != timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday()):
        page.locator("nav.week-nav a[rel=next]").click()
        page.wait_for_url(re.compile(r"\?week=" + monday.isoformat() + "$"))
        steps_back += 1
    week = page.locator("table.week")
    for hour in (14, 15):
        cell_url = book_url(room, aware(first, dt.time(hour)), aware(first, dt.time(hour + 1)))
        expect(week.locator(f"td.week__cell--free a.slot-free[href='{cell_url}']")).to_have_count(1)
    expect(page.locator(".week-wrap")).to_have_attribute("role", "region")
    # Column headers fit their cells (« Horaire » used to run into « lundi »).
    overflowing = week.locator("thead th").evaluate_all(
        "(cells) => cells.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent.trim())")
    assert not overflowing, f"week headers wider than their column: {overflowing}"
    assert_accessible(page)
    screenshots.take(page, "week-view")

    # 4. Back to the finder's results; its « Book 14:00–16:00 » link opens the prefilled form.
    for _step in range(steps_back):
        page.go_back()
    page.wait_for_url(finder_url)
    card.locator(f".room-card__actions a[href='{slot_book_url}']").click()
    page.wait_for_url(re.compile(re.escape(reverse("calendar_sync:book", kwargs={"slug": room.slug})) + r"\?"))
    form = page.locator("form.booking-form")
    expect(form.locator("#id_date")).to_have_value(first.isoformat())
    expect(form.locator("#id_start")).to_have_value("14:00")
    expect(form.locator("#id_end")).to_have_value("16:00")
    assert_accessible(page)
    form.locator("#id_title").fill(SERIES_TITLE)
    form.locator("#id_attendees").fill("10")
    form.locator("#id_frequency").select_option(Frequency.WEEKLY.value)
    form.locator("#id_count").fill(str(WEEKS))
    screenshots.take(page, "booking-form")
    form.locator("button[name=action][value=book]").click()

    # 5. The preview: five Tuesdays, the third taken by the colleague's meeting; nothing booked yet.
    rows = page.locator("table.series-table tbody tr")
    expect(rows).to_have_count(WEEKS)
    language = page_language(page)
    for index, day in enumerate(tuesdays):
        row = rows.nth(index)
        expect(row.locator("th")).to_have_text(format_date(aware(day, START), "l j F Y", language))
        expect(row.locator("td").first).to_contain_text("14:00")
        expect(row).to_have_class("series-row--taken" if index == TAKEN_INDEX else "series-row--free")
    taken_row = rows.nth(TAKEN_INDEX)
    expect(taken_row).to_contain_text(OTHER_TITLE)
    expect(taken_row).to_contain_text(other.organizer.full_name)
    expect(page.locator("tr.series-row--free")).to_have_count(WEEKS - 1)
    assert not Booking.objects.filter(organizer=staff, title=SERIES_TITLE).exists()
    assert_accessible(page)
    screenshots.take(page, "series-preview")

    # 6. Book the four free dates: « My bookings » lists them, not the taken one.
    page.locator("form.series-actions button[name=action][value=confirm]").click()
    page.wait_for_url(re.compile(re.escape(reverse("calendar_sync:my_bookings")) + "$"))
    mine = list(Booking.objects.filter(organizer=staff, title=SERIES_TITLE).order_by("start"))
    free_days = [day for index, day in enumerate(tuesdays) if index != TAKEN_INDEX]
    assert [timezone.localtime(b.start).date() for b in mine] == free_days
    assert all(timezone.localtime(b.start).time() == START and timezone.localtime(b.end).time() == END
               for b in mine)
    assert all(b.room_id == room.pk and b.status == BookingStatus.CONFIRMED for b in mine)
    assert len({b.series_id for b in mine}) == 1 and mine[0].series_id is not None
    assert not Booking.objects.filter(organizer=staff, room=room, start=aware(tuesdays[TAKEN_INDEX], START)).exists()
    other.refresh_from_db()
    assert other.is_active and other.organizer_id != staff.pk

    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "my-bookings")
    # The upcoming bookings are paginated (20 a page) and the demo gives the person others: follow
    # the pages until the four dates have been seen.
    language = page_language(page)
    seen: dict[int, str] = {}
    while True:
        table_rows = page.locator("table.bookings-table tbody tr")
        expect(table_rows.first).to_be_visible()
        expect(page.locator(f"table.bookings-table a[href='{other.get_absolute_url()}']")).to_have_count(0)
        for booking in mine:
            row = table_rows.filter(has=page.locator(f"th a[href='{booking.get_absolute_url()}']"))
            if row.count():
                expect(row).to_have_count(1)
                seen[booking.pk] = row.locator("td").first.inner_text()
        next_page = page.locator("nav.pagination a[rel=next]")
        if len(seen) == len(mine) or not next_page.count():
            break
        next_page.click()
        page.wait_for_url(re.compile(r"\?page=\d+$"))
        assert_accessible(page)
    assert set(seen) == {b.pk for b in mine}, "some booked dates are missing from « My bookings »"
    for booking in mine:
        assert format_date(booking.start, "D j M Y", language) in seen[booking.pk]
        assert "14:00" in seen[booking.pk] and "16:00" in seen[booking.pk]
    taken_text = format_date(aware(tuesdays[TAKEN_INDEX], START), "D j M Y", language)
    assert not any(taken_text in text for text in seen.values())


def assert_no_page_scroll(page: Page) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= MOBILE["width"], (
        f"{page.url} scrolls horizontally at {MOBILE['width']}px: {scroll_width}px wide; past the right edge: "
        + ", ".join(page.evaluate(WIDER_THAN_VIEWPORT_JS))
    )


def test_rooms_page_and_week_view_fit_a_360px_screen(demo_network, page, screenshots):
    room = head_office_training_room()
    rooms_url = reverse("calendar_sync:rooms")
    page.set_viewport_size(MOBILE)
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/$"))

    page.locator(f"header[role=banner] nav.main-nav a[href='{rooms_url}']").click()
    page.wait_for_url(re.compile(re.escape(rooms_url) + "$"))
    expect(page.locator("ul.room-list > li.room-card").first).to_be_visible()
    screenshots.take(page, "rooms-360")
    assert_no_page_scroll(page)

    # The list is paginated: narrow it to the room's library as a person would.
    page.locator("form.finder input[name=library]").fill(room.library.name)
    page.locator("form.finder button[type=submit]").click()
    page.wait_for_url(re.compile(r"library="))
    assert_no_page_scroll(page)
    page.locator(f"li.room-card .room-card__actions a[href='{room.get_absolute_url()}']").click()
    page.wait_for_url(re.compile(re.escape(room.get_absolute_url()) + "$"))
    wrap = page.locator(".table-wrap.week-wrap")
    expect(wrap.locator("table.week")).to_be_visible()
    screenshots.take(page, "week-view-360")
    assert_no_page_scroll(page)
    # The week is wider than the screen: it scrolls inside its own container, within the page.
    sizes = wrap.evaluate(
        "(el) => ({scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right})")
    assert sizes["scroll"] > sizes["client"]
    assert sizes["right"] <= MOBILE["width"]
