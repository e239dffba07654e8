"""Hook functions of the procedures family (see wagtail_hooks.py): the dashboard's « Procédures à
confirmer », the demo data, and what happens when a tutorial page's revision is published (versions
of procedures, local notes to look at). Wagtail imports this module once at start-up, before any
page is published, so the signal is connected in every process (web, commands, tests)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.signals import page_published

from intranet.dashboard import Panel, first_and_total
from intranet.demo import Seeder
from intranet.hooks import DASHBOARD_PANELS, DEMO_SEEDERS
from intranet.selectors import person_for_user

from .models import TutorialPage

PANEL_PROCEDURES_SHOWN = 5


def _on_page_published(sender, instance, revision=None, **kwargs):
    if kwargs.get("alias"):
        return  # an alias has no revision of its own
    from .services.procedures import procedure_page_published

    procedure_page_published(page=instance, revision=revision)


page_published.connect(_on_page_published, sender=TutorialPage, dispatch_uid="tutorials_procedure_published")


def procedures_to_confirm_panel(request) -> dict | None:
    from .selectors.procedures import procedures_to_confirm

    person = person_for_user(request.user)
    if person is None:
        return None
    pages, total = first_and_total(procedures_to_confirm(request.user, person), PANEL_PROCEDURES_SHOWN)
    return {"pages": pages, "total": total} if pages else None


@hooks.register(DASHBOARD_PANELS)
def procedures_dashboard_panels():
    return [Panel("procedures_to_confirm", _("Procedures to confirm"), "tutorials/panels/procedures_to_confirm.html",
                  procedures_to_confirm_panel, order=25)]


@hooks.register(DEMO_SEEDERS)
def procedures_demo_seeders():
    from .demo_procedures import seed_procedures

    # After the tutorials' own pages (the content family's seeder) and every core seeder.
    return [Seeder("tutorials_procedures", seed_procedures, order=190)]
