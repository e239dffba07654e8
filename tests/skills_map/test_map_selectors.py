"""The numbers of the heatmap and of the gaps on a small hand-built network (skills_map.selectors.map):
what is counted (active people, current rows, level 3 or more), what is written (« < 3 » for small
cells not all nameable), the secondary suppression against the network total, the bus factor, the
minimum base and the training needs."""

import pytest

from skills_map.selectors import map as selectors
from skills_map.selectors.taxonomy import domain_by_slug
from skills_map.services.profiles import skill_profile_set_visibility
from tests.skills_map.factories import LibraryFactory, PersonFactory, PersonSkillFactory, SkillFactory
from tests.skills_map.map_data import build_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(clock):
    return build_network(clock.now())


def _grid(heat) -> dict[str, list[str]]:
    return {row.library.name.removeprefix("Médiathèque de "): [cell.shown for cell in row.cells] for row in heat.rows}


def test_the_heatmap_counts_active_people_at_mastery_and_hides_small_cells(network):
    heat = selectors.heatmap(domain=domain_by_slug("catalogage"), reader_sees_names=True)
    assert [skill.name for skill in heat.skills] == ["Dewey", "RAMEAU"]
    # Dewey: Lannilis 1 volunteer counted only -> « < 3 »; Brélès 1 named would read 1, hidden with it so
    # that the total cannot give Lannilis back (and the two add up to 2: no more cell to hide).
    # RAMEAU: Lannilis 2 with Yann « aggregates only » -> « < 3 »; the smallest other, Ploudalmézeau
    # (1, named), hidden as well; Brélès 3 written.
    assert _grid(heat) == {"Brélès": ["", "3"], "Lannilis": ["< 3", "< 3"], "Ploudalmézeau": ["0", ""]}
    by_name = {row.library.name: row.cells for row in heat.rows}
    plouda_rameau = by_name["Médiathèque de Ploudalmézeau"][1]
    assert plouda_rameau.hidden and plouda_rameau.secondary and plouda_rameau.css_class == "heat-hidden"
    assert [cell.shown for cell in heat.totals] == ["< 3", "6"]


def test_a_reader_who_sees_names_reads_the_exact_count_when_everyone_counted_is_named(network):
    heat = selectors.heatmap(domain=domain_by_slug("numerique"), reader_sees_names=True)
    assert _grid(heat)["Lannilis"] == ["1"]
    assert [cell.shown for cell in heat.totals] == ["1"]


def test_a_reader_who_may_not_see_names_reads_small_cells_as_less_than_three(network):
    heat = selectors.heatmap(domain=domain_by_slug("numerique"), reader_sees_names=False)
    assert _grid(heat)["Lannilis"] == ["< 3"]
    assert [cell.shown for cell in heat.totals] == ["< 3"]


def test_the_totals_count_every_library_not_only_the_page_or_the_search(network):
    heat = selectors.heatmap(domain=domain_by_slug("catalogage"), library_text="Brélès", reader_sees_names=True)
    assert list(_grid(heat)) == ["Brélès"]
    assert [cell.shown for cell in heat.totals] == ["< 3", "6"]
    assert _grid(heat)["Brélès"] == ["", "3"]  # hidden for the network, whatever the page shows


def test_the_cached_counts_follow_rows_visibility_and_people(network):
    numerique = domain_by_slug("numerique")
    assert _grid(selectors.heatmap(domain=numerique, reader_sees_names=True))["Lannilis"] == ["1"]
    katell = network["katell"]
    skill_profile_set_visibility(person=katell, visibility="aggregate", by=katell)
    assert _grid(selectors.heatmap(domain=numerique, reader_sees_names=True))["Lannilis"] == ["< 3"]
    PersonSkillFactory(person=PersonFactory(library=network["lannilis"]), skill=network["portail"], level=4)
    PersonSkillFactory(person=PersonFactory(library=network["lannilis"]), skill=network["portail"], level=3)
    assert _grid(selectors.heatmap(domain=numerique, reader_sees_names=True))["Lannilis"] == ["3"]
    katell.active = False
    katell.save()
    assert _grid(selectors.heatmap(domain=numerique, reader_sees_names=True))["Lannilis"] == ["2"]


@pytest.mark.parametrize(("column", "hidden"), [
    ({1: (5, 5), 2: (4, 4)}, set()),  # nothing small: nothing hidden
    ({1: (1, 0), 2: (4, 4), 3: (6, 6)}, {1, 2}),  # one small cell: the smallest other too
    ({1: (2, 1), 2: (0, 0), 3: (7, 7), 4: (3, 3)}, {1, 4}),  # zeros are never the second cell
    ({1: (1, 0), 2: (1, 0), 3: (5, 5), 4: (8, 8)}, {1, 2, 3}),  # two cells of one add up to 2: one more
    ({1: (2, 0), 2: (1, 0), 3: (5, 5)}, {1, 2}),  # two small cells adding up to 3: enough
    ({1: (1, 0)}, {1}),  # alone: the total is small too, and shown « < 3 » itself
])
def test_secondary_suppression_hides_enough_cells_that_the_total_gives_none_back(column, hidden):
    primary, secondary = selectors.hidden_cells(column, reader_sees_names=True)
    assert primary | secondary == hidden
    assert not primary & secondary


def test_the_lowest_library_is_hidden_second_when_two_cells_tie():
    primary, secondary = selectors.hidden_cells({9: (1, 0), 7: (4, 4), 3: (4, 4)}, reader_sees_names=True)
    assert (primary, secondary) == ({9}, {3})


def test_heat_classes_follow_the_legend():
    assert [selectors.heat_class(count) for count in (0, 1, 2, 3, 5, 6, 9, 10, 40)] == [
        "heat-0", "heat-1", "heat-1", "heat-2", "heat-2", "heat-3", "heat-3", "heat-4", "heat-4"]
    assert [label for _css, label in selectors.heat_legend()] == ["0", "1 ou 2", "3 à 5", "6 à 9", "10 ou plus"]


def test_the_network_bus_factor_lists_skills_fewer_than_two_master(network):
    counts = selectors.network_counts()
    fragile = selectors.bus_factor_network(counts, reader_sees_names=True)
    # Dewey: Anne (volunteer, counted only) and Pierre: 2, not fragile. Portail: Katell alone, named.
    assert [(entry.skill.name, entry.shown) for entry in fragile] == [("Portail", "1")]
    assert [(entry.skill.name, entry.shown)
            for entry in selectors.bus_factor_network(counts, reader_sees_names=False)] == [("Portail", "< 3")]


def test_a_skill_nobody_masters_is_fragile_first_and_reads_zero(network):
    SkillFactory(name="Breton", domain=network["portail"].domain)
    fragile = selectors.bus_factor_network(selectors.network_counts(), reader_sees_names=True)
    assert [(entry.skill.name, entry.shown) for entry in fragile] == [("Breton", "0"), ("Portail", "1")]


def test_the_library_bus_factor_lists_the_skills_fewer_than_two_master_there(network):
    lannilis = selectors.bus_factor_library(network["lannilis"])
    # Lannilis: RAMEAU 2 (solid), Dewey 1, Portail 1.
    assert [(domain.name, [skill.name for skill in skills]) for domain, skills in lannilis] == [
        ("Catalogage", ["Dewey"]), ("Numérique", ["Portail"])]
    breles = selectors.bus_factor_library(network["breles"])
    assert [(domain.name, [skill.name for skill in skills]) for domain, skills in breles] == [
        ("Catalogage", ["Dewey"]), ("Numérique", ["Portail"])]


def test_libraries_missing_part_of_the_minimum_base(network):
    LibraryFactory(name="Médiathèque de Landéda")  # nobody there yet
    page, missing = selectors.minimum_base_gaps()
    # Lannilis covers both (RAMEAU, and Dewey through Anne, counted though not named), Brélès too;
    # Ploudalmézeau's Dewey: nobody (Hervé, who left, does not count for RAMEAU either, Gaëlle does).
    assert page.paginator.count == 2
    assert [(gap.library.name, [skill.name for skill in gap.skills]) for gap in missing] == [
        ("Médiathèque de Landéda", ["Dewey", "RAMEAU"]), ("Médiathèque de Ploudalmézeau", ["Dewey"])]
    second_page, rest = selectors.minimum_base_gaps(page_number=2, per_page=1)
    assert second_page.paginator.count == 2 and [gap.library.name for gap in rest] == ["Médiathèque de Ploudalmézeau"]
    assert [(gap.library.name, [skill.name for skill in gap.skills]) for gap in selectors.all_minimum_base_gaps()] \
        == [("Médiathèque de Landéda", ["Dewey", "RAMEAU"]), ("Médiathèque de Ploudalmézeau", ["Dewey"])]


def test_training_needs_sort_by_the_gap_between_learners_and_who_can_teach(network):
    needs = selectors.training_needs(selectors.network_counts(), reader_sees_names=True)
    # Dewey: 4 want it (Yann, Gaëlle, Katell, Rozenn), Pierre (level 4) can teach: gap 3. Portail: 1 wants
    # it (Loïc), nobody can teach (Katell is level 3 and not willing to share): gap 1.
    assert [(need.skill.name, need.learners, need.teachers) for need in needs] == [
        ("Dewey", "4", "1"), ("Portail", "1", "0")]
    hidden = selectors.training_needs(selectors.network_counts(), reader_sees_names=False)
    assert [(need.skill.name, need.learners, need.teachers) for need in hidden] == [
        ("Dewey", "4", "< 3"), ("Portail", "< 3", "0")]


def test_a_mastery_level_willing_to_share_can_teach(network):
    PersonSkillFactory(person=PersonFactory(library=network["plouda"]), skill=network["portail"], level=3,
                       willing_to_share=True)
    needs = {need.skill.name: need for need in
             selectors.training_needs(selectors.network_counts(), reader_sees_names=True)}
    assert needs["Portail"].teachers == "1"


def test_every_library_bus_factor_for_the_export(network):
    rows = {library.name: [skill.name for skill in skills] for library, skills in selectors.all_libraries_bus_factor()}
    assert rows == {"Médiathèque de Brélès": ["Dewey", "Portail"], "Médiathèque de Lannilis": ["Dewey", "Portail"],
                    "Médiathèque de Ploudalmézeau": ["Dewey", "RAMEAU", "Portail"]}  # by domain, then name
