"""The small hand-built network of the map family's tests (`build_network`), and a network of any
size for the query counts (`grow_network`)."""

from intranet.models import PersonKind
from tests.skills_map.factories import (
    LibraryFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillDomainFactory,
    SkillFactory,
    SkillProfileFactory,
)


def build_network(now) -> dict:
    """Three libraries, two domains. Catalogage: RAMEAU (Lannilis 2, one of them « aggregates only »;
    Brélès 3; Ploudalmézeau 1, named) and Dewey (Lannilis 1 volunteer, counted only; Brélès 1 named).
    Numérique: Portail (Lannilis 1)."""
    lannilis = LibraryFactory(name="Médiathèque de Lannilis")
    breles = LibraryFactory(name="Médiathèque de Brélès")
    plouda = LibraryFactory(name="Médiathèque de Ploudalmézeau")
    catalogage = SkillDomainFactory(name="Catalogage", slug="catalogage", sort_order=1)
    numerique = SkillDomainFactory(name="Numérique", slug="numerique", sort_order=2)
    rameau = SkillFactory(name="RAMEAU", domain=catalogage, minimum_base=True)
    dewey = SkillFactory(name="Dewey", domain=catalogage, minimum_base=True)
    portail = SkillFactory(name="Portail", domain=numerique)

    katell = PersonFactory(first_name="Katell", library=lannilis)
    yann = PersonFactory(first_name="Yann", library=lannilis)
    SkillProfileFactory(person=yann, visibility="aggregate")
    anne = PersonFactory(first_name="Anne", library=lannilis, kind=PersonKind.VOLUNTEER)
    pierre, loic, rozenn = (PersonFactory(first_name=name, library=breles) for name in ("Pierre", "Loïc", "Rozenn"))
    gaelle = PersonFactory(first_name="Gaëlle", library=plouda)
    gone = PersonFactory(first_name="Hervé", library=plouda, active=False)

    PersonSkillFactory(person=katell, skill=rameau, level=4, willing_to_share=True)
    PersonSkillFactory(person=yann, skill=rameau, level=3)
    for person in (pierre, loic, rozenn):
        PersonSkillFactory(person=person, skill=rameau, level=3)
    PersonSkillFactory(person=gaelle, skill=rameau, level=3)
    PersonSkillFactory(person=gone, skill=rameau, level=4)  # inactive: not counted
    PersonSkillFactory(person=anne, skill=dewey, level=3)
    PersonSkillFactory(person=pierre, skill=dewey, level=4)
    PersonSkillFactory(person=loic, skill=dewey, level=2)  # below mastery: not counted
    PersonSkillFactory(person=rozenn, skill=dewey, level=3, valid_until=now)  # history: not counted
    PersonSkillFactory(person=katell, skill=portail, level=3)
    # Wishes: Dewey wanted by four (one can teach it: Pierre), Portail by one.
    PersonSkillFactory(person=yann, skill=dewey, level=None, wants_to_learn=True, target_level=3)
    PersonSkillFactory(person=gaelle, skill=dewey, level=1, wants_to_learn=True, target_level=3)
    PersonSkillFactory(person=katell, skill=dewey, level=2, wants_to_learn=True, target_level=3)
    PersonSkillFactory(person=rozenn, skill=dewey, level=None, wants_to_learn=True)
    PersonSkillFactory(person=loic, skill=portail, level=1, wants_to_learn=True, target_level=2)
    return {"lannilis": lannilis, "breles": breles, "plouda": plouda, "rameau": rameau, "dewey": dewey,
            "portail": portail, "katell": katell, "yann": yann}


def grow_network(scale: int, skills) -> None:
    """3 x scale libraries, each with three people who master, practise or want to learn `skills`, one
    of them « aggregates only »."""
    for number in range(3 * scale):
        library = LibraryFactory(name=f"Médiathèque n° {number:03d}")
        people = [PersonFactory(library=library) for _index in range(3)]
        SkillProfileFactory(person=people[2], visibility="aggregate")
        for index, skill in enumerate(skills):
            PersonSkillFactory(person=people[0], skill=skill, level=3 + index % 2, willing_to_share=True)
            PersonSkillFactory(person=people[1], skill=skill, level=1 + index % 3, wants_to_learn=index % 3 < 2,
                               target_level=3 if index % 3 < 2 else None)
            PersonSkillFactory(person=people[2], skill=skill, level=3)
