"""factory_boy factories of the tutorials tests. Records made here skip the services (and so the
rules): use them for the data a test stands on, never for the behaviour it checks."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from tests.factories import PersonFactory
from tutorials.models import (
    Audience,
    Kind,
    PathIndexPage,
    PathStep,
    StepKind,
    Topic,
    TrainingPathPage,
    TutorialIndexPage,
    TutorialPage,
)

__all__ = ["PersonFactory", "TopicFactory", "TutorialFactory", "step"]


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def step(title: str, text: str = "<p>Faire ceci.</p>") -> tuple[str, dict]:
    """A body step as StreamField data: `body=[step("Ouvrir le SIGB"), ("text", "<p>…</p>")]`."""
    return ("step", {"title": title, "text": text, "image": None})


class TutorialFactory(factory.Factory):
    """A published page of « Tutoriels & procédures » (the section the migration creates)."""

    class Meta:
        model = TutorialPage

    title = factory.Sequence(lambda n: f"Tutoriel n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Kind.TUTORIAL
    audience = Audience.STAFF
    summary = "Comment faire, pas à pas."
    topic = factory.SubFactory(TopicFactory)
    body = factory.LazyFunction(lambda: [step("Première étape"), step("Deuxième étape")])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(*args, **kwargs)
        TutorialIndexPage.objects.get().add_child(instance=page)
        return page


# --- content family ---------------------------------------------------------------------------------


def callout(kind: str, text: str) -> tuple[str, dict]:
    return ("callout", {"kind": kind, "text": f"<p>{text}</p>"})


def checklist(title: str, *items: str) -> tuple[str, dict]:
    return ("checklist", {"title": title, "items": list(items)})


def make_tutorials(count: int, **fields) -> list:
    """`count` published tutorials sharing `fields` (a topic, an audience...), for lists at 1x and 10x."""
    return [TutorialFactory(**fields) for _ in range(count)]


# --- paths ----------------------------------------------------------------------------------------


__all__ += ["PathFactory", "path_step"]


def path_step(title: str, *, kind: str = StepKind.PRACTICE, needs_validation: bool = False, tutorial=None,
              description: str = "") -> PathStep:
    """An unsaved step for `PathFactory(steps=[path_step("Se connecter"), ...])`."""
    return PathStep(title=title, kind=kind, needs_validation=needs_validation, tutorial=tutorial,
                    description=description)


class PathFactory(factory.Factory):
    """A published training path of « Parcours » (the section the migration creates), with three
    steps by default: one done alone, one the mentor validates, one training session."""

    class Meta:
        model = TrainingPathPage

    title = factory.Sequence(lambda n: f"Parcours n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    introduction = "Pour bien commencer."
    audience = Audience.EVERYONE
    duration_weeks = 4
    self_enrolment = False

    @classmethod
    def _create(cls, model_class, *args, steps=None, **kwargs):
        page = model_class(*args, **kwargs)
        if steps is None:
            steps = [path_step("Se connecter au SIGB"),
                     path_step("Prêter un document", needs_validation=True),
                     path_step("Atelier d'accueil", kind=StepKind.SESSION)]
        for number, item in enumerate(steps):
            item.sort_order = number
        page.steps = steps
        PathIndexPage.objects.get().add_child(instance=page)
        page.save_revision().publish()
        return page
