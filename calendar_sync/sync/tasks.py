"""Pushing a CalDAV link in the background after a change (django-tasks). The task never raises:
a server that is down is recorded on the link (runner.sync_link) and tried again later (a deferred
retry when the task backend can defer, and in any case by the next `sync_calendars`)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from ..models import CalDAVLink


@task()
def push_link(link_id: int) -> bool:
    from .runner import sync_link

    link = (CalDAVLink.objects.filter(pk=link_id, active=True, server__active=True)
            .select_related("server", "room__library", "calendar").first())
    if link is None:
        return False
    outcome = sync_link(link)
    if not outcome.ok and default_task_backend.supports_defer:
        run_after = timezone.now() + dt.timedelta(minutes=settings.CALENDAR_SYNC_RETRY_MINUTES)
        push_link.using(run_after=run_after).enqueue(link_id)
    return outcome.ok
