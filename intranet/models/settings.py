from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class NetworkSettings(BaseSiteSetting):
    """Who the network is: its name in the header, its mailbox for invitations and notices."""

    network_name = models.CharField(_("network name"), max_length=120, default="Réseau des médiathèques")
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    mailbox = models.EmailField(
        _("network mailbox"), blank=True,
        help_text=_("Sender and organizer of the emails and calendar invitations the intranet sends."),
    )
    support_email = models.EmailField(_("support contact"), blank=True)

    class Meta:
        verbose_name = _("network settings")
