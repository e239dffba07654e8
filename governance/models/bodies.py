"""The bodies of the network (« Instances ») and who sits on them."""

import datetime

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from intranet.models import IntranetPage

MISSION_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class BodyKind(models.TextChoices):
    MAYORS = "mayors", _("Conference of mayors")
    STEERING = "steering", _("Steering committee")
    TECHNICAL = "technical", _("Technical committee")
    COORDINATION = "coordination", _("Coordination cell")
    WORKING_GROUP = "working_group", _("Working group")
    OTHER = "other", _("Other")


class ReadingRule(models.TextChoices):
    """Who may read the body's page, its meetings and its approved minutes (DESIGN §5). Draft and
    submitted minutes are for the secretary, the chair and Coordination whatever the rule."""

    MEMBERS = "members", _("Members only")
    STAFF = "staff", _("All staff")
    NETWORK = "network", _("The whole network")


class QuorumRule(models.TextChoices):
    NONE = "none", _("No quorum")
    THIRD = "third", _("One third of the voting members")
    MAJORITY = "majority", _("More than half of the voting members")
    TWO_THIRDS = "two_thirds", _("Two thirds of the voting members")


class GovernanceIndexPage(IntranetPage):
    """« Instances », the section under the dashboard that holds one page per body."""

    intro = models.CharField(_("introduction"), max_length=250, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["intranet.HomePage"]
    subpage_types = ["governance.BodyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("bodies section")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import bodies_index
        from ..views.common import section_links

        context = super().get_context(request, *args, **kwargs)
        context["bodies"] = bodies_index(request.user, section=self)
        context["governance_links"] = section_links(request, section=self)
        return context


class BodyPage(IntranetPage):
    """One body: its mission, escalation path, reading rule, notice period and quorum. Who may see
    it follows `reading_rule` and its current members (governance.permissions); the admin and the
    site's search leave it out for everyone else (intranet.hooks.HIDDEN_PAGES)."""

    short_name = models.CharField(_("short name"), max_length=30, blank=True, help_text=_("E.g. COTECH, COPIL."))
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, default=BodyKind.WORKING_GROUP)
    mission = RichTextField(_("mission"), features=MISSION_FEATURES, blank=True)
    parent_body = models.ForeignKey(
        "self", verbose_name=_("parent body"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="child_bodies",
        help_text=_("Where its decisions are referred: working group, then COTECH, then COPIL, then the "
                    "conference of mayors."),
    )
    reading_rule = models.CharField(_("who may read its approved minutes"), max_length=10,
                                    choices=ReadingRule.choices, default=ReadingRule.STAFF)
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (clear days)"), default=5,
        help_text=_("Clear days between the convocation and the meeting: neither the day it is sent nor "
                    "the day of the meeting counts."))
    quorum_rule = models.CharField(_("quorum"), max_length=12, choices=QuorumRule.choices, default=QuorumRule.NONE)
    proxies_count_for_quorum = models.BooleanField(_("proxies count towards the quorum"), default=True)

    search_fields = [*Page.search_fields, index.SearchField("short_name"), index.SearchField("mission")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
        FieldPanel("mission"),
        FieldPanel("parent_body"),
        MultiFieldPanel([
            FieldPanel("reading_rule"),
            FieldRowPanel([FieldPanel("notice_days"), FieldPanel("quorum_rule")]),
            FieldPanel("proxies_count_for_quorum"),
        ], heading=_("Rules")),
    ]
    parent_page_types = ["governance.GovernanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    @property
    def label(self) -> str:
        return self.short_name or self.title

    @property
    def search_summary(self) -> str:
        return self.get_kind_display()

    def get_context(self, request, *args, **kwargs):
        from ..views.bodies import body_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(body_page_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        from ..permissions import require_body_visible

        require_body_visible(request.user, self)
        return super().serve(request, *args, **kwargs)


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    REFERENT = "referent", _("Referent")
    GUEST = "guest", _("Guest")


# Who counts for the quorum and may be given a proxy: everyone but guests.
VOTING_ROLES = (MembershipRole.CHAIR, MembershipRole.SECRETARY, MembershipRole.MEMBER, MembershipRole.REFERENT)


class MembershipQuerySet(models.QuerySet):
    def current(self, on: datetime.date):
        return self.filter(Q(since__lte=on), Q(until__isnull=True) | Q(until__gte=on))

    def serving(self, on: datetime.date):
        """Current on `on`, of people still in the network: who a body's lists, convocations, feeds
        and rights count today. Someone who left has their memberships ended on the day they left
        (governance.personal_data) and Person.active false from that moment, so they are no longer
        counted that same day; a past meeting's members (`current(day)`) still include them."""
        return self.current(on).filter(person__active=True)


class Membership(models.Model):
    body = models.ForeignKey(BodyPage, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="body_memberships")
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person__last_name", "person__first_name"]
        indexes = [
            models.Index(fields=["person", "body"], name="membership_person_body_idx"),
            models.Index(fields=["body", "until"], name="membership_body_until_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                                   name="membership_until_after_since"),
        ]

    def __str__(self):
        return f"{self.person} — {self.get_role_display()} ({self.body})"

    def is_current(self, on: datetime.date) -> bool:
        return self.since <= on and (self.until is None or self.until >= on)

    @property
    def votes(self) -> bool:
        return self.role in VOTING_ROLES
