"""What the skills map brings to the intranet's extension points (intranet.hooks) and its admin screens.
Each family keeps its hook functions in its own module, imported here so that Wagtail, which imports
this module of every app once, registers them all."""

from . import (
    hooks_core,  # noqa: F401  (their @hooks.register run on import)
    hooks_mine,  # noqa: F401
)
