"""factory_boy factories of the tutorials tests. Records made here skip the services (and so the
rules): use them for the data a test stands on, never for the behaviour it checks."""

import factory
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from tests.factories import PersonFactory
from tutorials.models import Audience, Kind, Topic, TutorialIndexPage, TutorialPage

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
