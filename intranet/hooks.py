"""The extension points of the core, all on one mechanism: Wagtail's hooks.

`intranet` never imports a feature app (DESIGN §2), yet its dashboard, navigation, reminders,
demo data, benchmarks and roles show or run what the feature apps bring. Each app declares its
entries in ONE place, its `wagtail_hooks.py`, the module Wagtail projects already use for their
admin screens, with a hook function that returns the entries (an iterable of the typed entries
below)::

    # calendar_sync/wagtail_hooks.py
    from wagtail import hooks

    from intranet.dashboard import QuickLink
    from intranet.hooks import QUICK_LINKS

    @hooks.register(QUICK_LINKS)
    def quick_links():
        return [QuickLink(_("Book a room"), "calendar_sync:rooms", order=10)]

Why Wagtail's hooks rather than a registry of our own: Wagtail already imports every installed
app's `wagtail_hooks.py`, once, on the first `get_hooks()` of the process (in practice during
start-up: `wagtail.snippets` asks for hooks in its `AppConfig.ready()`), so web workers and every
management command - `seed_demo`, `send_reminders`, `bench`, `migrate`'s post_migrate signal - see
the same entries, with no import side effect to arrange in an app's `ready()`; and they come with a
public way for tests to replace entries for one test:
`wagtail.hooks.register_temporarily(QUICK_LINKS, lambda: [QuickLink(...)])`.

The hook names, one per kind, what each hook function returns an iterable of, and who reads it:

- ``DASHBOARD_PANELS``: `intranet.dashboard.Panel`, the dashboard (home page);
- ``QUICK_LINKS``: `intranet.dashboard.QuickLink`, the dashboard's quick links;
- ``NAVIGATION``: `intranet.navigation.NavItem`, the main navigation of every page;
- ``REMINDER_PROVIDERS``: `intranet.reminders.ReminderProvider`, `manage.py send_reminders`;
- ``DEMO_SEEDERS``: `intranet.demo.Seeder`, `manage.py seed_demo`;
- ``BENCHMARKS``: `intranet.benchmarks.Benchmark`, `manage.py bench`;
- ``HIDDEN_PAGES``: `intranet.page_permissions.HiddenPages`, the pages each person may not see
  beyond Wagtail's privacy restrictions (site search, listings, the admin);
- ``SEARCH_SOURCES``: `intranet.search.SearchSource`, records other than pages that the site's
  search finds (each source filters what the reader may read);
- ``PERSON_SECTIONS``: `intranet.people.PersonSection`, what a person's directory page shows of
  the feature apps (the bodies they sit on...);
- ``PROFILE_SECTIONS``: `intranet.sections.ProfileSection`, what « My profile » shows of the
  feature apps (my calendar links...);
- ``LIBRARY_SECTIONS``: `intranet.sections.LibrarySection`, what a library's directory page shows
  of the feature apps (its rooms' calendar...);
- ``PERSONAL_DATA``: `intranet.personal_data.PersonalData`, what each app holds about a person:
  « Mes données » (the export), leaving the network and the anonymisation after it;
- ``ROLE_PERMISSIONS``: `intranet.roles.Grant` (made by `grant()`, `grant_pages()`,
  `grant_collections()`), `intranet.roles.sync_role_permissions`, after every `migrate`.

Every entry but a grant has a `key` and an `order`: `registered()` gives one entry per key (a
later hook's entry replaces an earlier one of the same key, which is how a test swaps an entry),
sorted by order then key. Entries that are for some roles only carry `roles`, filtered by
`intranet.roles.shown_to()`. Grants are not keyed: every grant of every app adds up (`collect()`).
"""

from typing import Protocol

from wagtail import hooks

DASHBOARD_PANELS = "intranet_dashboard_panels"
QUICK_LINKS = "intranet_quick_links"
NAVIGATION = "intranet_navigation"
REMINDER_PROVIDERS = "intranet_reminder_providers"
DEMO_SEEDERS = "intranet_demo_seeders"
BENCHMARKS = "intranet_benchmarks"
ROLE_PERMISSIONS = "intranet_role_permissions"
HIDDEN_PAGES = "intranet_hidden_pages"
SEARCH_SOURCES = "intranet_search_sources"
PERSON_SECTIONS = "intranet_person_sections"
PROFILE_SECTIONS = "intranet_profile_sections"
LIBRARY_SECTIONS = "intranet_library_sections"
PERSONAL_DATA = "intranet_personal_data"


class Entry(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


def collect(hook_name: str) -> list:
    """Every entry that the functions registered for `hook_name` return, in the hooks' order."""
    entries = []
    for hook in hooks.get_hooks(hook_name):
        entries.extend(hook())
    return entries


def registered(hook_name: str) -> list:
    """One entry per key, the last registered winning, sorted by (order, key)."""
    by_key: dict[str, Entry] = {entry.key: entry for entry in collect(hook_name)}
    return sorted(by_key.values(), key=lambda entry: (entry.order, entry.key))
