"""Hook functions of the « mine » family (see wagtail_hooks.py): the person page's skills section, the
dashboard nudge, the yearly reminder of `send_reminders`, the quick link and the benchmark of the form."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.benchmarks import Benchmark
from intranet.dashboard import Panel, QuickLink
from intranet.hooks import BENCHMARKS, DASHBOARD_PANELS, PERSON_SECTIONS, QUICK_LINKS, REMINDER_PROVIDERS
from intranet.people import PersonSection
from intranet.roles import STAFF_ROLES, Role
from intranet.selectors import person_for_user

from . import permissions, reminders_mine
from .selectors import mine as selectors

SKILLS_ROLES = (*STAFF_ROLES, Role.VOLUNTEERS)


def person_skills_section(person, viewer) -> dict | None:
    """The person's current skills by level: to themself always; to a reader who may see names, when the
    person may be shown by name; nothing otherwise (not even the heading)."""
    # Their own page: the account is the person's (no query for the reader's directory entry).
    if viewer is not None and viewer.is_authenticated and person.user_id == viewer.pk:
        rows = selectors.shown_skills_of(person, named_only=False)
        return {"rows": rows, "own": True} if rows else None
    if not person.active or not permissions.sees_names(viewer):
        return None
    rows = selectors.shown_skills_of(person, named_only=True)
    return {"rows": rows, "own": False} if rows else None


@hooks.register(PERSON_SECTIONS)
def mine_person_sections():
    return [PersonSection("skills", _("Skills"), "skills_map/mine/person_section.html", person_skills_section,
                          order=40)]


def skills_nudge_panel(request) -> dict | None:
    """Shown while my skills are empty or not confirmed for SKILLS_CONFIRM_MONTHS (one query)."""
    person = person_for_user(request.user)
    if person is None:
        return None
    fresh = selectors.freshness(person)
    if not fresh.needs_nudge:
        return None
    return {"empty": fresh.empty, "confirmed": fresh.confirmed, "count": fresh.count,
            "months": selectors.confirm_months()}


@hooks.register(DASHBOARD_PANELS)
def mine_dashboard_panels():
    return [Panel("skills_nudge", _("My skills"), "skills_map/mine/panels/nudge.html", skills_nudge_panel,
                  order=40, roles=SKILLS_ROLES)]


@hooks.register(QUICK_LINKS)
def mine_quick_links():
    return [QuickLink(_("My skills"), "skills_map:mine", order=35, roles=SKILLS_ROLES)]


@hooks.register(REMINDER_PROVIDERS)
def mine_reminder_providers():
    return [reminders_mine.PROVIDER]


@hooks.register(BENCHMARKS)
def mine_benchmarks():
    # The default account (personnel@demo.test): the everyday case of the form.
    return [Benchmark("skills_my_skills", lambda: reverse("skills_map:mine"), order=710)]

