"""« Qui sait faire ? »: a skill's page, what each reader sees of the people who declare it, its filter,
its pages, its tutorials and paths, and its query count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from intranet.roles import Role
from skills_map.models import SkillTutorial, Visibility
from tests.skills_map.factories import (
    LibraryFactory,
    PathSkillFactory,
    PersonFactory,
    PersonSkillFactory,
    SkillFactory,
    SkillProfileFactory,
)
from tests.tutorials.factories import PathFactory, TutorialFactory
from tutorials.models import Audience

pytestmark = pytest.mark.django_db


def page_of(skill, **query):
    return reverse("skills_map:skill", kwargs={"slug": skill.slug}), query


def get(client, skill, **query):
    url, params = page_of(skill, **query)
    return client.get(url, params)


@pytest.fixture
def skill():
    return SkillFactory(name="RAMEAU", description="Indexer avec le répertoire RAMEAU.", minimum_base=True)


def test_unknown_skill_is_404_and_elected_officials_403(client_staff, client_elected, skill):
    assert client_staff.get(reverse("skills_map:skill", kwargs={"slug": "inconnue"})).status_code == 404
    assert get(client_elected, skill).status_code == 403


def test_page_shows_the_skill_its_domain_and_minimum_base(client_staff, skill):
    html = get(client_staff, skill).content.decode()
    assert "RAMEAU" in html and skill.domain.name in html and "Indexer avec le répertoire" in html
    assert "socle minimum" in html


def test_aggregate_only_person_is_counted_but_never_named(client_staff, skill):
    shown = PersonFactory(first_name="Katell", last_name="Morvan")
    hidden = PersonFactory(first_name="Ronan", last_name="Caradec")
    SkillProfileFactory(person=hidden, visibility=Visibility.AGGREGATE)
    volunteer = PersonFactory(first_name="Gwen", last_name="Bénévole", kind="volunteer")  # aggregates by default
    for person in (shown, hidden, volunteer):
        PersonSkillFactory(person=person, skill=skill, level=3)
    response = get(client_staff, skill)
    html = response.content.decode()
    assert "Katell Morvan" in html
    assert "Ronan Caradec" not in html and "Gwen Bénévole" not in html
    mastery = next(count for count in response.context["counts"] if count.level == 3)
    assert mastery.shown == "3"  # everyone active is counted
    assert response.context["people_page"].paginator.count == 1


def test_inactive_people_and_closed_rows_are_neither_counted_nor_named(client_staff, skill):
    gone = PersonFactory(first_name="Yann", last_name="Parti", active=False)
    PersonSkillFactory(person=gone, skill=skill, level=4)
    old = PersonFactory(first_name="Anne", last_name="Ancienne")
    PersonSkillFactory(person=old, skill=skill, level=4, valid_until=timezone.now())
    response = get(client_staff, skill)
    assert "Yann Parti" not in response.content.decode() and "Anne Ancienne" not in response.content.decode()
    assert next(count for count in response.context["counts"] if count.level == 4).shown == "0"


def test_volunteer_reader_sees_counts_but_no_names(client_volunteer, volunteer_user, skill):
    for name in ("Tifenn", "Soazig"):
        PersonSkillFactory(person=PersonFactory(first_name=name, last_name="Morvan"), skill=skill, level=3)
    PersonSkillFactory(person=volunteer_user.person, skill=skill, level=1)
    response = get(client_volunteer, skill)
    html = response.content.decode()
    assert "Tifenn" not in html and "Soazig" not in html
    counts = {count.level: count.shown for count in response.context["counts"]}
    # Two named people at level 3, but the volunteer may not see names: the small cell is hidden.
    assert counts[3] == "< 3" and counts[1] == "< 3" and counts[2] == "0"
    assert [item["row"].person for item in response.context["rows"]] == [volunteer_user.person]


def test_the_reader_sees_themself_even_counted_only(client_staff, staff_user, skill):
    SkillProfileFactory(person=staff_user.person, visibility=Visibility.AGGREGATE)
    PersonSkillFactory(person=staff_user.person, skill=skill, level=2)
    response = get(client_staff, skill)
    assert [item["row"].person for item in response.context["rows"]] == [staff_user.person]


def test_order_my_library_first_then_level_then_validated_then_name(member, client_as, skill):
    mine, other = LibraryFactory(name="Médiathèque de Lannilis"), LibraryFactory(name="Médiathèque de Brest")
    reader = member(Role.STAFF, first_name="Lecteur", last_name="Zz", library=mine)
    referent = member(Role.REFERENTS, first_name="Ref", library=other)
    now = timezone.now()

    def row(first, library, level, validated=None):
        PersonSkillFactory(person=PersonFactory(first_name=first, last_name="X", library=library), skill=skill,
                           level=level, validated_by=referent if validated else None, validated_at=validated)

    row("Autre4", other, 4)
    row("Mienne2", mine, 2)
    row("AutreValide3", other, 3, validated=now - dt.timedelta(days=10))
    row("Autre3", other, 3)
    row("AutreExpire3", other, 3, validated=now - dt.timedelta(days=4 * 365))
    row("AValide3", other, 3, validated=now - dt.timedelta(days=20))
    names = [item["row"].person.first_name for item in get(client_as(reader), skill).context["rows"]]
    assert names == ["Mienne2", "Autre4", "AValide3", "AutreValide3", "Autre3", "AutreExpire3"]


def test_willing_to_share_is_a_text_badge_and_the_person_links_to_their_page(client_staff, skill):
    katell = PersonFactory(first_name="Katell", last_name="Morvan", library=LibraryFactory(name="Médiathèque d'Ys"))
    PersonSkillFactory(person=katell, skill=skill, level=4, willing_to_share=True)
    html = get(client_staff, skill).content.decode()
    assert "prêt·e à partager" in html
    assert katell.get_absolute_url() in html and "Médiathèque d&#x27;Ys" in html


def test_library_search_filters_by_part_of_the_name(client_staff, skill):
    for town in ("Lannilis", "Landerneau", "Brest"):
        PersonSkillFactory(person=PersonFactory(first_name=f"P{town}", library=LibraryFactory(
            name=f"Médiathèque de {town}")), skill=skill, level=3)
    response = get(client_staff, skill, bibliotheque="lan")
    names = {item["row"].person.first_name for item in response.context["rows"]}
    assert names == {"PLannilis", "PLanderneau"}
    assert "<select" not in response.content.decode().split("people-title")[1].split("learn-title")[0]


def test_my_library_shortcut(member, client_as, skill):
    mine = LibraryFactory(name="Médiathèque de Lannilis")
    reader = member(Role.STAFF, first_name="Lecteur", library=mine)
    PersonSkillFactory(person=PersonFactory(first_name="Voisine", library=mine), skill=skill, level=2)
    PersonSkillFactory(person=PersonFactory(first_name="Loin", library=LibraryFactory()), skill=skill, level=4)
    response = get(client_as(reader), skill, **{"ma-mediatheque": "1"})
    assert [item["row"].person.first_name for item in response.context["rows"]] == ["Voisine"]


def test_people_are_paginated_by_thirty(client_staff, skill):
    for number in range(35):
        PersonSkillFactory(person=PersonFactory(first_name=f"P{number:02d}", last_name="Morvan"), skill=skill, level=2)
    first = get(client_staff, skill)
    assert len(first.context["rows"]) == 30
    second = get(client_staff, skill, page=2)
    assert len(second.context["rows"]) == 5


def test_tutorials_and_paths_are_filtered_by_audience(client_staff, client_volunteer, skill):
    for_staff = TutorialFactory(title="Indexer en RAMEAU (pro)", audience=Audience.STAFF)
    for_all = TutorialFactory(title="RAMEAU pour tous", audience=Audience.EVERYONE)
    draft = TutorialFactory(title="Brouillon RAMEAU", audience=Audience.EVERYONE, live=False)
    for page in (for_staff, for_all, draft):
        SkillTutorial.objects.create(skill=skill, page=page)
    staff_path = PathFactory(title="Parcours catalogueur", audience=Audience.STAFF)
    volunteer_path = PathFactory(title="Parcours découverte", audience=Audience.VOLUNTEERS)
    PathSkillFactory(path=staff_path, skill=skill, level=3)
    PathSkillFactory(path=volunteer_path, skill=skill, level=1)
    staff_html = get(client_staff, skill).content.decode()
    assert "Indexer en RAMEAU (pro)" in staff_html and "RAMEAU pour tous" in staff_html
    assert "Brouillon RAMEAU" not in staff_html
    assert "Parcours catalogueur" in staff_html and "Parcours découverte" in staff_html
    volunteer_html = get(client_volunteer, skill).content.decode()
    assert "Indexer en RAMEAU (pro)" not in volunteer_html and "RAMEAU pour tous" in volunteer_html
    assert "Parcours catalogueur" not in volunteer_html and "Parcours découverte" in volunteer_html
    assert "Maîtrise" in staff_html  # the level the path brings it at


def test_what_teaches_the_skill_follows_publishing_and_new_links(client_staff, skill):
    tutorial = TutorialFactory(title="Indexer en RAMEAU", audience=Audience.STAFF)
    SkillTutorial.objects.create(skill=skill, page=tutorial)
    assert "Indexer en RAMEAU" in get(client_staff, skill).content.decode()  # and now kept in the cache
    tutorial.unpublish()
    assert "Indexer en RAMEAU" not in get(client_staff, skill).content.decode()
    path = PathFactory(title="Parcours catalogueur", audience=Audience.STAFF)
    PathSkillFactory(path=path, skill=skill, level=3)
    assert "Parcours catalogueur" in get(client_staff, skill).content.decode()


@pytest.mark.parametrize("scale", [1, 10])
def test_skill_page_queries_do_not_grow(member, client_as, skill, scale, django_assert_max_num_queries):
    library = LibraryFactory()
    referent = member(Role.REFERENTS, first_name="Réf", library=library)
    for number in range(3 * scale):
        other = LibraryFactory()
        for person_library in (library, other):
            PersonSkillFactory(person=PersonFactory(library=person_library), skill=skill, level=1 + number % 4)
        volunteer = PersonFactory(kind="volunteer", library=other, mentor=referent)
        SkillProfileFactory(person=volunteer, visibility=Visibility.NAMED)
        PersonSkillFactory(person=volunteer, skill=skill, level=2)
    for _number in range(scale):
        SkillTutorial.objects.create(skill=skill, page=TutorialFactory())
        PathSkillFactory(path=PathFactory(), skill=skill, level=2)
    client = client_as(referent)
    client.get(reverse("skills_map:index"))  # a warm server: the taxonomy and site root are cached
    with django_assert_max_num_queries(20):
        response = get(client, skill)
    assert response.status_code == 200
    assert any(item["validator_kind"] for item in response.context["rows"])


def test_benchmark_measures_the_skill_most_people_declare(client_staff, skill):
    from intranet.hooks import BENCHMARKS, registered

    busy = SkillFactory(name="Accueil")
    for _number in range(3):
        PersonSkillFactory(person=PersonFactory(), skill=busy, level=2)
    PersonSkillFactory(person=PersonFactory(), skill=skill, level=2)
    bench = next(entry for entry in registered(BENCHMARKS) if entry.name == "skills_skill_page")
    url = bench.build()
    assert url == busy.get_absolute_url()
    assert client_staff.get(url).status_code == 200


def test_small_cells_hide_only_what_the_reader_may_not_see_by_name(client_staff, skill):
    hidden = PersonFactory(first_name="Ronan")
    SkillProfileFactory(person=hidden, visibility=Visibility.AGGREGATE)
    PersonSkillFactory(person=hidden, skill=skill, level=4)
    PersonSkillFactory(person=PersonFactory(), skill=skill, level=4)
    for _number in range(2):
        PersonSkillFactory(person=PersonFactory(), skill=skill, level=2)
    counts = {count.level: count.shown for count in get(client_staff, skill).context["counts"]}
    assert counts == {1: "0", 2: "2", 3: "0", 4: "< 3"}


def test_the_page_renders_for_a_referent(member, client_as, skill):
    """What a validator reads: the level's words, the badges, the « Valider » form with its labels."""
    library = LibraryFactory(name="Médiathèque de Lannilis")
    referent = member(Role.REFERENTS, first_name="Rozenn", library=library)
    katell = PersonFactory(first_name="Katell", last_name="Morvan", library=library)
    PersonSkillFactory(person=katell, skill=skill, level=3, willing_to_share=True)
    html = get(client_as(referent), skill).content.decode()
    assert "3. Maîtrise" in html and "autodéclarée" in html and "prêt·e à partager" in html
    PersonSkillFactory(person=PersonFactory(first_name="Soazig", library=library), skill=skill, level=2,
                       validated_by=referent, validated_at=timezone.now())
    assert "validée (mars 2026)" in get(client_as(referent), skill).content.decode()
    assert 'for="level-' in html and 'for="note-' in html and "Valider « RAMEAU » pour Katell Morvan" in html
    assert '<option value="3" selected>' in html
    assert 'Ma médiathèque' in html and 'name="bibliotheque"' in html


def test_benchmark_says_when_the_network_has_no_skill():
    from skills_map.hooks_people import skill_page_bench

    with pytest.raises(LookupError):
        skill_page_bench()
