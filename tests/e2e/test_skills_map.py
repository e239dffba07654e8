"""The skills map in a real browser: personnel@demo.test sets three skills in « Mes compétences »;
referent@demo.test (the referent of their library) finds them on a skill's page « Qui sait faire ? » and
validates one; coordination@demo.test reads the heatmap and downloads the gaps as CSV. Screenshots on a
desktop and on a 390 px phone, the heatmap included.

As in the other browser tests, assertions rely on the demo data, URLs, the page structure and the
records, not on the UI's wording.
"""

import csv
import io
import re

from django.urls import reverse
from playwright.sync_api import expect

from intranet.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from intranet.models import Person
from intranet.roles import Role
from skills_map.models import Evidence, PersonSkill, Skill
from tests.e2e.accessibility import assert_accessible
from tests.e2e.test_journeys import log_in
from tests.e2e.test_paths import DESKTOP, PHONE, assert_fits_phone, switch_account

STAFF_EMAIL = DEMO_ACCOUNTS[Role.STAFF]
REFERENT_EMAIL = DEMO_ACCOUNTS[Role.REFERENTS]
COORDINATION_EMAIL = DEMO_ACCOUNTS[Role.COORDINATION]


def test_staff_set_three_skills_the_referent_validates_one_coordination_reads_the_map(demo_network, page,
                                                                                       screenshots):
    staff = Person.objects.get(user__email=STAFF_EMAIL)
    referent = Person.objects.get(user__email=REFERENT_EMAIL)
    assert staff.library_id == referent.library_id
    assert not PersonSkill.objects.current().filter(person=staff).exists()
    rameau, dewey, web = (Skill.objects.get(slug=slug) for slug in
                          ("indexation-rameau", "classification-dewey", "redaction-web"))

    # 1. Personnel: from the navigation to « Mes compétences »; three skills set with the keyboard.
    log_in(page, STAFF_EMAIL, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/$"))
    page.locator(f"nav.main-nav a[href='{reverse('skills_map:index')}']").click()
    page.locator(f"a[href='{reverse('skills_map:mine')}']").first.click()
    expect(page).to_have_url(re.compile(reverse("skills_map:mine") + "$"))
    assert_accessible(page)
    screenshots.take(page, "staff-my-skills-desktop")
    level = page.locator(f"#level-{rameau.pk}")
    level.focus()
    level.select_option("3")
    page.locator(f"#share-{rameau.pk}").check()
    page.locator(f"#level-{dewey.pk}").select_option("2")
    page.locator(f"#learn-{web.pk}").check()
    page.locator(f"#target-{web.pk}").select_option("3")
    page.locator("form.my-skills button[type=submit]").press("Enter")
    expect(page.locator(".messages")).to_be_visible()
    rows = {row.skill_id: row for row in PersonSkill.objects.current().filter(person=staff)}
    assert set(rows) == {rameau.pk, dewey.pk, web.pk}
    assert (rows[rameau.pk].level, rows[rameau.pk].willing_to_share) == (3, True)
    assert (rows[web.pk].level, rows[web.pk].wants_to_learn, rows[web.pk].target_level) == (None, True, 3)
    expect(page.locator(f"#level-{rameau.pk}")).to_have_value("3")
    page.set_viewport_size(PHONE)
    screenshots.take(page, "staff-my-skills-390")
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
    for url in (reverse("skills_map:teachers"), reverse("skills_map:index")):
        page.goto(url)
        assert_accessible(page)
    screenshots.take(page, "staff-skills-index")

    # 2. The referent finds them on the skill's page, filtered on their own library, and validates.
    switch_account(page, REFERENT_EMAIL)
    page.goto(reverse("skills_map:index"))
    page.locator(f"a[href='{reverse('skills_map:skill', kwargs={'slug': rameau.slug})}']").first.click()
    expect(page.locator("h1")).to_contain_text(rameau.name)
    page.locator("main a[href*='ma-mediatheque=1']").first.click()
    expect(page.get_by_role("link", name=staff.full_name).first).to_be_visible()
    assert_accessible(page)
    screenshots.take(page, "referent-skill-page-desktop")
    action = reverse("skills_map:validate", kwargs={"slug": rameau.slug, "person_id": staff.pk})
    form = page.locator(f"form[action='{action}']")
    form.locator("xpath=ancestor::details").locator("summary").click()
    form.locator("input[name=note]").fill("Indexation vérifiée sur dix notices.")
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    validated = PersonSkill.objects.current().get(person=staff, skill=rameau)
    assert validated.is_validated and validated.validated_by == referent and validated.evidence == Evidence.REFERENT
    assert validated.level == 3 and validated.willing_to_share
    page.set_viewport_size(PHONE)
    screenshots.take(page, "referent-skill-page-390")
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
    page.goto(reverse("skills_map:to_validate"))
    assert_accessible(page)
    screenshots.take(page, "referent-to-validate")
    page.set_viewport_size(PHONE)
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)

    # 3. Coordination reads the heatmap (a domain chosen) and downloads the gaps for the training plan.
    switch_account(page, COORDINATION_EMAIL)
    page.goto(reverse("skills_map:map"))
    page.locator("a[href*='domaine=numerique']").first.click()
    table = page.locator("main table").first
    expect(table.locator("caption")).to_be_visible()
    assert table.locator("th[scope=col]").count() > 3 and table.locator("th[scope=row]").count() >= 10
    assert_accessible(page)
    screenshots.take(page, "coordination-heatmap-desktop")
    page.set_viewport_size(PHONE)
    screenshots.take(page, "coordination-heatmap-390")
    assert_fits_phone(page)
    page.set_viewport_size(DESKTOP)
    page.goto(reverse("skills_map:gaps"))
    assert_accessible(page)
    screenshots.take(page, "coordination-gaps-desktop")
    with page.expect_download() as download_info:
        page.locator(f"a[href='{reverse('skills_map:gaps_csv')}']").click()
    download = download_info.value
    text = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","))
    assert len(rows) > 20
    flat = " ".join(" ".join(row) for row in rows)
    assert rameau.name in flat and staff.last_name not in flat  # aggregates name nobody
