"""Convocations and answers.

- `convocation_send`: the secretary (chair, Coordination) convenes the body's current members: one
  email each, with the agenda and its computed times, a calendar invitation (iTIP METHOD:REQUEST,
  the meeting's stable UID and its SEQUENCE, written by calendar_sync.ical) and the member's own
  signed link to answer without logging in. Each send is recorded with its recipients: the proof of
  convocation. A send later than the body's notice period is refused with `LateConvocation` until
  it is confirmed.
- `on_meeting_changed` (connected in governance.apps): a meeting already convened whose time or
  place changed sends an update (REQUEST, raised SEQUENCE); cancelled, it sends METHOD:CANCEL.
- `answer_record`: a member's answer (attending, excused, a proxy to another voting member), on the
  site or from the signed link, until the meeting starts.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calendar_sync.ical import event_component, itip_message
from intranet.models import Person
from intranet.notifications import Attachment, network_sender, send_templated_email

from .. import permissions, rules
from ..errors import NotAllowed, Refused
from ..models import (
    Answer,
    AnswerResponse,
    Convocation,
    ConvocationMethod,
    ConvocationRecipient,
    Meeting,
    MeetingStatus,
)
from ..selectors import convocations as selectors

ANSWER_SALT = "governance.answer"

EMAIL_TEMPLATES = {
    ConvocationMethod.REQUEST: "governance/email/convocation",
    ConvocationMethod.UPDATE: "governance/email/convocation_update",
    ConvocationMethod.CANCEL: "governance/email/convocation_cancelled",
}


def _long_date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y")


class LateConvocation(Refused):
    """The notice period no longer holds; sending anyway needs `confirm_late=True`."""

    def __init__(self, meeting: Meeting):
        days = meeting.body.notice_days
        self.latest_day = rules.latest_convocation_day(notice_days=days, start=meeting.start)
        super().__init__(ngettext(
            "The notice period of %(days)d clear day no longer holds: the meeting is on %(date)s, it had to be "
            "convened by %(latest)s at the latest.",
            "The notice period of %(days)d clear days no longer holds: the meeting is on %(date)s, it had to be "
            "convened by %(latest)s at the latest.", days) % {
                "days": days, "date": _long_date(meeting.start),
                "latest": formats.date_format(self.latest_day, "l j F Y")})


class AnswerRefused(Refused):
    """An answer a rule refuses; `field` names the form field it is about (the proxy's holder)."""

    def __init__(self, message, *, field: str = ""):
        super().__init__(message)
        self.field = field


# --- links -------------------------------------------------------------------------------------------


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def answer_token(meeting: Meeting, person: Person) -> str:
    """The signed key of a member's answer link: this meeting and this person, nothing else. It is
    valid until the meeting ends (read_answer_token's caller checks the meeting's end and that the
    person still sits on the body)."""
    return signing.dumps({"m": meeting.pk, "p": person.pk}, salt=ANSWER_SALT)


def read_answer_token(token: str) -> tuple[int, int] | None:
    """(meeting pk, person pk) of a token this site signed, or None for a tampered or made-up one."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT)
        return int(data["m"]), int(data["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def answer_link(meeting: Meeting, person: Person) -> str:
    return site_url(reverse("governance:answer_by_link", args=[answer_token(meeting, person)]))


# --- the invitation -------------------------------------------------------------------------------------


def network_mailbox() -> tuple[str, str]:
    """(address, name) of the network's mailbox: the invitations' ORGANIZER."""
    name, address = parseaddr(network_sender())
    return address, name


def meeting_location(meeting: Meeting) -> str:
    parts = []
    if meeting.room_id:
        room = meeting.room
        address = " ".join(room.library.address.split()) if room.library.address else room.library.commune
        parts.append(f"{room.name}, {room.library.name} — {address}")
    if meeting.place:
        parts.append(meeting.place)
    if not parts and meeting.video_url:
        parts.append(meeting.video_url)
    return " · ".join(parts)


def _description(meeting: Meeting, agenda: selectors.Agenda) -> str:
    lines = [_("Agenda:")] if agenda.rows else []
    for row in agenda.rows:
        lines.append(f"{timezone.localtime(row.start):%H:%M} {row.item.title} "
                     f"({row.item.duration_minutes} min)")
    if meeting.video_url:
        lines += ["", _("Video link: %(url)s") % {"url": meeting.video_url}]
    lines += ["", _("Answer on the intranet: %(url)s") % {"url": site_url(reverse("governance:answer",
                                                                                   args=[meeting.pk]))}]
    return "\n".join(lines).strip()


def meeting_invitation(meeting: Meeting, *, method: str, attendees: list[tuple[str, str]],
                       agenda: selectors.Agenda) -> str:
    """The iTIP message of a meeting: REQUEST (first send and updates) or CANCEL, in the network's
    language. RSVP=FALSE: members answer on the site, not from their calendar."""
    email, name = network_mailbox()
    cancelled = method == "CANCEL"
    with translation.override(settings.LANGUAGE_CODE):
        event = event_component(
            uid=meeting.ical_uid, sequence=meeting.sequence, start=meeting.start, end=meeting.end,
            summary=f"{meeting.body.label} — {meeting.title}", location=meeting_location(meeting),
            description=_description(meeting, agenda), status="CANCELLED" if cancelled else "CONFIRMED",
            organizer_email=email, organizer_name=name, attendees=attendees,
            url=site_url(reverse("governance:answer", args=[meeting.pk])))
    return itip_message([event], method)


# --- sends ------------------------------------------------------------------------------------------------


def _send(meeting: Meeting, *, by: Person | None, method: str, within_notice: bool,
          recipients: list[selectors.BodyMember]) -> Convocation:
    now = timezone.now()
    agenda = selectors.meeting_agenda(meeting)
    itip_method = "CANCEL" if method == ConvocationMethod.CANCEL else "REQUEST"
    ics = meeting_invitation(meeting, method=itip_method, agenda=agenda,
                             attendees=[(member.email, member.person.full_name) for member in recipients])
    convocation = Convocation.objects.create(meeting=meeting, method=method, sequence=meeting.sequence,
                                             sent_at=now, sent_by=by, within_notice=within_notice)
    ConvocationRecipient.objects.bulk_create([
        ConvocationRecipient(convocation=convocation, person=member.person, name=member.person.full_name,
                             email=member.email)
        for member in recipients])
    attachment = Attachment(filename="annulation.ics" if itip_method == "CANCEL" else "convocation.ics",
                            content=ics, mimetype=f"text/calendar; method={itip_method}")
    context = {"meeting": meeting, "body": meeting.body, "agenda": agenda, "location": meeting_location(meeting),
               "site_url": site_url(""), "answer_page": site_url(reverse("governance:answer", args=[meeting.pk])),
               "within_notice": within_notice}
    for member in recipients:
        send_templated_email(to=[member.email], template=EMAIL_TEMPLATES[method], attachments=[attachment],
                             context={**context, "recipient": member.person,
                                      "answer_link": answer_link(meeting, member.person)})
    return convocation


def _locked(meeting: Meeting) -> Meeting:
    """The meeting as saved, locked until the transaction ends: two sends at once are recorded one
    after the other, each knowing whether the other was the first."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


@transaction.atomic
def convocation_send(*, meeting: Meeting, by: Person, confirm_late: bool = False) -> Convocation:
    """Convene the body's current members (REQUEST), or send the convocation again to them (UPDATE,
    e.g. once the agenda changed). Raises NotAllowed, Refused (cancelled, started, nobody to
    convene) or LateConvocation (first send after the notice period, unless `confirm_late`)."""
    meeting = _locked(meeting)
    user = by.user if by is not None else None
    if user is None or not permissions.can_run(user, meeting.body):
        raise NotAllowed(_("Only the body's secretary, its chair or Coordination may convene it."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise Refused(_("This meeting is cancelled: there is nobody to convene."))
    now = timezone.now()
    if meeting.status == MeetingStatus.HELD or meeting.start <= now:
        raise Refused(_("This meeting has already started: it is too late to convene it."))
    first = not Convocation.objects.filter(meeting=meeting).exists()
    on_time = rules.within_notice(notice_days=meeting.body.notice_days, sent=now, start=meeting.start)
    if first and not on_time and not confirm_late:
        raise LateConvocation(meeting)
    recipients = selectors.convocation_recipients(meeting).convened
    if not recipients:
        raise Refused(_("No current member of this body has an email address: nobody can be convened."))
    return _send(meeting, by=by, method=ConvocationMethod.REQUEST if first else ConvocationMethod.UPDATE,
                 within_notice=on_time, recipients=recipients)


def on_meeting_changed(sender, *, meeting: Meeting, by: Person | None = None, cancelled: bool = False,
                       **kwargs) -> Convocation | None:
    """Receiver of governance.signals.meeting_changed, run inside the meeting service's transaction:
    the members of a meeting already convened get the change (UPDATE, « Modifié : ») or the
    cancellation (CANCEL); a meeting never convened sends nothing. Never raises a rule: the change
    itself is already decided."""
    meeting = _locked(meeting)
    if not Convocation.objects.filter(meeting=meeting).exists():
        return None
    recipients = selectors.convocation_recipients(meeting).convened
    if not recipients:
        return None
    on_time = rules.within_notice(notice_days=meeting.body.notice_days, sent=timezone.now(), start=meeting.start)
    return _send(meeting, by=by, method=ConvocationMethod.CANCEL if cancelled else ConvocationMethod.UPDATE,
                 within_notice=on_time, recipients=recipients)


# --- answers ------------------------------------------------------------------------------------------------


def _check_proxy(meeting: Meeting, person: Person, proxy_to: Person | None, members) -> None:
    by_pk = {member.person.pk: member for member in members}
    if not by_pk[person.pk].votes:
        raise AnswerRefused(_("Guests do not vote: they cannot give a proxy."), field="response")
    if proxy_to is None:
        raise AnswerRefused(_("Choose the member you give your proxy to."), field="proxy_to")
    if proxy_to.pk == person.pk:
        raise AnswerRefused(_("You cannot give your proxy to yourself."), field="proxy_to")
    holder = by_pk.get(proxy_to.pk)
    if holder is None or not holder.votes:
        raise AnswerRefused(_("%(name)s is not a voting member of %(body)s: a proxy can only be given to one of "
                              "them.") % {"name": proxy_to.full_name, "body": meeting.body.label}, field="proxy_to")
    proxies = (Answer.objects.filter(meeting=meeting, response=AnswerResponse.PROXY).exclude(person=person)
               .select_related("person", "proxy_to"))
    if (own := proxies.filter(person=proxy_to).first()) is not None:
        raise AnswerRefused(_("%(name)s has given their own proxy to %(other)s: they cannot hold yours.") % {
            "name": proxy_to.full_name, "other": own.proxy_to.full_name}, field="proxy_to")
    if (held := proxies.filter(proxy_to=proxy_to).first()) is not None:
        raise AnswerRefused(_("%(name)s already holds the proxy of %(other)s, and a member may hold only one "
                              "proxy. Choose another member.") % {
            "name": proxy_to.full_name, "other": held.person.full_name}, field="proxy_to")
    if (mine := proxies.filter(proxy_to=person).first()) is not None:
        raise AnswerRefused(_("%(other)s has given you their proxy: you cannot give yours in turn. Answer that you "
                              "will attend, or ask %(other)s to choose someone else.") % {
            "other": mine.person.full_name}, field="response")


@transaction.atomic
def answer_record(*, meeting: Meeting, person: Person, response: str, proxy_to: Person | None = None,
                  by_link: bool = False) -> Answer:
    """Record (or change) a member's answer. Raises NotAllowed (not a current member) or
    AnswerRefused (cancelled, started, a proxy the rules refuse)."""
    meeting = _locked(meeting)  # answers of one meeting one at a time: two proxies cannot reach one holder
    members = selectors.body_members(meeting.body)
    if person.pk not in {member.person.pk for member in members}:
        raise NotAllowed(_("Only the current members of the body may answer its convocation."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise AnswerRefused(_("This meeting is cancelled: there is nothing to answer."))
    if meeting.status == MeetingStatus.HELD or meeting.start <= timezone.now():
        raise AnswerRefused(_("Answers are closed: the meeting has started."))
    if response not in AnswerResponse.values:
        raise AnswerRefused(_("Choose an answer."), field="response")
    if response == AnswerResponse.PROXY:
        _check_proxy(meeting, person, proxy_to, members)
    else:
        proxy_to = None
    answer, _created = Answer.objects.update_or_create(
        meeting=meeting, person=person,
        defaults={"response": response, "proxy_to": proxy_to, "answered_at": timezone.now(), "by_link": by_link})
    return answer
