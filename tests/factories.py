"""factory_boy factories shared by the whole suite. Names look French on purpose: the pages show them."""

import factory
from django.contrib.auth.models import Group
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from intranet.models import Library, Person, PersonKind, StandardIndexPage, StandardPage, User

DEFAULT_PASSWORD = "Lecture-publique-2026"

FIRST_NAMES = ["Anne", "Bernard", "Camille", "Denis", "Élodie", "François", "Gaëlle", "Hervé", "Isabelle",
               "Jérôme", "Katell", "Loïc", "Maëlle", "Nolwenn", "Océane", "Pierre", "Rozenn", "Yann"]
LAST_NAMES = ["Le Gall", "Tanguy", "Morvan", "Guivarc'h", "Le Bihan", "Kerjean", "Riou", "Cariou", "Prigent",
              "Jaouen", "Quéré", "Le Floch", "Salaün", "Pérès", "Hamon", "Le Corre", "Guillou"]
COMMUNES = ["Kerbréhat", "Plouvenec", "Lanmarec", "Pléhouarn", "Pors-Meur", "Kervigen", "Landévoc", "Tréduan"]


def ascii_slug(text: str) -> str:
    """« Guivarc'h » -> "guivarch": the local part of an email address."""
    return slugify(text).replace("-", "")


class LibraryFactory(DjangoModelFactory):
    class Meta:
        model = Library

    commune = factory.Sequence(lambda n: COMMUNES[n % len(COMMUNES)])
    name = factory.LazyAttributeSequence(lambda o, n: f"Médiathèque de {o.commune} n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    address = factory.LazyAttribute(lambda o: f"1 place du Marché\n29900 {o.commune}")
    phone = "02 98 00 00 00"
    email = factory.LazyAttribute(lambda o: f"{o.slug}@mediatheques.test")


class UserFactory(DjangoModelFactory):
    """An account. `UserFactory(roles=[Role.STAFF])` also puts it in the roles' groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: FIRST_NAMES[n % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[(n * 7) % len(LAST_NAMES)])
    email = factory.LazyAttributeSequence(
        lambda o, n: f"{ascii_slug(o.first_name)}.{ascii_slug(o.last_name)}.{n}@reseau.test"
    )
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            # The groups come from a data migration; get_or_create keeps the factory usable after a
            # transactional test flushed the tables.
            self.groups.add(*(Group.objects.get_or_create(name=str(role))[0] for role in extracted))


class PersonFactory(DjangoModelFactory):
    """A directory entry with its account (same names); `PersonFactory(user=None)` for no account."""

    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: FIRST_NAMES[(n * 5) % len(FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: LAST_NAMES[(n * 3) % len(LAST_NAMES)])
    user = factory.SubFactory(
        UserFactory, first_name=factory.SelfAttribute("..first_name"), last_name=factory.SelfAttribute("..last_name")
    )
    library = factory.SubFactory(LibraryFactory)
    kind = PersonKind.PROFESSIONAL
    job_title = "Bibliothécaire"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Saving a new account already gives it a directory entry (intranet.signals): complete that one.
        user = kwargs.get("user")
        if user is not None:
            # A person and their account carry the same names, also when the test made the account.
            kwargs["first_name"], kwargs["last_name"] = user.first_name, user.last_name
        person = model_class.objects.filter(user=user).first() if user is not None else None
        if person is None:
            return super()._create(model_class, *args, **kwargs)
        for name, value in kwargs.items():
            setattr(person, name, value)
        person.save()
        return person


class StandardPageFactory(factory.Factory):
    """A published StandardPage in « Pages du réseau »: `StandardPageFactory(body=[("paragraph", "<p>…</p>")])`.
    `parent=` puts it elsewhere; `publish=False` saves it live without a revision (faster, for volume)."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Note de service n° {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = ""
    body = factory.LazyFunction(list)

    @classmethod
    def _create(cls, model_class, *args, parent=None, publish=True, **kwargs):
        page = model_class(*args, **kwargs)
        (parent or StandardIndexPage.objects.get()).add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page
