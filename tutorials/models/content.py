"""Tutorials, procedures and reference pages: Wagtail pages (revisions, drafts, moderation) in the
« Tutoriels & procédures » section, each with a kind, an audience, a topic, tags, an owner and a
review date."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from intranet.models import IntranetPage
from intranet.roles import Role, roles_of

from ..blocks import TutorialBodyBlock


class Kind(models.TextChoices):
    TUTORIAL = "tutorial", _("Tutorial")
    PROCEDURE = "procedure", _("Procedure")
    REFERENCE = "reference", _("Reference")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    STAFF = "staff", _("Staff")
    VOLUNTEERS = "volunteers", _("Volunteers")


# THE audience rule (issue: « a volunteer sees only "tout le monde" and "bénévoles" pages »): staff
# roles read every audience; volunteers their own and everyone's; anyone else (elected officials, an
# account without a role) the pages for everyone.
STAFF_ROLES = frozenset({Role.COORDINATION, Role.REFERENTS, Role.STAFF})


def audiences_for(user) -> frozenset[str]:
    """The audiences whose pages this user may read (no query beyond the user's roles, once a request)."""
    if getattr(user, "is_superuser", False):
        return frozenset(Audience.values)
    roles = roles_of(user)
    if not roles.isdisjoint(STAFF_ROLES):
        return frozenset(Audience.values)
    if Role.VOLUNTEERS in roles:
        return frozenset({Audience.EVERYONE, Audience.VOLUNTEERS})
    return frozenset({Audience.EVERYONE})


class TutorialPageQuerySet(PageQuerySet):
    def visible_to(self, user):
        """The one audience filter of lists, search, related links, panels and direct URLs."""
        audiences = audiences_for(user)
        if len(audiences) == len(Audience.values):
            return self
        return self.filter(audience__in=sorted(audiences))


class Topic(models.Model):
    """A subject of the network's tutorials (« SIGB et catalogage »...), edited by Coordination."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class TutorialIndexPage(IntranetPage):
    """« Tutoriels & procédures »: the section that holds every tutorial, procedure and reference page."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["tutorials.TutorialPage"]
    max_count = 1

    class Meta:
        verbose_name = _("tutorials section")


class TutorialPageTag(TaggedItemBase):
    content_object = ParentalKey("tutorials.TutorialPage", on_delete=models.CASCADE, related_name="tagged_items")


class TutorialPage(IntranetPage):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TUTORIAL)
    summary = models.CharField(_("summary"), max_length=300,
                               help_text=_("One or two sentences: what this page helps to do."))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.STAFF)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="pages")
    tags = ClusterTaggableManager(through=TutorialPageTag, blank=True, verbose_name=_("tags"))
    owner_person = models.ForeignKey("intranet.Person", verbose_name=_("owner"), on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="owned_tutorials",
                                     help_text=_("Who keeps this page up to date."))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    body = StreamField(TutorialBodyBlock(), verbose_name=_("body"))
    # Part of each revision: the editor says whether it changes what readers must do (readers who
    # confirmed a procedure are asked again) or not (a typo). The edit form starts unticked.
    significant_change = models.BooleanField(
        _("significant change"), default=False,
        help_text=_("Tick when this version changes what readers must do: those who confirmed the "
                    "procedure are asked to read it again. Leave unticked for a typo or a wording fix."))
    change_summary = models.CharField(_("what changed"), max_length=300, blank=True,
                                      help_text=_("Shown to readers asked to read the procedure again."))

    objects = PageManager.from_queryset(TutorialPageQuerySet)()
    from .procedures import TutorialPageForm as base_form_class  # procedures: each edit starts unticked

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("audience"),
        index.FilterField("topic"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("audience"), FieldPanel("topic")]),
        FieldPanel("tags"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("significant_change"), FieldPanel("change_summary")], heading=_("This version")),
    ]
    settings_panels = [
        *Page.settings_panels,
        MultiFieldPanel([FieldPanel("owner_person"), FieldRowPanel([FieldPanel("last_reviewed"),
                                                                     FieldPanel("review_interval_months")])],
                        heading=_("Owner and review")),
    ]
    parent_page_types = ["tutorials.TutorialIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("tutorial or procedure")
        verbose_name_plural = _("tutorials and procedures")
        indexes = [models.Index(fields=["audience", "kind"], name="tutorial_audience_kind")]

    @property
    def search_summary(self) -> str:
        return self.summary
