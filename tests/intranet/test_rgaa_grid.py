"""The RGAA 4.1 audit grid (docs/accessibility/rgaa-4.1-grille.csv): all 106 criteria evaluated, and the
rate that the accessibility statements print is the one the grid gives, so they cannot drift apart."""

import csv
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GRID = ROOT / "docs" / "accessibility" / "rgaa-4.1-grille.csv"
AUDIT = ROOT / "docs" / "accessibility" / "audit.md"
STATEMENTS = ROOT / "intranet" / "templates" / "intranet" / "legal"
# Criteria per theme in RGAA 4.1: images, frames, colours, multimedia, tables, links, scripts, mandatory
# elements, structure, presentation, forms, navigation, consultation.
CRITERIA_PER_THEME = {1: 9, 2: 2, 3: 3, 4: 13, 5: 8, 6: 2, 7: 5, 8: 10, 9: 4, 10: 14, 11: 13, 12: 11, 13: 12}


def rows() -> list[dict]:
    with GRID.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def grid_rate() -> Decimal:
    results = Counter(row["resultat"] for row in rows())
    rate = Decimal(100 * results["C"]) / Decimal(results["C"] + results["NC"])
    return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_grid_has_the_106_criteria_of_rgaa_4_1_once_each_in_order():
    criteria = [row["critere"] for row in rows()]
    expected = [f"{theme}.{number}" for theme, count in CRITERIA_PER_THEME.items() for number in range(1, count + 1)]
    assert len(expected) == 106
    assert criteria == expected


def test_the_grid_has_its_columns():
    with GRID.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["critere", "theme", "intitule", "pages", "resultat", "note"]


@pytest.mark.parametrize("row", rows(), ids=lambda row: row["critere"])
def test_each_criterion_has_a_result_a_title_pages_and_a_note(row):
    assert row["resultat"] in {"C", "NC", "NA"}
    assert row["intitule"].endswith("?") or "règle est-elle" in row["intitule"], row["intitule"]
    assert row["theme"].strip() and row["pages"].strip()
    assert len(row["note"].strip()) >= 15


def test_a_non_compliant_criterion_names_the_pages_that_fail():
    for row in rows():
        if row["resultat"] == "NC":
            assert re.search(r"\b[PAD]\d{2}\b", row["pages"]), row["critere"]


@pytest.mark.parametrize(("template", "written"), [
    ("accessibility_fr.html", lambda rate: f"{rate}".replace(".", ",") + "&nbsp;%"),
    ("accessibility_en.html", lambda rate: f"{rate}%"),
])
def test_the_statement_prints_the_rate_of_the_grid(template, written):
    text = (STATEMENTS / template).read_text(encoding="utf-8")
    printed = re.findall(r'<span class="conformity-rate">([^<]+)</span>', text)
    assert printed == [written(grid_rate())]


@pytest.mark.parametrize(("template", "state"), [("accessibility_fr.html", "partiellement conforme"),
                                                 ("accessibility_en.html", "partially compliant")])
def test_the_statement_gives_the_state_that_the_rate_implies(template, state):
    # RGAA: totally compliant at 100 %, partially from 50 %, not compliant below.
    rate = grid_rate()
    expected = {"fr": ("totalement conforme", "partiellement conforme", "non conforme"),
                "en": ("fully compliant", "partially compliant", "not compliant")}[template[-7:-5]]
    wanted = expected[0] if rate == 100 else expected[1] if rate >= 50 else expected[2]
    assert wanted == state
    assert f"<strong>{state}</strong>" in (STATEMENTS / template).read_text(encoding="utf-8")


def test_the_statement_counts_the_criteria_of_the_grid():
    results = Counter(row["resultat"] for row in rows())
    text = " ".join((STATEMENTS / "accessibility_fr.html").read_text(encoding="utf-8").split())
    assert f"{results['C']} critères sont conformes, {results['NC']} sont non conformes" in text
    assert f"{results['NA']} critères sont non applicables" in text


def test_the_audit_report_gives_the_same_rate():
    assert f"{grid_rate()}".replace(".", ",") + " %" in AUDIT.read_text(encoding="utf-8")
