from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from ..page_permissions import SiteVisibilityPermissionTester, pages_visible_to

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("info", _("Information")), ("warning", _("Warning"))], default="info", label=_("kind")
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "intranet/blocks/callout.html"


class ContentStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", label=_("Heading"), icon="title",
                               template="intranet/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Paragraph"))
    image = ImageBlock(label=_("Image"))
    callout = CalloutBlock()


class IntranetPage(Page):
    """Base of every page model of the project, feature apps' included (a test checks it): in the
    admin, a page that a privacy restriction keeps from someone on the site does not exist for them
    (intranet.page_permissions)."""

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return SiteVisibilityPermissionTester(user, self)


class HomePage(IntranetPage):
    """The root of the intranet: each person's dashboard. Its template asks intranet.dashboard for
    the panels and quick links that the apps declare (`{% dashboard as dashboard %}`): the model
    does not import what sits above it."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("dashboard")


class StandardIndexPage(IntranetPage):
    """« Pages du réseau », the section under the dashboard that holds the standard pages: the one
    place where referents add and edit them, through moderation (intranet.roles)."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["intranet.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = _("network pages section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["pages"] = pages_visible_to(request.user, StandardPage.objects.child_of(self).live().order_by("title"))
        return context


class StandardPage(IntranetPage):
    """Rich content of the network: IT charter, internal rules, practical information."""

    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(ContentStreamBlock(), blank=True, verbose_name=_("body"))

    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    @property
    def search_summary(self) -> str:
        return self.summary or self.search_description
