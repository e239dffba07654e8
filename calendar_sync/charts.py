"""Geometry of the server-rendered SVG bar charts of the occupancy report (no JavaScript, no
library): the template draws what these functions measure."""

from dataclasses import dataclass, field

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .selectors import RoomOccupancy

WIDTH = 760
LABEL_WIDTH = 250
LABEL_CHARS = 34


def percent(rate: float) -> str:
    return _("%(rate)s%%") % {"rate": number_format(rate, decimal_pos=0)}


def rate_of(booked: float, bookable: float) -> float:
    return round(100 * booked / bookable, 1) if bookable else 0.0


def shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    track_width: float
    text: str
    text_x: float
    text_y: float


@dataclass
class Row:
    label: str
    sublabel: str
    y: float
    label_y: float
    sublabel_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Column:
    label: str
    x: float


@dataclass
class Chart:
    width: int
    height: int
    columns: list[Column]
    rows: list[Row]
    header_y: float = 18


def occupancy_chart(rows: list[RoomOccupancy]) -> Chart:
    """One row per room, one bar per month (0-100 %), the rate written after each bar so colour
    and length are never the only signal."""
    row_height, header, column_width, bar_max, bar_height = 38, 30, 170, 120, 16
    months = [month for month, _booked, _bookable in rows[0].months] if rows else []
    columns = [Column(label=date_format(month, "F Y"), x=LABEL_WIDTH + index * column_width)
               for index, month in enumerate(months)]
    chart_rows = []
    for index, item in enumerate(rows):
        top = header + index * row_height
        row = Row(label=shorten(item.room.name), sublabel=shorten(item.room.library.name), y=top,
                  label_y=top + 16, sublabel_y=top + 31)
        for column, (_month, booked, bookable) in zip(columns, item.months, strict=True):
            rate = rate_of(booked, bookable)
            width = bar_max * min(rate, 100) / 100
            row.bars.append(Bar(x=column.x, y=top + 11, width=max(width, 1.5) if rate else 0, height=bar_height,
                                track_width=bar_max, text=percent(rate), text_x=column.x + bar_max + 6,
                                text_y=top + 24))
        chart_rows.append(row)
    width = LABEL_WIDTH + max(len(columns), 1) * column_width
    return Chart(width=width, height=header + len(rows) * row_height + 6, columns=columns, rows=chart_rows)


def per_library_chart(totals: list[tuple[str, int]]) -> Chart:
    row_height, header, bar_max, bar_height, label_width = 28, 8, 400, 16, 290
    top_value = max((total for _name, total in totals), default=0) or 1
    chart_rows = []
    for index, (name, total) in enumerate(totals):
        top = header + index * row_height
        width = bar_max * total / top_value
        row = Row(label=shorten(name, 38), sublabel="", y=top, label_y=top + 18, sublabel_y=0)
        row.bars.append(Bar(x=label_width, y=top + 5, width=max(width, 1.5) if total else 0, height=bar_height,
                            track_width=0, text=number_format(total), text_x=label_width + width + 6,
                            text_y=top + 18))
        chart_rows.append(row)
    return Chart(width=WIDTH, height=header + len(totals) * row_height + 6, columns=[], rows=chart_rows)
