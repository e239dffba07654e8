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
    dpo_name = models.CharField(
        _("data protection officer"), max_length=200, blank=True,
        help_text=_("Name or service of the data protection officer (DPO), shown in the privacy notice."),
    )
    dpo_email = models.EmailField(_("data protection officer's email"), blank=True)
    dpo_address = models.TextField(_("data protection officer's postal address"), blank=True, max_length=500)

    class Meta:
        verbose_name = _("network settings")
