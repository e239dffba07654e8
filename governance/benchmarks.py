"""What `make bench` measures of governance (issue 8): COTECH's page, its next meeting's page and
the decision register, read by the demo staff member (COTECH is read by all staff). Declared in
governance/wagtail_hooks.py (intranet.hooks.BENCHMARKS)."""

from django.urls import reverse
from django.utils import timezone

from .models import BodyPage, Meeting

TECHNICAL_COMMITTEE = "comite-technique"


def _technical_committee() -> BodyPage:
    return BodyPage.objects.live().get(slug=TECHNICAL_COMMITTEE)


def body_page() -> str:
    return _technical_committee().get_url()


def meeting_page() -> str:
    """COTECH's next meeting, the one its members prepare; on a database seeded long ago that has
    none left, its latest."""
    meetings = Meeting.objects.filter(body=_technical_committee())
    meeting = meetings.upcoming(timezone.now()).first() or meetings.order_by("-start").first()
    return reverse("governance:meeting", args=[meeting.pk])


def decision_register() -> str:
    return reverse("governance:register")
