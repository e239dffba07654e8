"""Convocations and answers: the secretary's convocation page (preview, send, late-send
confirmation, the sends recorded), the answers page with the expected quorum, a member's answer
form on the site, and the answer page of the email's signed link, open without logging in."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache

from intranet.models import Person

from .. import permissions, rules
from ..errors import NotAllowed, Refused
from ..models import Answer, AnswerResponse, Meeting, MeetingStatus
from ..selectors import convocations as selectors
from ..services import convocations as services
from .common import meeting_or_404, person_or_403, render_page, status_of

# --- the answer form ---------------------------------------------------------------------------


class AnswerForm(forms.Form):
    response = forms.ChoiceField(label=gettext_lazy("Your answer"), choices=AnswerResponse.choices,
                                 widget=forms.RadioSelect)
    proxy_to = forms.TypedChoiceField(
        label=gettext_lazy("Give my proxy to"), required=False, coerce=int, empty_value=None,
        help_text=gettext_lazy("Only if you give a proxy: a voting member of the body, who may hold only one."))

    def __init__(self, *args, member: selectors.BodyMember, holders: list[Person], **kwargs):
        super().__init__(*args, **kwargs)
        self.holders = {person.pk: person for person in holders}
        if member.votes:
            self.fields["proxy_to"].choices = [("", "—"), *((pk, p.full_name) for pk, p in self.holders.items())]
        else:  # guests do not vote, so they give no proxy
            self.fields["response"].choices = [choice for choice in AnswerResponse.choices
                                               if choice[0] != AnswerResponse.PROXY]
            del self.fields["proxy_to"]

    def clean(self):
        data = super().clean()
        if data.get("response") == AnswerResponse.PROXY and not data.get("proxy_to"):
            self.add_error("proxy_to", _("Choose the member you give your proxy to."))
        return data

    def holder(self) -> Person | None:
        if self.cleaned_data.get("response") != AnswerResponse.PROXY:
            return None
        return self.holders.get(self.cleaned_data.get("proxy_to"))


def answers_closed(meeting: Meeting) -> str:
    """Why the form is closed, or ""."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting is cancelled: there is nothing to answer.")
    if meeting.status == MeetingStatus.HELD or meeting.start <= timezone.now():
        return _("Answers are closed: the meeting has started.")
    return ""


def _answer_form(request, meeting, me: selectors.BodyMember, members, *, by_link: bool) -> tuple[AnswerForm, bool]:
    """The form, bound on POST; (form, recorded) once the service took it."""
    holders = [member.person for member in members if member.votes and member.person.pk != me.person.pk]
    current = Answer.objects.filter(meeting=meeting, person=me.person).first()
    initial = {"response": current.response, "proxy_to": current.proxy_to_id} if current else {}
    form = AnswerForm(request.POST if request.method == "POST" else None, member=me, holders=holders, initial=initial)
    if request.method != "POST" or not form.is_valid():
        return form, False
    try:
        services.answer_record(meeting=meeting, person=me.person, response=form.cleaned_data["response"],
                               proxy_to=form.holder(), by_link=by_link)
    except services.AnswerRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.message)
        return form, False
    return form, True


def _recorded_message(form: AnswerForm) -> str:
    holder = form.holder()
    if holder is not None:
        return _("Your answer is recorded: you give your proxy to %(name)s.") % {"name": holder.full_name}
    return _("Your answer is recorded: %(answer)s.") % {
        "answer": AnswerResponse(form.cleaned_data["response"]).label.lower()}


def answer(request, pk: int):
    """A member's answer on the site."""
    meeting = meeting_or_404(request, pk)
    person = person_or_403(request)
    members = selectors.body_members(meeting.body)
    me = next((member for member in members if member.person.pk == person.pk), None)
    if me is None:
        raise NotAllowed(_("Only the current members of the body may answer its convocation."))
    closed = answers_closed(meeting)
    if closed and request.method == "POST":
        messages.error(request, closed)
        return redirect("governance:answer", pk)
    form, recorded = _answer_form(request, meeting, me, members, by_link=False)
    if recorded:
        messages.success(request, _recorded_message(form))
        return redirect("governance:answers", pk)
    return render_page(request, "governance/answer.html", {
        "meeting": meeting, "body": meeting.body, "form": form, "closed": closed,
    }, status=status_of(form))


@login_not_required
@never_cache
def answer_by_link(request, token: str):
    """The signed link of the email: answer without logging in. It shows the meeting's title and
    date and the person's name, and records their answer; nothing else. A tampered token, a meeting
    that has ended, or a person who no longer sits on the body: 404."""
    ids = services.read_answer_token(token)
    target = selectors.answer_link_target(*ids) if ids else None
    if target is None:
        raise Http404
    meeting, me, members = target
    closed = answers_closed(meeting)
    if closed and request.method == "POST":
        messages.error(request, closed)
        return redirect(request.path)
    form, recorded = _answer_form(request, meeting, me, members, by_link=True)
    if recorded:
        messages.success(request, _recorded_message(form))
        return redirect(request.path)
    # Not render_page: this page shows nothing of the section, only the meeting and the person.
    return render(request, "governance/answer_by_link.html", {
        "meeting": meeting, "person": me.person, "form": form, "closed": closed,
    }, status=status_of(form))


# --- the answers page ----------------------------------------------------------------------------


def answers(request, pk: int):
    """Who answered what, who has not, the proxies and the expected quorum: for the body's members
    and who runs it."""
    meeting = meeting_or_404(request, pk)
    summary = selectors.answers_summary(meeting, request.user)
    if summary is None:
        raise NotAllowed(_("Only the members of the body see the answers to its convocation."))
    return render_page(request, "governance/answers.html", {"meeting": meeting, "body": meeting.body,
                                                            "summary": summary})


# --- the convocation page ------------------------------------------------------------------------


def convocation_closed(meeting: Meeting) -> str:
    """Why no convocation can be sent any more, or ""."""
    if meeting.status == MeetingStatus.CANCELLED:
        return _("This meeting is cancelled: there is nobody to convene.")
    if meeting.status == MeetingStatus.HELD or meeting.start <= timezone.now():
        return _("This meeting has already started: it is too late to convene it.")
    return ""


def convocation(request, pk: int):
    """Preview of the convocation (recipients, agenda), the send, and the sends recorded."""
    meeting = meeting_or_404(request, pk)
    if not permissions.can_run(request.user, meeting.body):
        raise NotAllowed(_("Only the body's secretary, its chair or Coordination may convene it."))
    late, error, status = None, "", 200
    if request.method == "POST":
        person = person_or_403(request)
        try:
            sent = services.convocation_send(meeting=meeting, by=person,
                                             confirm_late=request.POST.get("confirm_late") == "1")
        except services.LateConvocation as refused:
            late = refused
        except Refused as refused:
            error, status = refused.message, 400
        else:
            count = sent.recipients.count()
            messages.success(request, ngettext("The convocation was sent to %(count)d member.",
                                               "The convocation was sent to %(count)d members.", count)
                             % {"count": count})
            return redirect("governance:convocation", pk)
    recipients = selectors.convocation_recipients(meeting)
    sends = selectors.sends_history(meeting)
    return render_page(request, "governance/convocation.html", {
        "meeting": meeting, "body": meeting.body, "recipients": recipients, "sends": sends,
        "agenda": selectors.meeting_agenda(meeting), "late": late, "error": error,
        "location": services.meeting_location(meeting),
        "latest_day": rules.latest_convocation_day(notice_days=meeting.body.notice_days, start=meeting.start),
        "closed": convocation_closed(meeting),
    }, status=status)


urlpatterns = [
    path("reunions/<int:pk>/convocation/", convocation, name="convocation"),
    path("reunions/<int:pk>/reponses/", answers, name="answers"),
    path("reunions/<int:pk>/reponse/", answer, name="answer"),
    path("reponse/<str:token>/", answer_by_link, name="answer_by_link"),
]
