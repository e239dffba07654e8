"""The pages of the map family as a reader sees them: « Cartographie » (/competences/carte/), « Lacunes »
(/competences/lacunes/) and its CSV, on the small hand-built network of map_data; who may open them,
what they write, that nobody is named, and that their query counts do not grow with the network."""

import csv
import io

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory
from django.urls import reverse

from intranet.roles import Role
from skills_map.views.common import section_links
from tests.html import dangling_references, duplicate_ids, texts
from tests.skills_map.factories import LibraryFactory, SkillDomainFactory, SkillFactory
from tests.skills_map.map_data import build_network, grow_network

pytestmark = pytest.mark.django_db

MAP_URL = "/competences/carte/"
GAPS_URL = "/competences/lacunes/"
CSV_URL = "/competences/lacunes/export.csv"


@pytest.fixture
def network(clock):
    return build_network(clock.now())


@pytest.fixture
def coordination(member, network, client_as):
    """A Coordination member of Lannilis (who sees names), logged in."""
    return client_as(member(Role.COORDINATION, first_name="Soizic", library=network["lannilis"]))


def _rows(html) -> dict[str, list[str]]:
    page = BeautifulSoup(html, "html.parser")
    rows = {}
    for row in page.select("table.heatmap tbody tr, table.heatmap tfoot tr"):
        header = row.find("th", scope="row")
        rows[" ".join(header.get_text(" ").split()).removeprefix("Médiathèque de ")] = [
            " ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]
    return rows


def test_the_urls_are_the_ones_the_issue_names():
    assert (reverse("skills_map:map"), reverse("skills_map:gaps"), reverse("skills_map:gaps_csv")) == (
        MAP_URL, GAPS_URL, CSV_URL)


@pytest.mark.parametrize("url", [MAP_URL, GAPS_URL])
def test_the_map_and_the_gaps_are_for_the_network_staff(as_each_role, url, network):
    status = as_each_role.client.get(url).status_code
    expected = 200 if as_each_role.role in (Role.COORDINATION, Role.REFERENTS, Role.STAFF) else 403
    assert status == expected


def test_the_gaps_csv_is_for_the_coordination_and_the_referents(as_each_role, network):
    response = as_each_role.client.get(CSV_URL)
    expected = 200 if as_each_role.role in (Role.COORDINATION, Role.REFERENTS) else 403
    assert response.status_code == expected


def test_the_pages_need_a_login(client):
    assert client.get(MAP_URL).status_code == 302


def test_the_heatmap_writes_each_cell_and_the_network_totals(coordination, network):
    response = coordination.get(MAP_URL)  # the first domain: Catalogage (Dewey, RAMEAU)
    assert response.status_code == 200
    rows = _rows(response.content)
    assert rows == {
        "Brélès": ["masqué", "3"], "Lannilis": ["< 3", "< 3"], "Ploudalmézeau": ["0", "masqué"],
        "Tout le réseau": ["< 3", "6"],
    }
    page = BeautifulSoup(response.content, "html.parser")
    headers = page.select("table.heatmap thead th[scope=col] a")
    assert [(link.get_text(), link["href"]) for link in headers] == [
        ("Dewey", f"/competences/fiche/{network['dewey'].slug}/"),
        ("RAMEAU", f"/competences/fiche/{network['rameau'].slug}/")]
    hidden = page.select("table.heatmap td.heat-hidden")
    assert len(hidden) == 5  # four cells and the Dewey total: hatched, with words, not colour alone
    assert page.select_one("table.heatmap td.heat-2").get_text() == "3"


def test_the_heatmap_is_an_accessible_table_in_a_focusable_scroll_region(coordination):
    html = coordination.get(MAP_URL).content
    page = BeautifulSoup(html, "html.parser")
    region = page.select_one("div.table-wrap[role=region]")
    assert region["tabindex"] == "0"
    caption = page.select_one("table.heatmap caption")
    assert region["aria-labelledby"] == caption["id"]
    assert "Catalogage" in caption.get_text()
    assert [th.get_text(" ", strip=True) for th in page.select("table.heatmap tbody th[scope=row]")] == [
        "Médiathèque de Brélès", "Médiathèque de Lannilis", "Médiathèque de Ploudalmézeau"]
    assert page.select_one("h1").get_text() == "Cartographie des compétences"
    assert not duplicate_ids(html) and not dangling_references(html)
    legend = " ".join(texts(html, ".map-legend"))
    assert "« < 3 »" in legend and "10 ou plus" in legend and "masqué" in legend


def test_a_reader_who_sees_names_reads_exact_counts_of_named_people(coordination):
    rows = _rows(coordination.get(MAP_URL, {"domaine": "numerique"}).content)
    assert rows["Lannilis"] == ["1"]  # Katell, shown by name: nothing to hide from a reader who sees names


def test_the_domain_filter_shows_that_domains_skills_and_marks_the_current_domain(coordination):
    response = coordination.get(MAP_URL, {"domaine": "numerique"})
    page = BeautifulSoup(response.content, "html.parser")
    assert [th.get_text(" ", strip=True) for th in page.select("table.heatmap thead th[scope=col]")] == [
        "Bibliothèque", "Portail"]
    assert page.select_one(".map-domains a[aria-current=page]").get_text() == "Numérique"
    assert coordination.get(MAP_URL, {"domaine": "inconnu"}).status_code == 404


def test_the_library_search_keeps_the_network_totals(coordination):
    rows = _rows(coordination.get(MAP_URL, {"bibliotheque": "brél"}).content)
    assert rows == {"Brélès": ["masqué", "3"], "Tout le réseau": ["< 3", "6"]}
    page = BeautifulSoup(coordination.get(MAP_URL, {"bibliotheque": "brél"}).content, "html.parser")
    assert page.select_one("input[name=bibliotheque]")["value"] == "brél"
    assert page.select_one("label[for=id_bibliotheque]") is not None


def test_a_search_too_long_is_refused(coordination):
    assert coordination.get(MAP_URL, {"bibliotheque": "x" * 101}).status_code == 400


def test_the_libraries_come_25_a_page_by_name_and_the_links_keep_the_domain(coordination):
    for number in range(30):
        LibraryFactory(name=f"Médiathèque annexe {number:02d}")
    first = coordination.get(MAP_URL, {"domaine": "numerique"})
    page = BeautifulSoup(first.content, "html.parser")
    names = [th.get_text(strip=True) for th in page.select("table.heatmap tbody th[scope=row]")]
    assert len(names) == 25 and names == sorted(names)
    assert names[0] == "Médiathèque annexe 00"
    next_link = page.select_one(".pagination a[rel=next]")["href"]
    assert "domaine=numerique" in next_link and "page=2" in next_link
    second = BeautifulSoup(coordination.get(MAP_URL + next_link).content, "html.parser")
    assert len(second.select("table.heatmap tbody th[scope=row]")) == 8  # 33 libraries in all
    assert "33 bibliothèques" in second.select_one(".result-count").get_text()


def test_a_person_who_chose_aggregates_only_is_counted_but_never_named(coordination, network):
    yann = network["yann"]
    pages = [coordination.get(MAP_URL), coordination.get(MAP_URL, {"domaine": "numerique"}),
             coordination.get(GAPS_URL), coordination.get(CSV_URL)]
    for response in pages:
        assert response.status_code == 200
        assert yann.first_name not in response.content.decode()
        assert yann.last_name not in response.content.decode()
    # Counted: without Yann, Lannilis' RAMEAU would be Katell alone.
    assert _rows(pages[0].content)["Lannilis"][1] == "< 3"


def test_the_gaps_page_shows_the_bus_factor_of_the_network_and_of_the_readers_library(coordination):
    html = coordination.get(GAPS_URL).content
    page = BeautifulSoup(html, "html.parser")
    network_rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
                    for row in page.select("#gaps-network-caption ~ tbody tr")]
    assert network_rows == [["Portail", "Numérique", "1"]]
    assert page.select_one("#gaps-library").get_text(strip=True) == "À Médiathèque de Lannilis"
    assert texts(html, ".gaps-skills li") == ["Dewey — moins de 2", "Portail — moins de 2"]
    assert not duplicate_ids(html) and not dangling_references(html)


def test_the_gaps_library_is_chosen_by_a_search(coordination, network):
    found = BeautifulSoup(coordination.get(GAPS_URL, {"bibliotheque": "Brélès"}).content, "html.parser")
    assert found.select_one("#gaps-library").get_text(strip=True) == "À Médiathèque de Brélès"
    several = BeautifulSoup(coordination.get(GAPS_URL, {"bibliotheque": "Médiathèque"}).content, "html.parser")
    links = [(link.get_text(), link["href"]) for link in several.select(".gaps-choices a")]
    assert links == [("Médiathèque de Brélès", f"?mediatheque={network['breles'].slug}"),
                     ("Médiathèque de Lannilis", f"?mediatheque={network['lannilis'].slug}"),
                     ("Médiathèque de Ploudalmézeau", f"?mediatheque={network['plouda'].slug}")]
    chosen = BeautifulSoup(coordination.get(GAPS_URL, {"mediatheque": network["plouda"].slug}).content,
                           "html.parser")
    assert chosen.select_one("#gaps-library").get_text(strip=True) == "À Médiathèque de Ploudalmézeau"
    assert texts(chosen.decode(), ".gaps-skills li") == ["Dewey — moins de 2", "RAMEAU — moins de 2",
                                                          "Portail — moins de 2"]
    nothing = coordination.get(GAPS_URL, {"bibliotheque": "Brest"})
    assert "Aucune bibliothèque ne correspond à « Brest »." in nothing.content.decode()
    assert coordination.get(GAPS_URL, {"mediatheque": "inconnue"}).status_code == 404


def test_the_gaps_page_lists_the_libraries_missing_the_minimum_base_and_the_training_needs(coordination):
    html = coordination.get(GAPS_URL).content
    page = BeautifulSoup(html, "html.parser")
    base_rows = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
                 for row in page.select("#gaps-base-caption ~ tbody tr")]
    assert base_rows == [["Médiathèque de Ploudalmézeau", "Dewey"]]
    assert "1 bibliothèque n’en couvre pas une partie." in page.get_text(" ")
    needs = [[cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
             for row in page.select("#gaps-needs-caption ~ tbody tr")]
    assert needs == [["Dewey", "Catalogage", "4", "1"], ["Portail", "Numérique", "1", "0"]]


def test_the_csv_holds_the_three_gaps_with_the_small_cell_rule(member, network, client_as):
    referent = client_as(member(Role.REFERENTS, library=network["breles"]))
    response = referent.get(CSV_URL)
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="lacunes-competences-2026-03-10.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Rubrique", "Bibliothèque", "Domaine", "Compétence", "Personnes au niveau 3 ou plus",
                       "Veulent apprendre", "Peuvent former"]
    body = rows[1:]
    assert ["Dépendance à une personne (réseau)", "", "Numérique", "Portail", "1", "", ""] in body
    assert ["Dépendance à une personne (bibliothèque)", "Médiathèque de Ploudalmézeau", "Catalogage", "RAMEAU",
            "moins de 2", "", ""] in body
    assert ["Socle minimum non couvert", "Médiathèque de Ploudalmézeau", "Catalogage", "Dewey", "0", "", ""] in body
    assert [row for row in body if row[0] == "Besoin de formation"] == [
        ["Besoin de formation", "", "Catalogage", "Dewey", "", "4", "1"],
        ["Besoin de formation", "", "Numérique", "Portail", "", "1", "0"]]
    assert len([row for row in body if row[0] == "Dépendance à une personne (bibliothèque)"]) == 7


def test_the_csv_keeps_names_from_running_as_formulas(coordination, network):
    SkillFactory(name="=HYPERLINK(1)", slug="formule", domain=network["portail"].domain)
    rows = list(csv.reader(io.StringIO(coordination.get(CSV_URL).content.decode("utf-8-sig"))))
    assert ["Dépendance à une personne (réseau)", "", "Numérique", "'=HYPERLINK(1)", "0", "", ""] in rows


def test_the_tabs_show_the_map_and_the_gaps_to_staff_only(account):
    factory = RequestFactory()

    def labels(role):
        request = factory.get("/competences/")
        request.user = account(role)
        return [link["label"] for link in section_links(request)]

    assert {"Cartographie", "Lacunes"} <= set(labels(Role.STAFF))
    assert not {"Cartographie", "Lacunes"} & set(labels(Role.VOLUNTEERS))


def test_the_map_without_any_skill_says_so(client_coordination):
    response = client_coordination.get(MAP_URL)
    assert response.status_code == 200
    assert "Aucune compétence n’a encore été décrite." in response.content.decode()


@pytest.mark.parametrize("scale", [1, 10])
@pytest.mark.parametrize("url", [MAP_URL, GAPS_URL, CSV_URL])
def test_the_queries_do_not_grow_with_the_network(coordination_user, client_as, scale, url,
                                                  django_assert_max_num_queries):
    domain = SkillDomainFactory(name="Catalogage", slug="catalogage")
    skills = [SkillFactory(name=name, domain=domain, minimum_base=index < 2)
              for index, name in enumerate(["RAMEAU", "Dewey", "UNIMARC"])]
    grow_network(scale, skills)
    client = client_as(coordination_user)
    # Session, account, roles, person, taxonomy (2, then cached), the page's own (at most 5), the site.
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200


def test_the_benchmarks_read_the_map_and_the_gaps_as_the_coordination():
    from intranet.hooks import BENCHMARKS, registered

    benches = {bench.name: bench for bench in registered(BENCHMARKS)}
    assert (benches["skills_map"].build(), benches["skills_gaps"].build()) == (MAP_URL, GAPS_URL)
    assert benches["skills_map"].user == benches["skills_gaps"].user == "coordination@demo.test"
