"""The dashboard panels of the core app."""

from django.utils.translation import gettext_lazy as _

from .dashboard import Panel, register_panel
from .models import StandardPage
from .page_permissions import pages_visible_to


def recent_pages(request) -> dict | None:
    pages = pages_visible_to(request.user, StandardPage.objects.live()).order_by("-last_published_at")[:5]
    pages = list(pages)
    return {"pages": pages} if pages else None


register_panel(Panel("recent_pages", _("Recently updated pages"), "intranet/panels/recent_pages.html",
                     recent_pages, order=900))
