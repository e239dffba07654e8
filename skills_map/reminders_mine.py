"""What `manage.py send_reminders` sends about skills (intranet.reminders): once a year at most, an
email to each person of the network (staff and volunteers, with an active account) whose skills are
empty or were not confirmed for SKILLS_CONFIRM_MONTHS, inviting them to fill or confirm them. When it
was sent is recorded on their profile (SkillProfile.nudged_at), and only if no other run recorded it
first."""

import datetime as dt
from collections.abc import Iterator

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from intranet.reminders import Reminder, ReminderProvider

from .models import SkillProfile
from .selectors import mine as selectors
from .services.profiles import profile_for

TEMPLATE = "skills_map/email/skills_nudge"


def due_reminders(today: dt.date) -> Iterator[Reminder]:
    now = timezone.now()
    a_year_ago = now - relativedelta(years=1)
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    url = site_url + reverse("skills_map:mine")
    for person in list(selectors.who_is_due_a_reminder(now)):
        profile = profile_for(person)
        # Recorded first, and only if still due: a second run at the same time sends nothing.
        recorded = (SkillProfile.objects.filter(pk=profile.pk)
                    .filter(Q(nudged_at__isnull=True) | Q(nudged_at__lte=a_year_ago)).update(nudged_at=now))
        if not recorded:
            continue
        yield Reminder(to=[person.user.email], template=TEMPLATE, context={
            "name": person.first_name, "empty": person.skills_count == 0, "count": person.skills_count,
            "confirmed": person.skills_confirmed, "months": selectors.confirm_months(), "url": url,
        })


PROVIDER = ReminderProvider("skills_nudge", due_reminders, order=80)
