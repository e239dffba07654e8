"""Local development: `make run`. Never used in production."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed key is fine here: this settings module is refused by production (see production.py).
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# The demo accounts must stay one click away; production turns this on.
INTRANET_REQUIRE_ADMIN_MFA = env.bool("INTRANET_REQUIRE_ADMIN_MFA", default=False)
