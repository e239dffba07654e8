"""Settings modules loaded in a new process, as gunicorn or manage.py would load them: the
environment is read once, at import time, so a test cannot change it in its own process."""

import os
import subprocess
import sys

from django.conf import settings


def run_production(code: str, tmp_path, **environment) -> subprocess.CompletedProcess:
    """Load a settings module in a new process, as gunicorn or manage.py would."""
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "DATABASE_URL"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
        "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "intranet.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "INTRANET_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        **environment,
    })
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=120)
