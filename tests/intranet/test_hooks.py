"""The one extension mechanism of the core (intranet.hooks, on Wagtail's hooks): one entry per key,
in order, replaced for a test through Wagtail's public API, and seen by every management command."""

import io
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail import hooks

from intranet.demo import Seeder
from intranet.hooks import (
    BENCHMARKS,
    DASHBOARD_PANELS,
    DEMO_SEEDERS,
    NAVIGATION,
    QUICK_LINKS,
    collect,
    registered,
)

TEST_HOOK = "intranet_test_entries"


@dataclass(frozen=True)
class Entry:
    key: str
    order: int = 100
    label: str = ""


def test_entries_come_sorted_by_order_then_key():
    with hooks.register_temporarily(TEST_HOOK, lambda: [Entry("b", 20), Entry("a", 20), Entry("z", 10)]):
        assert [entry.key for entry in registered(TEST_HOOK)] == ["z", "a", "b"]


def test_an_entry_registered_later_replaces_the_one_of_the_same_key():
    with hooks.register_temporarily([
        (TEST_HOOK, lambda: [Entry("a", label="from the app"), Entry("b")]),
        (TEST_HOOK, lambda: [Entry("a", label="from the test")]),
    ]):
        assert [(entry.key, entry.label) for entry in registered(TEST_HOOK)] == [("a", "from the test"), ("b", "")]


def test_a_temporary_entry_is_gone_after_its_test():
    with hooks.register_temporarily(TEST_HOOK, lambda: [Entry("a")]):
        pass
    assert registered(TEST_HOOK) == []


def test_seed_demo_runs_the_seeders_apps_declare_in_order(db):
    """The core seeds first (order 0), then each app's, by order; entries replaced by key here so
    that the test does not build the whole demo network."""
    ran = []

    def seeder(name):
        def run(*, scale):
            ran.append((name, scale))
            return {f"{name} items": scale * 2}
        return run

    replacements = [Seeder("rooms", seeder("rooms"), order=50), Seeder("zz-late", seeder("late"), order=60),
                    Seeder("core", seeder("core"), order=0)]
    out = io.StringIO()
    with hooks.register_temporarily(DEMO_SEEDERS, lambda: replacements):
        call_command("seed_demo", "--force", "--scale", "3", stdout=out)

    assert ran == [("core", 3), ("rooms", 3), ("late", 3)]
    assert "Seeding zz-late… late items: 6" in out.getvalue()


PRINT_ENTRIES = """
import json
from intranet import hooks
print(json.dumps({
    "navigation": [entry.key for entry in hooks.registered(hooks.NAVIGATION)],
    "quick_links": [entry.key for entry in hooks.registered(hooks.QUICK_LINKS)],
    "panels": [entry.key for entry in hooks.registered(hooks.DASHBOARD_PANELS)],
    "seeders": [entry.key for entry in hooks.registered(hooks.DEMO_SEEDERS)],
    "benchmarks": [entry.key for entry in hooks.registered(hooks.BENCHMARKS)],
    "grants": sorted({name for entry in hooks.collect(hooks.ROLE_PERMISSIONS) for name in entry.permissions}),
}))
"""


def test_a_management_command_sees_the_entries_of_every_app():
    """What `seed_demo`, `send_reminders`, `bench` and `migrate` read, in a fresh process: every app's
    wagtail_hooks.py is loaded without any import arranged in an AppConfig.ready()."""
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_ENTRIES],
        cwd=Path(settings.BASE_DIR), capture_output=True, text=True, check=True,
    )
    entries = json.loads(completed.stdout.strip().splitlines()[-1])

    assert entries["navigation"] == ["tutorials", "paths", "skills", "governance", "rooms", "documents", "directory"]
    assert entries["quick_links"] == ["calendar_sync:rooms", "calendar_sync:my_bookings", "tutorials:my_paths",
                                      "tutorials:my_mentees", "tutorials:enrolments", "skills_map:mine",
                                      "directory:people", "tutorials:review_report", "profile", "mfa_index"]
    assert entries["panels"] == ["approvals", "steps_to_validate", "this_week", "skills_to_validate",
                                 "minutes_to_approve", "my_paths", "next_meetings", "proposals", "tutorials_recent",
                                 "procedures_to_confirm", "tutorials_my_due", "governance_my_actions", "skills_nudge",
                                 "recent_pages"]
    assert entries["seeders"] == ["core", "rooms", "governance", "agenda", "tutorials_content", "paths",
                                  "tutorials_procedures", "skills_map", "documents"]
    assert entries["benchmarks"][:2] == ["dashboard", "directory"]
    assert {"booking_create_100k", "body_page", "meeting_page", "decision_register", "tutorials_index",
            "tutorial_page", "tutorials_search_navette", "my_paths", "my_mentees", "skills_map", "skills_gaps",
            "skills_my_skills", "skills_skill_page"} <= set(entries["benchmarks"])
    assert {"intranet.change_person", "calendar_sync.add_room", "add_page"} <= set(entries["grants"])


@pytest.mark.parametrize("hook_name", [NAVIGATION, QUICK_LINKS, DASHBOARD_PANELS, DEMO_SEEDERS, BENCHMARKS])
def test_every_entry_is_keyed_once(hook_name):
    """Two apps giving the same key would silently hide one of them."""
    keys = [entry.key for entry in collect(hook_name)]
    assert len(keys) == len(set(keys))
