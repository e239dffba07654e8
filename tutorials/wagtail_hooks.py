"""What tutorials and training paths bring to the intranet's extension points (intranet.hooks) and
their admin screens. Each family keeps its hook functions in its own module, imported here so that
Wagtail, which imports this module of every app once, registers them all; « Mes données » is here."""

from wagtail import hooks

from intranet.hooks import PERSONAL_DATA

from . import hooks_agenda, hooks_content, hooks_paths, hooks_procedures  # noqa: F401  (their @hooks.register run on import)
from .personal_data import PERSONAL_DATA_ENTRY


@hooks.register(PERSONAL_DATA)
def personal_data():
    """What the app holds about a person: « Mes données », leaving and anonymising (personal_data.py)."""
    return [PERSONAL_DATA_ENTRY]
