import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")

application = get_wsgi_application()

# The objects loaded at start-up (Django, Wagtail, the apps: some 200,000) live as long as the
# worker: moved out of the collector's reach, a full collection no longer walks them all during
# a request (it took ~190 ms once every thirty requests on the benchmark machine).
gc.collect()
gc.freeze()
