"""What the skills map brings to the intranet's extension points (intranet.hooks) and its admin screens.
Each family keeps its hook functions in its own module, imported here so that Wagtail, which imports
this module of every app once, registers them all; « Mes données » is here."""

from wagtail import hooks

from intranet.hooks import PERSONAL_DATA

from . import (  # noqa: F401  (their @hooks.register run on import)
    hooks_core,  # taxonomy snippets, navigation, grants
    hooks_map,  # the map and the gaps: demo data, benchmarks
    hooks_mine,  # « Mes compétences »: nudge panel, reminders, person section, quick link, benchmark
    hooks_people,  # skill pages and validation: panel, search sources, benchmark
)
from .personal_data import PERSONAL_DATA_ENTRY


@hooks.register(PERSONAL_DATA)
def personal_data():
    """What the app holds about a person: « Mes données », leaving and anonymising (personal_data.py)."""
    return [PERSONAL_DATA_ENTRY]
