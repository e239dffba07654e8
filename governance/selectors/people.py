"""What a person's directory page shows of governance (intranet.people.PERSON_SECTIONS): the bodies
they sit on today, among those the viewer may see."""

from django.utils import timezone

from ..models import BodyPage, Membership
from ..permissions import visible_bodies_q


def person_bodies(person, viewer) -> dict | None:
    """The person's current memberships in live bodies the viewer may see, the chair's and the
    secretary's first: one query (and the viewer's memberships, read once per request)."""
    visible = BodyPage.objects.live().filter(visible_bodies_q(viewer)).values("pk")
    memberships = list(
        Membership.objects.serving(timezone.localdate()).filter(person=person, body__in=visible)
        .select_related("body").order_by("body__path", "role")
    )
    return {"memberships": memberships} if memberships else None
