"""CSV exports. Every CSV the project sends goes through `csv_response`, so no cell that a person
typed (a name, a title) can run as a spreadsheet formula when the file is opened."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

from .text import spreadsheet_row, spreadsheet_safe


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


def make_wagtail_csv_exports_safe() -> None:
    """Wagtail's admin reports and listings export CSV through SpreadsheetExportMixin, whose XLSX
    output already turns formulas back into text but whose CSV output does not: route its CSV cells
    through the same helper (called once, from IntranetConfig.ready)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_intranet_csv_safe", False):
        return
    wagtail_preprocess = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = wagtail_preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin._intranet_csv_safe = True
