"""CSV exports. Every CSV the project sends goes through `csv_response`, so no cell that a person
typed (a name, a title) can run as a spreadsheet formula when the file is opened."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

from .text import spreadsheet_row


class SpreadsheetSafeWriter:
    """csv.writer whose every cell goes through spreadsheet_safe."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, values: Iterable) -> None:
        self._writer.writerow(spreadsheet_row(values))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(*, filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV download (UTF-8 with a BOM so that spreadsheets read the accents right)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = SpreadsheetSafeWriter(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
