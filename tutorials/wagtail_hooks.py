"""What tutorials and training paths bring to the intranet's extension points (intranet.hooks) and
their admin screens. Each family keeps its hook functions in its own module, imported here so that
Wagtail, which imports this module of every app once, registers them all."""

from . import hooks_agenda, hooks_content, hooks_paths, hooks_procedures  # noqa: F401  (their @hooks.register run on import)
