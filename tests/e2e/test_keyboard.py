"""Keyboard-only journeys: each test does one task of a demo role with the keyboard alone (Tab,
Shift+Tab, Enter, Space, arrows, typing into the focused field), from the login form to the result,
and checks on every page the focus order and the visible focus (tests/e2e/keyboard.py): the first
Tab reaches the skip link, which moves the focus into <main>; the Tab stops follow the reading order;
each one is on screen and shows a focus indicator.

The only navigation not done by keyboard is the starting URL, typed after logging in. As in the
other browser tests, assertions rely on the demo data, URLs, the page structure and the records.
"""

import base64
import datetime as dt
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from calendar_sync.models import Booking, BookingStatus, Room
from calendar_sync.presenters import book_url
from calendar_sync.recurrence import aware
from governance.models import Answer, AnswerResponse, Meeting, Proposal, ProposalStatus
from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Person
from intranet.roles import Role
from skills_map.models import PersonSkill, Skill
from tests.e2e.keyboard import KeyboardUser
from tutorials.models import Enrolment, StepProgress, StepStatus

STAFF_EMAIL = DEMO_ACCOUNTS[Role.STAFF]
REFERENT_EMAIL = DEMO_ACCOUNTS[Role.REFERENTS]
VOLUNTEER_EMAIL = DEMO_ACCOUNTS[Role.VOLUNTEERS]
COORDINATION_EMAIL = DEMO_ACCOUNTS[Role.COORDINATION]


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


# -- 2. Propose an agenda item --------------------------------------------------------------------

ITEM_TITLE = "Prêter les liseuses au clavier"
ITEM_TEXT = "Trois médiathèques prêtent déjà des liseuses : harmonisons les règles."


def test_referent_proposes_an_agenda_item_by_keyboard(demo_network, page, screenshots):
    referent = Person.objects.get(user__email=REFERENT_EMAIL)
    meeting = (Meeting.objects.upcoming(timezone.now()).filter(body__short_name="COTECH")
               .select_related("body").first())
    assert meeting is not None and timezone.now() < meeting.proposal_deadline
    meeting_url = reverse("governance:meeting", args=[meeting.pk])

    user = log_in_by_keyboard(page, REFERENT_EMAIL, reverse("governance:index"))
    user.tab_to(f"main a[href='{meeting.body.url}']")
    user.activate()
    expect(page.locator("h1")).to_contain_text(meeting.body.title)
    user.tab_to(f"main a[href='{meeting_url}']")
    user.activate()
    user.tab_to(f"main a[href='{reverse('governance:proposal_create', args=[meeting.pk])}']")
    user.activate()

    user.tab_to("#id_title")
    user.type(ITEM_TITLE)
    user.tab_to("input[name=kind]")  # Tab enters the radio group on its checked radio...
    user.arrow_to("input[name=kind][value=decision]")  # ...and the arrows choose within it
    user.tab_to("#id_duration_minutes")
    user.type("20", replace=True)
    user.tab_to("#id_description")
    user.type(ITEM_TEXT)
    user.tab_to("main form button[type=submit]")
    screenshots.take(page, "proposal-submit-focused")
    user.activate()

    proposal = Proposal.objects.get(meeting=meeting, title=ITEM_TITLE)
    assert (proposal.proposer, proposal.status, proposal.kind, proposal.duration_minutes) == (
        referent, ProposalStatus.PENDING, "decision", 20)
    expect(page).to_have_url(re.compile(re.escape(reverse("governance:proposal", args=[proposal.pk]))))
    expect(page.locator(".messages")).to_contain_text(ITEM_TITLE)
    expect(page.locator("main")).to_contain_text(ITEM_TEXT)

    # Listed among « My proposals » of the meeting's preparation page (breadcrumb → meeting → prepare).
    user.tab_to(f"main nav.breadcrumb a[href='{meeting_url}']")
    user.activate()
    user.tab_to(f"main a[href='{reverse('governance:meeting_prepare', args=[meeting.pk])}']")
    user.activate()
    mine = page.locator("section[aria-labelledby=my-proposals-title]")
    expect(mine.locator(f"a[href='{reverse('governance:proposal', args=[proposal.pk])}']")).to_have_text(ITEM_TITLE)


# -- 3. Answer a convocation ----------------------------------------------------------------------


def test_convened_member_answers_with_a_proxy_by_keyboard(demo_network, page, screenshots):
    member = Person.objects.get(user__email=COORDINATION_EMAIL)
    meeting = (Meeting.objects.upcoming(timezone.now())
               .filter(body__slug="cellule-de-coordination", convocations__isnull=False).first())
    assert meeting is not None, "the demo convenes the coordination cell's next meeting ahead"
    Answer.objects.filter(meeting=meeting, person=member).delete()
    answer_url = reverse("governance:answer", args=[meeting.pk])

    user = log_in_by_keyboard(page, COORDINATION_EMAIL, "/")
    user.tab_to(f"main a[href='{answer_url}']")  # the dashboard's « Next meetings » panel
    user.activate()
    user.tab_to("input[name=response]")
    user.arrow_to(f"input[name=response][value={AnswerResponse.PROXY}]")
    user.tab_to("#id_proxy_to")
    user.choose_option(page.locator("#id_proxy_to option").nth(1).get_attribute("value"))
    holder_id = int(page.evaluate("() => document.activeElement.value"))
    screenshots.take(page, "answer-proxy-chosen")
    user.tab_to(f"form[action='{answer_url}'] button[type=submit]")
    user.activate()

    answer = Answer.objects.get(meeting=meeting, person=member)
    assert (answer.response, answer.proxy_to_id, answer.by_link) == (AnswerResponse.PROXY, holder_id, False)
    holder = Person.objects.get(pk=holder_id)
    expect(page).to_have_url(re.compile(re.escape(reverse("governance:answers", args=[meeting.pk]))))
    expect(page.locator(".messages")).to_contain_text(holder.full_name)


# -- 4. Mark a path step done ---------------------------------------------------------------------

PATH_TITLE = "Bénévole : premiers pas"


def progress_of(page: Page) -> tuple[int, int]:
    bar = page.locator("main progress").first
    return int(bar.get_attribute("value")), int(bar.get_attribute("max"))


def test_volunteer_marks_a_path_step_done_by_keyboard(demo_network, page, screenshots):
    enrolment = Enrolment.objects.select_related("path").get(person__user__email=VOLUNTEER_EMAIL,
                                                             path__title=PATH_TITLE)
    started = set(StepProgress.objects.filter(enrolment=enrolment).values_list("step_id", flat=True))
    step = next(step for step in enrolment.path.steps.order_by("sort_order")
                if not step.needs_validation and step.pk not in started)

    user = log_in_by_keyboard(page, VOLUNTEER_EMAIL, reverse("tutorials:my_paths"))
    user.tab_to(f"main .path-card a[href='{enrolment.path.url}']")
    user.activate()
    expect(page.locator("h1")).to_have_text(PATH_TITLE)
    before, total = progress_of(page)
    expect(page.locator(f"#step-{step.pk} .status")).to_have_class(re.compile("status--todo"))
    user.tab_to(f"form[action='{reverse('tutorials:step_done', args=[enrolment.pk, step.pk])}'] button")
    screenshots.take(page, "step-done-focused")
    user.activate()

    progress = StepProgress.objects.get(enrolment=enrolment, step=step)
    assert progress.status == StepStatus.DONE
    expect(page.locator(".messages")).to_contain_text(step.title)
    expect(page.locator(f"#step-{step.pk} .status")).to_have_class(re.compile("status--done"))
    assert progress_of(page) == (before + 1, total)


# -- 5. Set my skills -----------------------------------------------------------------------------


def test_staff_sets_a_skill_level_and_offers_to_share_by_keyboard(demo_network, page, screenshots):
    staff = Person.objects.get(user__email=STAFF_EMAIL)
    skill = Skill.objects.get(slug="indexation-rameau")
    assert not PersonSkill.objects.current().filter(person=staff, skill=skill).exists()

    user = log_in_by_keyboard(page, STAFF_EMAIL, reverse("skills_map:mine"))
    user.tab_to(f"#level-{skill.pk}")
    user.choose_option("3")
    user.tab_to(f"#share-{skill.pk}")
    user.press("Space")
    expect(page.locator(f"#share-{skill.pk}")).to_be_checked()
    screenshots.take(page, "skills-share-focused")
    user.tab_to("form.my-skills button[type=submit]", max_presses=400)  # past every skill of the form
    user.activate()

    row = PersonSkill.objects.current().get(person=staff, skill=skill)
    assert (row.level, row.willing_to_share) == (3, True)
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator(f"#level-{skill.pk}")).to_have_value("3")
    expect(page.locator(f"#share-{skill.pk}")).to_be_checked()


# -- 6. Set up a second factor --------------------------------------------------------------------


def totp_code(secret: str, at: float) -> str:
    """RFC 6238 with allauth's defaults: SHA-1, 30-second steps, 6 digits (the server's clock and
    this one are the same frozen clock)."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**6:06d}"


def test_staff_activates_totp_and_recovery_codes_by_keyboard(demo_network, page, screenshots):
    staff = Person.objects.select_related("user").get(user__email=STAFF_EMAIL)
    assert not Authenticator.objects.filter(user=staff.user).exists()

    user = log_in_by_keyboard(page, STAFF_EMAIL, reverse("profile"))
    user.tab_to(f"main a[href='{reverse('mfa_index')}']")
    user.activate()
    user.tab_to(f"main a[href='{reverse('mfa_activate_totp')}']")
    user.activate()
    # allauth asks for the password again before a security change.
    expect(page).to_have_url(re.compile(re.escape(reverse("account_reauthenticate"))))
    user.tab_to("#id_password")
    user.type(DEMO_PASSWORD)
    user.tab_to("main form button[type=submit]")
    user.activate()
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp"))))

    # The secret, for an app that cannot scan the QR code: reachable by Tab, to select and copy it.
    user.tab_to("#authenticator_secret")
    secret = page.evaluate("() => document.activeElement.value")
    assert len(secret) >= 16
    screenshots.take(page, "totp-secret-focused")
    user.tab_to("#id_code")
    user.type(totp_code(secret, time.time()))
    screenshots.take(page, "totp-code-typed")
    user.tab_to("main form button[type=submit]")
    user.activate()

    assert Authenticator.objects.filter(user=staff.user, type=Authenticator.Type.TOTP).exists()
    # allauth generated the recovery codes and shows them; they can be reached and read by keyboard,
    # not edited.
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_view_recovery_codes"))))
    codes = RecoveryCodes(Authenticator.objects.get(user=staff.user, type=Authenticator.Type.RECOVERY_CODES))
    user.tab_to("#recovery_codes")
    shown = page.evaluate("() => document.activeElement.value").split()
    assert shown == codes.get_unused_codes() and len(shown) >= 10
    user.type("x")
    assert page.evaluate("() => document.activeElement.value").split() == shown
    screenshots.take(page, "recovery-codes-focused")


# -- The checks themselves ------------------------------------------------------------------------


def test_the_focus_checks_catch_a_missing_ring_a_jump_back_up_and_a_hidden_stop(
        _serialized_database, django_db_serialized_rollback, transactional_db, page):
    """The login page, altered in the browser (element styles only: the page's CSP allows no inline
    style sheet), trips each check. No demo data: the migrated database (restored after the tests
    before, which flush it) is enough for the login page."""
    user = KeyboardUser(page)
    page.goto(reverse("account_login"))
    user.arrive()
    user.tab_to("#id_login")

    page.evaluate("() => { const f = document.getElementById('id_password');"
                  " f.style.outline = 'none'; f.style.boxShadow = 'none'; }")
    with pytest.raises(AssertionError, match="no visible focus indicator"):
        user.tab_to("#id_password")

    page.evaluate("() => { const f = document.getElementById('id_password'); f.style.outline = '';"
                  " f.style.boxShadow = ''; const b = document.querySelector('main form button[type=submit]');"
                  " b.style.position = 'absolute'; b.style.top = '0px'; b.style.left = '50%'; }")
    with pytest.raises(AssertionError, match="jumps back up the page"):
        user.tab_to("main form button[type=submit]")

    page.evaluate("() => { const a = document.querySelector('main form .form__actions a');"
                  " a.style.position = 'absolute'; a.style.left = '-9999px'; }")
    with pytest.raises(AssertionError, match="off-screen"):
        user.tab_to("main form .form__actions a")
