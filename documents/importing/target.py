"""The folder an import goes into, as the command and the admin form name it: a path of folder names
from the top (« Réseau/Archives Drive », case-insensitive) or a folder's id. A missing last part is
made under its parent, with the parent's access."""

from django.utils.translation import gettext as _
from wagtail.models import Collection

from .. import services
from ..errors import Refused


def _child(parent: Collection, name: str) -> Collection | None:
    wanted = name.casefold()
    return next((child for child in parent.get_children() if child.name.casefold() == wanted), None)


def find_folder(spec: str) -> tuple[Collection | None, Collection | None, str]:
    """(the folder, None, "") when it exists; (None, its parent, the missing last name) when only the
    last part is missing. Raises Refused for anything else."""
    spec = str(spec or "").strip()
    if spec.isdigit():
        folder = Collection.objects.filter(pk=int(spec), depth__gt=1).first()
        if folder is None:
            raise Refused(_("No folder has the id %(id)s.") % {"id": spec}, field="folder")
        return folder, None, ""
    names = [part.strip() for part in spec.strip("/").split("/") if part.strip()]
    if not names:
        raise Refused(_("Name the folder to import into, e.g. « Réseau/Archives Drive »."), field="folder")
    node = Collection.get_first_root_node()
    for index, name in enumerate(names):
        child = _child(node, name)
        if child is None:
            if index == len(names) - 1 and not node.is_root():
                return None, node, name
            raise Refused(_("There is no folder « %(name)s » here: give a path of existing folders from the "
                            "top, e.g. « Réseau/Archives Drive ».") % {"name": "/".join(names[: index + 1])},
                          field="folder")
        node = child
    return node, None, ""


def resolve_folder(spec: str) -> Collection:
    """The folder named by `spec`, its last part made (with its parent's access) when missing."""
    folder, parent, name = find_folder(spec)
    if folder is None:
        folder, _made = services.folder_child(parent, name)
    return folder
