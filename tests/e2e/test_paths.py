"""Training paths in a real browser: benevole@demo.test opens « Bénévole : premiers pas » and marks a
step done (by keyboard); the mentor, referent@demo.test, validates it in « Mes bénévoles »; the
volunteer sees the progress rise. Screenshots on a desktop and on a 390 px phone.

As in the other browser tests, assertions rely on the demo data, URLs, the page structure and the
records, not on the UI's wording.
"""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.roles import Role
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import WIDER_THAN_VIEWPORT_JS, log_in
from tutorials.models import Enrolment, StepProgress, StepStatus

VOLUNTEER_EMAIL = DEMO_ACCOUNTS[Role.VOLUNTEERS]
REFERENT_EMAIL = DEMO_ACCOUNTS[Role.REFERENTS]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def switch_account(page: Page, email: str) -> None:
    page.context.clear_cookies()
    log_in(page, email, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))


def assert_fits_phone(page: Page) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], (
        f"{page.url} scrolls horizontally at {PHONE['width']}px: {scroll_width}px wide; past the right edge: "
        + ", ".join(page.evaluate(WIDER_THAN_VIEWPORT_JS)))


def progress_value(page: Page) -> int:
    return int(page.locator("main progress").first.get_attribute("value"))


def test_a_volunteer_marks_a_step_done_the_mentor_validates_it_and_the_progress_rises(demo_network, page,
                                                                                       screenshots):
    enrolment = Enrolment.objects.select_related("path").get(person__user__email=VOLUNTEER_EMAIL,
                                                             path__title="Bénévole : premiers pas")
    assert enrolment.mentor.user.email == REFERENT_EMAIL
    started = {item.step_id for item in StepProgress.objects.filter(enrolment=enrolment)}
    step = next(step for step in enrolment.path.steps.order_by("sort_order")
                if step.needs_validation and step.pk not in started)
    done_url = reverse("tutorials:step_done", args=[enrolment.pk, step.pk])

    # 1. The volunteer opens the path from the « Parcours » section and marks the step done by keyboard.
    log_in(page, VOLUNTEER_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    page.locator(f"nav.main-nav a[href='{reverse('tutorials:paths')}']").click()
    expect(page.locator(".path-card").first).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "volunteer-paths-index")
    page.get_by_role("link", name="Bénévole : premiers pas").first.click()
    expect(page.locator("h1")).to_have_text("Bénévole : premiers pas")
    before = progress_value(page)
    assert_accessible(page)
    screenshots.take(page, "volunteer-path-desktop")
    button = page.locator(f"form[action='{done_url}'] button")
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_be_visible()
    assert StepProgress.objects.get(enrolment=enrolment, step=step).status == StepStatus.WAITING
    expect(page.locator(f"#step-{step.pk} .status")).to_have_class(re.compile("status--waiting"))
    page.set_viewport_size(PHONE)
    screenshots.take(page, "volunteer-path-390")
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)

    # 2. The mentor validates it from « Mes bénévoles ».
    switch_account(page, REFERENT_EMAIL)
    page.goto(reverse("tutorials:my_mentees"))
    validate = page.locator(f"form[action='{reverse('tutorials:step_validate', args=[enrolment.pk, step.pk])}']")
    expect(validate).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "mentor-my-volunteers-desktop")
    page.set_viewport_size(PHONE)
    screenshots.take(page, "mentor-my-volunteers-390")
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
    validate.locator("textarea").fill("Très bon premier point, merci !")
    validate.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    progress = StepProgress.objects.get(enrolment=enrolment, step=step)
    assert progress.status == StepStatus.VALIDATED and progress.reviewed_by == enrolment.mentor

    # 3. The volunteer sees the progress rise, in « Mes parcours » and on the path's page.
    switch_account(page, VOLUNTEER_EMAIL)
    page.goto(reverse("tutorials:my_paths"))
    card = page.locator(".path-card", has=page.get_by_role("link", name="Bénévole : premiers pas"))
    assert int(card.locator("progress").get_attribute("value")) == before + 1
    assert_accessible(page)
    screenshots.take(page, "volunteer-my-paths-desktop")
    page.set_viewport_size(PHONE)
    screenshots.take(page, "volunteer-my-paths-390")
    assert_fits_phone(page)


COORDINATION_EMAIL = DEMO_ACCOUNTS[Role.COORDINATION]


def test_coordination_follows_the_enrolments_and_enrols_a_volunteer_found_by_name(demo_network, page, screenshots):
    from intranet.models import Person
    from tutorials.models import TrainingPathPage

    rameau = TrainingPathPage.objects.get(title="Médiation numérique")
    volunteer = (Person.objects.filter(kind="volunteer", user__isnull=False)
                 .exclude(path_enrolments__path=rameau).order_by("pk").first())
    mentor = Person.objects.get(user__email=REFERENT_EMAIL)

    log_in(page, COORDINATION_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    page.goto(reverse("tutorials:enrolments"))
    expect(page.locator(".enrolments-table tbody tr").first).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "coordination-overview-desktop")
    page.locator("#id_status").select_option("en-retard")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"status=en-retard"))
    page.set_viewport_size(PHONE)
    screenshots.take(page, "coordination-overview-390")
    page.set_viewport_size(DESKTOP)

    page.goto(reverse("tutorials:enrol") + f"?parcours={rameau.pk}")
    page.locator("#id_person_q").fill(f"{volunteer.first_name} {volunteer.last_name}")
    page.locator("#id_mentor_q").fill(f"{mentor.first_name} {mentor.last_name}")
    page.locator("#id_target_date").fill("2026-06-30")
    assert_accessible(page)
    screenshots.take(page, "coordination-enrol-form")
    page.locator("form.enrol-form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    enrolment = Enrolment.objects.get(person=volunteer, path=rameau, withdrawn_at__isnull=True)
    assert enrolment.mentor == mentor and enrolment.enrolled_by.user.email == COORDINATION_EMAIL
