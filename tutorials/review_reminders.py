"""What `manage.py send_reminders` sends about pages due for review (intranet.reminders): once a
month, one digest per person listing the pages they must review. A page goes to its owner; when
the owner has left (inactive directory entry, no account, disabled account) or the page has none, to
the referent of the owner's library, and failing one to Coordination. What was sent is recorded
(ReviewReminder, unique per address and month): running the command again sends nothing more."""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from intranet.models import Person
from intranet.reminders import Reminder, ReminderProvider
from intranet.roles import Role

from .models import ReviewReminder, TutorialPage

TEMPLATE = "tutorials/email/pages_to_review"


def _reachable(person: Person | None) -> bool:
    return (person is not None and person.active and person.user is not None and person.user.is_active
            and bool(person.user.email))


def _recipients(pages: list[TutorialPage]) -> dict[str, dict]:
    """{email: {"name": first name, "pages": [...], "on_behalf": True when not their own}}, three queries."""
    library_ids = {page.owner_person.library_id for page in pages
                   if page.owner_person is not None and not _reachable(page.owner_person)}
    referents: dict[int, Person] = {}
    for person in (Person.objects.filter(library_id__in=library_ids, active=True, user__is_active=True,
                                         user__groups__name=Role.REFERENTS).exclude(user__email="")
                   .select_related("user").order_by("pk")):
        referents.setdefault(person.library_id, person)
    coordination = None
    urls = {page.pk: page.get_full_url() for page in pages}  # the sites' root paths are cached
    by_email: dict[str, dict] = {}
    for page in pages:
        owner = page.owner_person
        if _reachable(owner):
            recipients, on_behalf = [owner], False
        elif owner is not None and owner.library_id in referents:
            recipients, on_behalf = [referents[owner.library_id]], True
        else:
            if coordination is None:
                coordination = list(Person.objects.filter(active=True, user__is_active=True,
                                                          user__groups__name=Role.COORDINATION)
                                    .exclude(user__email="").select_related("user").order_by("pk"))
            recipients, on_behalf = coordination, True
        for person in recipients:
            entry = by_email.setdefault(person.user.email, {"name": person.first_name, "pages": []})
            entry["pages"].append({"page": page, "on_behalf": on_behalf, "url": urls[page.pk]})
    return by_email


def due_reminders(today: dt.date) -> Iterator[Reminder]:
    period = f"{today:%Y-%m}"
    already = set(ReviewReminder.objects.filter(period=period).values_list("email", flat=True))
    pages = list(TutorialPage.objects.live().due_for_review(today)
                 .select_related("owner_person__user").order_by("review_due", "title", "pk"))
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for email, entry in _recipients(pages).items():
        if email in already:
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(email=email, period=period, pages=len(entry["pages"]))
        except IntegrityError:  # another run got there first
            continue
        yield Reminder(to=[email], template=TEMPLATE, context={
            "name": entry["name"], "rows": entry["pages"], "site_url": site_url,
            "report_url": reverse("tutorials:review_report"),
        })


PROVIDER = ReminderProvider("tutorials_review", due_reminders, order=70)
