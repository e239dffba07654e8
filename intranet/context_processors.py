from dataclasses import dataclass

from wagtail.models import Site

from .caching import cached
from .models import NetworkSettings
from .navigation import nav_items_for
from .roles import Role, has_role


@dataclass(frozen=True)
class NetworkIdentity:
    network_name: str
    short_name: str
    support_email: str
    mailbox: str


def network_identity() -> NetworkIdentity:
    """The network's name and contacts for the page frame, cached until the setting changes."""

    def build() -> NetworkIdentity:
        site = Site.objects.filter(is_default_site=True).first()
        settings = NetworkSettings.for_site(site) if site else NetworkSettings()
        return NetworkIdentity(settings.network_name, settings.short_name, settings.support_email,
                               settings.mailbox)

    return cached("network", build)


def navigation(request):
    context = {"network": network_identity()}
    if getattr(request, "user", None) and request.user.is_authenticated:
        context["nav_items"] = nav_items_for(request)
        # From the roles already loaded for the navigation: no permission queries per page.
        context["can_access_admin"] = has_role(request.user, Role.COORDINATION, Role.REFERENTS)
    return context
