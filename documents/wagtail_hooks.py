"""What the document library brings to Wagtail and to the intranet's extension points.

- Wagtail's own file URL (/documents/<id>/<name>, the download link of every document, in pages
  and in the admin alike) answers 404 to who may not read the document's folder
  (before_serve_document): the file is never reachable by another path (PRIVATE_MEDIA_ROOT).
- The navigation entry « Documents »; the app's part of « Mes données »."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from intranet.demo import Seeder
from intranet.hooks import DEMO_SEEDERS, NAVIGATION, PERSONAL_DATA
from intranet.navigation import NavItem

from .demo import seed_documents
from .permissions import can_read_document
from .personal_data import PERSONAL_DATA_ENTRY


@hooks.register("before_serve_document")
def refuse_unreadable_files(document, request):
    if not can_read_document(request.user, document):
        raise Http404


@hooks.register(NAVIGATION)
def navigation():
    return [NavItem("documents", _("Documents"), "documents:index", order=55)]


@hooks.register(DEMO_SEEDERS)
def demo_seeders():
    return [Seeder("documents", seed_documents, order=300)]


@hooks.register(PERSONAL_DATA)
def personal_data():
    """What the library holds about a person: « Mes données » (documents.personal_data)."""
    return [PERSONAL_DATA_ENTRY]


# Each family of the app registers its own hooks.
from . import hooks_admin, hooks_import, hooks_site  # noqa: E402, F401
