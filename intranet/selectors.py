"""Reads of the core app that join or filter, written for a constant number of queries."""

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet

from .caching import cached, per_request
from .models import Library, Person, PersonKind

PEOPLE_PER_PAGE = 30


def person_for_user(user) -> Person | None:
    """The directory entry of a logged-in user, with their library (one query per request)."""
    return per_request(user, "person", lambda: Person.objects.select_related("library").filter(user=user).first(),
                       anonymous=None)


def directory_people(*, library: Library | None = None, kind: str = "", text: str = "") -> QuerySet[Person]:
    people = Person.objects.active().select_related("library", "user")
    if library is not None:
        people = people.filter(library=library)
    if kind in PersonKind.values:
        people = people.filter(kind=kind)
    if text:
        people = people.search(text)
    return people.order_by("last_name", "first_name", "pk")


def directory_page(*, page_number, **filters) -> PaginatorPage:
    return Paginator(directory_people(**filters), PEOPLE_PER_PAGE).get_page(page_number)


@dataclass(frozen=True)
class LibrarySummary:
    slug: str
    name: str
    url: str
    headcount: int


def libraries_with_headcount() -> list[LibrarySummary]:
    """Every library with its number of active people: the same for everyone, so cached until a
    library or a person changes (see signals)."""

    def build() -> list[LibrarySummary]:
        libraries = Library.objects.annotate(headcount=Count("people", filter=Q(people__active=True))).order_by(
            "-is_head_office", "name"
        ).only("slug", "name")
        return [LibrarySummary(library.slug, library.name, library.get_absolute_url(), library.headcount)
                for library in libraries]

    return cached("libraries", build)


def person_detail(pk: int) -> Person:
    return (
        Person.objects.active()
        .select_related("library", "user", "mentor", "photo")
        .prefetch_related("mentees")
        .get(pk=pk)
    )


def library_people(library: Library) -> list[Person]:
    return list(directory_people(library=library))

