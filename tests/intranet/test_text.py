"""Invisible characters and spreadsheet formulas: the one helper (intranet.text) and where it is
used (site forms, the admin's forms, CSV exports)."""

import csv
import io

import pytest

from intranet.exports import csv_response
from intranet.text import clean_line, clean_text, has_invisible, spreadsheet_safe

# « Atelier » with a right-to-left override that would display the rest backwards, a zero-width
# space, a zero-width joiner, a BOM and a NUL byte.
DISGUISED = "\u202eAte\u200blier\u200d\ufeff\x00 CV\u2066"


def test_clean_line_removes_bidi_overrides_zero_width_and_control_characters():
    assert clean_line(DISGUISED) == "Atelier CV"


def test_clean_line_keeps_accents_and_composes_decomposed_ones():
    assert clean_line("Me\u0301diathe\u0300que Guivarc'h") == "Médiathèque Guivarc'h"


def test_clean_line_turns_line_breaks_into_spaces():
    assert clean_line("Atelier\r\nnumérique\n") == "Atelier numérique"


def test_clean_text_keeps_line_breaks_and_tabs_but_not_overrides():
    assert clean_text("Ligne 1\r\n\tLigne\u202e 2\u200b") == "Ligne 1\n\tLigne 2"


def test_has_invisible_tells_what_clean_line_would_remove():
    assert has_invisible(DISGUISED)
    assert not has_invisible("Médiathèque de Kerbréhat")
    assert has_invisible("a\nb")
    assert not has_invisible("a\nb", multiline=True)


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x.test\")", "+33 2 98", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_spreadsheet_safe_neutralises_formula_starts(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Atelier", "", "Le 1er = le premier", 12])
def test_spreadsheet_safe_leaves_plain_cells_alone(cell):
    assert spreadsheet_safe(cell) == str(cell)


def test_csv_response_neutralises_every_cell_and_names_the_file():
    response = csv_response(filename="export.csv", header=["Nom", "=titre"],
                            rows=[["=HYPERLINK(\"http://x.test\")", "@moi"], ["Anne", "ok"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="export.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Nom", "'=titre"], ["'=HYPERLINK(\"http://x.test\")", "'@moi"], ["Anne", "ok"]]


@pytest.mark.django_db
def test_wagtails_own_csv_exports_do_not_run_formulas_either(client_coordination):
    from tests.factories import StandardPageFactory

    StandardPageFactory(title="=HYPERLINK(\"http://x.test\";\"Cliquez\")", slug="formule")
    response = client_coordination.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://x.test\";\"Cliquez\")" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_clean_html_keeps_structure_and_drops_scripts_handlers_and_styles():
    from intranet.text import clean_html

    dirty = ('<p onclick="steal()">Ordre du <strong>jour</strong></p><script>alert(1)</script>'
             '<a href="javascript:alert(1)">lien</a><img src="https://tracker.test/x.png">'
             '<ul><li style="color:red">Point 1</li></ul><!-- note -->')
    cleaned = clean_html(dirty)
    assert "<p>Ordre du <strong>jour</strong></p>" in cleaned
    assert "<script>" not in cleaned and "onclick" not in cleaned and "javascript:" not in cleaned
    assert "<img" not in cleaned and "style=" not in cleaned and "note" not in cleaned
    assert "<li>Point 1</li>" in cleaned


def test_clean_html_keeps_safe_links_and_marks_them_noopener():
    from intranet.text import clean_html

    cleaned = clean_html('<a href="https://bm.test/doc">doc</a>')
    assert 'href="https://bm.test/doc"' in cleaned and "noopener" in cleaned
