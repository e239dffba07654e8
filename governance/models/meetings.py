"""Meetings of a body, their agenda, the proposals members make for it, the convocations sent and
the answers received."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intranet.storage import PrivateStorage, private_storage  # noqa: F401  (PrivateStorage: migration 0001)


def new_ical_uid() -> str:
    return f"meeting-{uuid.uuid4()}@intranet-reseau"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def not_cancelled(self):
        return self.exclude(status=MeetingStatus.CANCELLED)

    def upcoming(self, now):
        return self.not_cancelled().filter(end__gt=now).order_by("start")

    def past(self, now):
        return self.filter(end__lte=now).order_by("-start")


class Meeting(models.Model):
    body = models.ForeignKey("governance.BodyPage", verbose_name=_("body"), on_delete=models.CASCADE,
                             related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    # The place: a room of the rooms pillar (really booked, through calendar_sync's services), or a
    # place written out, and/or a video link.
    room = models.ForeignKey("calendar_sync.Room", verbose_name=_("room"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="meetings")
    booking = models.OneToOneField("calendar_sync.Booking", verbose_name=_("room booking"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="meeting", editable=False)
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("When the meeting is not in one of the network's rooms."))
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    proposal_deadline = models.DateTimeField(_("deadline for agenda proposals"))
    ical_uid = models.CharField(_("iCalendar UID"), max_length=255, unique=True, default=new_ical_uid, editable=False)
    sequence = models.PositiveIntegerField(_("iCalendar sequence"), default=0, editable=False)
    created_by = models.ForeignKey("intranet.Person", verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start"]
        indexes = [models.Index(fields=["body", "start"], name="meeting_body_start_idx"),
                   models.Index(fields=["start"], name="meeting_start_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="meeting_end_after_start"),
            models.CheckConstraint(condition=Q(proposal_deadline__lte=F("start")),
                                   name="meeting_deadline_before_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("governance:meeting", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class AgendaItemKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "discussion", _("Discussion")
    DECISION = "decision", _("Decision")


DURATION_VALIDATORS = [MinValueValidator(1), MaxValueValidator(600)]


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=AgendaItemKind.choices,
                            default=AgendaItemKind.INFORMATION)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=15,
                                                        validators=DURATION_VALIDATORS)
    presenter = models.ForeignKey("intranet.Person", verbose_name=_("presenter"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    description = models.TextField(_("description"), blank=True, help_text=_("HTML cleaned with bleach."))
    # The item that reviews the body's open actions, added to every meeting automatically.
    is_action_review = models.BooleanField(_("follow-up of actions"), default=False, editable=False)
    proposal = models.OneToOneField("governance.Proposal", verbose_name=_("proposal"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="agenda_item", editable=False)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="agenda_item_duration_positive"),
            models.UniqueConstraint(fields=["meeting"], condition=Q(is_action_review=True),
                                    name="agenda_item_one_action_review"),
        ]

    def __str__(self):
        return self.title


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    """An item a member proposes for a meeting's agenda, before its deadline. Deferring it moves it
    to the body's next meeting, still waiting for review; accepting it makes an agenda item."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="proposals")
    proposer = models.ForeignKey("intranet.Person", verbose_name=_("proposed by"), on_delete=models.PROTECT,
                                 related_name="agenda_proposals")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=AgendaItemKind.choices,
                            default=AgendaItemKind.DISCUSSION)
    duration_minutes = models.PositiveSmallIntegerField(_("estimated duration (minutes)"), default=15,
                                                        validators=DURATION_VALIDATORS)
    description = models.TextField(_("description"), blank=True, help_text=_("HTML cleaned with bleach."))
    status = models.CharField(_("status"), max_length=10, choices=ProposalStatus.choices,
                              default=ProposalStatus.PENDING)
    times_deferred = models.PositiveSmallIntegerField(_("times deferred"), default=0)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey("intranet.Person", verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Set when a decision of a child body was referred here (the escalation circuit).
    origin_decision = models.OneToOneField("governance.Decision", verbose_name=_("referred decision"), null=True,
                                           blank=True, on_delete=models.SET_NULL, related_name="escalation")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda proposal")
        verbose_name_plural = _("agenda proposals")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["meeting", "status"], name="proposal_meeting_status_idx"),
                   models.Index(fields=["proposer", "status"], name="proposal_proposer_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gte=1), name="proposal_duration_positive"),
        ]

    def __str__(self):
        return self.title


# Attachments live outside MEDIA_ROOT: only governance.views.attachments serves them, to who may read.


def attachment_path(instance, filename: str) -> str:
    return f"governance/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """A file attached to a proposal or an agenda item (PDF and office documents, checked on
    content, size-limited: governance.attachments)."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="attachments")
    item = models.ForeignKey(AgendaItem, verbose_name=_("agenda item"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey("intranet.Person", verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(proposal__isnull=False) | Q(item__isnull=False),
                                   name="attachment_has_owner"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:attachment", args=[self.pk])


class ConvocationMethod(models.TextChoices):
    REQUEST = "REQUEST", _("Convocation")
    UPDATE = "UPDATE", _("Update")  # sent as iTIP METHOD:REQUEST with a higher SEQUENCE
    CANCEL = "CANCEL", _("Cancellation")


class Convocation(models.Model):
    """One send of a convocation, an update or a cancellation: the proof of convocation."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE,
                                related_name="convocations")
    method = models.CharField(_("kind"), max_length=7, choices=ConvocationMethod.choices)
    sequence = models.PositiveIntegerField(_("iCalendar sequence"))
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey("intranet.Person", verbose_name=_("sent by"), null=True,
                                on_delete=models.SET_NULL, related_name="+")
    within_notice = models.BooleanField(_("sent within the notice period"), default=True)

    class Meta:
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        ordering = ["meeting", "sent_at", "pk"]

    def __str__(self):
        return f"{self.get_method_display()} — {self.meeting}"


class ConvocationRecipient(models.Model):
    convocation = models.ForeignKey(Convocation, verbose_name=_("convocation"), on_delete=models.CASCADE,
                                    related_name="recipients")
    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["convocation", "name"]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class AnswerResponse(models.TextChoices):
    ATTENDING = "attending", _("Will attend")
    EXCUSED = "excused", _("Excused")
    PROXY = "proxy", _("Gives a proxy")


class Answer(models.Model):
    """A member's answer to a convocation, on the site or from the signed link of the email."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("intranet.Person", verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="meeting_answers")
    response = models.CharField(_("answer"), max_length=10, choices=AnswerResponse.choices)
    proxy_to = models.ForeignKey("intranet.Person", verbose_name=_("proxy given to"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="proxies_received")
    answered_at = models.DateTimeField(_("answered"))
    by_link = models.BooleanField(_("from the email's link"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="answer_one_per_person"),
            models.CheckConstraint(
                condition=(Q(response=AnswerResponse.PROXY, proxy_to__isnull=False)
                           | (~Q(response=AnswerResponse.PROXY) & Q(proxy_to__isnull=True))),
                name="answer_proxy_iff_proxy_to"),
            models.CheckConstraint(condition=~Q(proxy_to=F("person")), name="answer_no_proxy_to_self"),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_response_display()}"
