"""The network agenda in a real browser: personnel@demo.test copies their personal feed link from the
profile (and a calendar app reading it gets their bookings), then reads the month view of « Agenda du
réseau » with a meeting and, once their library is typed in the filters, a room booking;
coordination@demo.test imports the Google-style sample export through the upload → preview → confirm
pages. Screenshots on a desktop and on a 390 px phone.

As in the other browser tests, assertions rely on the demo data, URLs, the page structure and the
records, not on the UI's wording.
"""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from calendar_sync.events import event_sources
from calendar_sync.models import AgendaEvent, Booking, FeedToken, IcsImport, IcsImportStatus, NetworkCalendar
from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Person
from intranet.roles import Role
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import log_in
from tests.e2e.test_paths import DESKTOP, PHONE, assert_fits_phone, switch_account

STAFF_EMAIL = DEMO_ACCOUNTS[Role.STAFF]
COORDINATION_EMAIL = DEMO_ACCOUNTS[Role.COORDINATION]
SAMPLE = Path(__file__).resolve().parents[2] / "calendar_sync" / "demo_data" / "agenda-google.ics"


def _month_bounds():
    today = timezone.localdate()
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    midnight = dt.time(0)
    return dt.datetime.combine(first, midnight, tzinfo=zone), dt.datetime.combine(following, midnight, tzinfo=zone)


def test_staff_copy_their_feed_link_and_read_the_month_with_a_meeting_and_a_booking(demo_network, live_server, page,
                                                                                      screenshots):
    staff = Person.objects.get(user__email=STAFF_EMAIL)
    start, end = _month_bounds()
    [meetings] = [source for source in event_sources() if source.key == "governance_meetings"]
    meeting = next(event for event in meetings.visible(staff.user, start, end) if not event.cancelled)
    booking = (Booking.objects.active().filter(room__library=staff.library, start__gte=start, end__lte=end,
                                               is_private=False).order_by("start").first())
    assert booking is not None

    # 1. The profile holds the personal feed link; a calendar app reading it gets my bookings.
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto(reverse("profile"))
    assert_accessible(page)
    personal = page.locator("input.feed-subscribe__url").first
    expect(personal).to_have_attribute("readonly", "")
    feed_url = personal.input_value()
    token = FeedToken.objects.live().get(person=staff)
    assert token.key in feed_url and feed_url.endswith("/personnel.ics")
    screenshots.take(page, "staff-profile-feed-link")
    # A calendar app: no session cookie. The link names the site's public address (a setting); the
    # test reaches the same path on the live server.
    feed_path = urlsplit(feed_url).path
    anonymous = page.context.browser.new_context(base_url=live_server.url)
    answer = anonymous.request.get(feed_path)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.body())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    mine = Booking.objects.active().filter(organizer=staff, start__gte=timezone.now()).first()
    assert mine is not None and (mine.ical_uid in uids or any(uid.startswith("booking-series-") for uid in uids))
    assert anonymous.request.get(feed_path.replace(token.key, "x" * len(token.key))).status == 404
    anonymous.close()

    # 2. The month view, reached from the rooms' pages: a meeting of the month shows.
    page.goto(reverse("calendar_sync:rooms"))
    page.locator(f"main a[href='{reverse('agenda:month')}']").first.click()
    expect(page).to_have_url(re.compile(reverse("agenda:month") + r"$"))
    assert_accessible(page)
    month_table = page.locator("table.month")
    expect(month_table.get_by_text(meeting.title, exact=False).first).to_be_visible()
    screenshots.take(page, "staff-agenda-month-desktop")

    # 3. Room bookings are added for one library, typed in the filters (no list of every library).
    page.locator("input[name=source][value=room_bookings]").check()
    page.locator("input[name=library]").fill(staff.library.name)
    page.locator("form.agenda-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"library="))
    expect(month_table.get_by_text(booking.title, exact=False).first).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "staff-agenda-month-with-bookings")

    # 4. On a phone the grid turns into a list of days, without horizontal scrolling.
    page.set_viewport_size(PHONE)
    page.reload()
    assert_fits_phone(page)
    assert_accessible(page)
    screenshots.take(page, "staff-agenda-month-phone")
    page.set_viewport_size(DESKTOP)


def test_coordination_imports_the_sample_export_through_the_preview(demo_network, page, screenshots):
    calendar = NetworkCalendar.objects.get(slug="actions-culturelles")
    before = AgendaEvent.objects.filter(calendar=calendar).count()

    switch_account(page, COORDINATION_EMAIL)
    page.goto(reverse("agenda:month"))
    page.locator(f"nav a[href='{reverse('agenda:import')}']").first.click()
    expect(page).to_have_url(re.compile(reverse("agenda:import") + r"$"))
    assert_accessible(page)
    page.locator("input[type=file]").set_input_files(str(SAMPLE))
    page.locator(f"input[name=target][value='{calendar.slug}']").check()
    page.locator("main form button[type=submit]").first.click()

    # The preview: counts, nothing imported yet.
    upload = IcsImport.objects.get()
    expect(page).to_have_url(re.compile(reverse("agenda:import_preview", args=[upload.pk]) + r"$"))
    assert upload.status == IcsImportStatus.PREVIEWED and upload.report["new"] > 0
    assert AgendaEvent.objects.filter(calendar=calendar).count() == before
    assert_accessible(page)
    screenshots.take(page, "coordination-import-preview")

    page.locator(f"form[action='{reverse('agenda:import_confirm', args=[upload.pk])}'] button[type=submit]").click()
    upload.refresh_from_db()
    assert upload.status == IcsImportStatus.DONE
    assert AgendaEvent.objects.filter(calendar=calendar).count() == before + upload.report["new"]
    assert_accessible(page)
    screenshots.take(page, "coordination-import-report")

    page.set_viewport_size(PHONE)
    page.goto(reverse("agenda:import_preview", args=[upload.pk]))
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
