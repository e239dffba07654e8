from django.utils.translation import gettext_lazy as _

from .navigation import NavItem, nav_items_for, register_nav_item

# The order reserves room for the feature apps: Tutoriels 10, Parcours 20, Compétences 30,
# Instances 40, Salles & agenda 50.
register_nav_item(NavItem("directory", _("Directory"), "directory:people", order=60))


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"nav_items": nav_items_for(request)}
