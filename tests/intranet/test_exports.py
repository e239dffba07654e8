"""Every CSV of the project goes through intranet.exports.csv_response: no cell runs as a formula."""

import csv
import io

import pytest

from intranet.exports import csv_response
from intranet.text import spreadsheet_safe


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x.test")', "+33 2 98 00 00 00", "-2+3", "@SUM(A1)",
                                   "\t=1+1", "\r=1+1"])
def test_a_cell_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(typed):
    assert spreadsheet_safe(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Bibliothécaire", "Médiathèque de Kerbréhat", "2026-11-25", "", None])
def test_plain_text_is_left_as_typed(typed):
    assert spreadsheet_safe(typed) == (typed or "")


def test_csv_response_neutralises_every_cell_header_included():
    response = csv_response(filename="export.csv", header=["=Nom", "Fonction"],
                            rows=[["Katell Morvan", "@SUM(A1)"], ["Yann Riou", "-1"]])
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        ["'=Nom", "Fonction"], ["Katell Morvan", "'@SUM(A1)"], ["Yann Riou", "'-1"]]
