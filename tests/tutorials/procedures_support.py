"""What the procedures tests share: the reading page with the procedures' context (until the content
family's TutorialPage.get_context calls tutorials.page_context.procedure_context, a fixture does it),
procedure pages and their published revisions."""

import pytest

from tutorials.models import Kind, TutorialPage
from tutorials.page_context import procedure_context

from .factories import TutorialFactory, step


@pytest.fixture(autouse=True)
def _procedure_context_on_the_page(monkeypatch):
    """The seam: TutorialPage.get_context merges procedure_context(page, request). A no-op once the
    content family's get_context calls it."""
    if "get_context" in TutorialPage.__dict__:
        return
    base = TutorialPage.get_context

    def get_context(self, request, *args, **kwargs):
        context = base(self, request, *args, **kwargs)
        context.update(procedure_context(self, request))
        return context

    monkeypatch.setattr(TutorialPage, "get_context", get_context)


def publish(page: TutorialPage, *, significant: bool = False, summary: str = "", **changes) -> TutorialPage:
    """Publish a new revision of the page (as the admin does), with « significant change » or not."""
    page = TutorialPage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.significant_change = significant
    page.change_summary = summary
    page.save_revision().publish()
    return TutorialPage.objects.get(pk=page.pk)


def procedure(**fields) -> TutorialPage:
    """A procedure, published once through a revision (so its version 1 exists)."""
    fields.setdefault("kind", Kind.PROCEDURE)
    fields.setdefault("body", [step("Vérifier l'identité", "<p>Demander une pièce d'identité.</p>"),
                               step("Saisir la fiche", "<p>Créer la fiche dans le SIGB.</p>")])
    page = TutorialFactory(**fields)
    page.save_revision().publish()
    return TutorialPage.objects.get(pk=page.pk)


def step_ids(page: TutorialPage) -> list[str]:
    return [block.id for block in page.body if block.block_type == "step"]
