"""Tutorials, procedures and reference pages: Wagtail pages (revisions, drafts, moderation) in the
« Tutoriels & procédures » section, each with a kind, an audience, a topic, tags, an owner and a
review date."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import GroupApprovalTask, Page, PageManager, PageQuerySet
from wagtail.search import index

from intranet.models import IntranetPage
from intranet.roles import STAFF_ROLES, Role, roles_of

from ..blocks import TutorialBodyBlock


class Kind(models.TextChoices):
    TUTORIAL = "tutorial", _("Tutorial")
    PROCEDURE = "procedure", _("Procedure")
    REFERENCE = "reference", _("Reference")


class Audience(models.TextChoices):
    EVERYONE = "everyone", pgettext_lazy("audience", "Everyone")
    STAFF = "staff", _("Staff")
    VOLUNTEERS = "volunteers", _("Volunteers")


# THE audience rule (issue: « a volunteer sees only "tout le monde" and "bénévoles" pages »): staff
# roles read every audience; volunteers their own and everyone's; anyone else (elected officials, an
# account without a role) the pages for everyone.


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

    def due_for_review(self, today: dt.date):
        """Pages whose review date has come (never unpublished: they are flagged and reminded)."""
        return self.filter(review_due__lte=today)


WORDS_PER_MINUTE = 200


def review_grace_days() -> int:
    """Days past the review date before readers see the « outdated » banner."""
    return getattr(settings, "TUTORIALS_REVIEW_GRACE_DAYS", 30)


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

    def serve(self, request, *args, **kwargs):
        # The filters' context decides the status: bad input answers 400 with the message by its field.
        from ..views.content import index_context

        context = {**self.get_context(request, *args, **kwargs), **index_context(self, request)}
        return TemplateResponse(request, self.get_template(request, *args, **kwargs), context,
                                status=400 if context["form"].errors else 200)


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
    # Computed on save (see save()): the list, the report and the reminders filter and sort on them.
    review_due = models.DateField(_("review due on"), null=True, blank=True, editable=False, db_index=True)
    reading_minutes = models.PositiveSmallIntegerField(_("reading time (minutes)"), default=1, editable=False)

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

    @property
    def search_kind(self) -> str:
        return self.get_kind_display()

    # --- freshness and reading time, computed once when the page is saved -----------------------

    def compute_review_due(self) -> dt.date | None:
        """Last review (or first publication) + the review interval."""
        start = self.last_reviewed or (timezone.localdate(self.first_published_at) if self.first_published_at else None)
        if start is None:
            return None
        return start + relativedelta(months=self.review_interval_months)

    def compute_reading_minutes(self) -> int:
        text = " ".join(self.body.stream_block.get_searchable_content(self.body))
        return max(1, round(len(strip_tags(text).split()) / WORDS_PER_MINUTE))

    def save(self, *args, **kwargs):
        # A save with update_fields (a draft revision's bookkeeping) must not write the draft's values
        # into the live row: only a full save (publishing, creating) recomputes.
        if kwargs.get("update_fields") is None:
            self.review_due = self.compute_review_due()
            self.reading_minutes = self.compute_reading_minutes()
        return super().save(*args, **kwargs)

    def review_state(self, today: dt.date) -> str:
        """"" (fresh), "due" (past its review date) or "outdated" (past the grace period too)."""
        if self.review_due is None or today < self.review_due:
            return ""
        if today > self.review_due + dt.timedelta(days=review_grace_days()):
            return "outdated"
        return "due"

    # --- reading -----------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        # THE audience rule for direct URLs (and previews): a page not meant for the reader does not
        # exist for them. The page knows its audience: no query.
        if self.audience not in audiences_for(request.user):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..page_context import procedure_context
        from ..views.content import reading_context

        context = super().get_context(request, *args, **kwargs)
        context.update(reading_context(self, request))
        context.update(procedure_context(self, request))
        return context


class OwnChangeRefusedApprovalTask(GroupApprovalTask):
    """Wagtail's group approval, except that nobody reviews their own change (Wagtail #6995): the
    person who submitted the page, or wrote the revision under review, gets no action on it, even
    as a member of the approving group (their colleagues do)."""

    class Meta:
        verbose_name = _("approval by another member of the group")
        verbose_name_plural = _("approvals by another member of the group")

    @staticmethod
    def _is_authors(obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        if state is None:
            return False
        if state.requested_by_id == user.pk:
            return True
        task_state = state.current_task_state
        return task_state is not None and task_state.revision.user_id == user.pk

    def get_actions(self, obj, user):
        if self._is_authors(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return (super().get_task_states_user_can_moderate(user, **kwargs)
                .exclude(workflow_state__requested_by=user).exclude(revision__user=user))

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except the author of the change")


class ReviewReminder(models.Model):
    """A digest of pages to review sent to someone for a month: `send_reminders` sends each at most once."""

    email = models.EmailField(_("email"))
    period = models.CharField(_("period"), max_length=7)  # « 2026-03 »
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    pages = models.PositiveIntegerField(_("pages"), default=0)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [models.UniqueConstraint(fields=["email", "period"], name="review_reminder_once_a_month")]

    def __str__(self) -> str:
        return f"{self.email} {self.period}"
