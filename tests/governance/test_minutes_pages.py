"""The attendance and minutes pages: what the secretary, the chair and the readers see and do, who
gets a 404 (draft minutes, bodies they may not read) or a 403 (a member who does not run the body),
and a constant number of queries."""

import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import (
    Answer,
    AnswerResponse,
    Attendance,
    AttendanceStatus,
    ItemMinutes,
    MembershipRole,
    Minutes,
    MinutesStatus,
    ReadingRule,
)
from governance.services import minutes as services
from intranet.roles import Role

from .factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    MinutesFactory,
    PersonFactory,
)

# Who reads a body's approved minutes without sitting on it (DESIGN §5), by reading rule.
READS_APPROVED = {
    ReadingRule.MEMBERS: {Role.COORDINATION},
    ReadingRule.STAFF: {Role.COORDINATION, Role.REFERENTS, Role.STAFF},
    ReadingRule.NETWORK: set(Role),
}


def page_text(response) -> str:
    """What a reader sees: the text without its tags, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))).replace(" .", ".")


def minutes_url(meeting, name="minutes"):
    return reverse(f"governance:{name}", args=[meeting.pk])


@pytest.fixture
def held(body):
    meeting = MeetingFactory(body=body, title="COTECH du 3 mars", days_ahead=-7)
    AgendaItemFactory(meeting=meeting, title="Budget des acquisitions", position=1, duration_minutes=30)
    AgendaItemFactory(meeting=meeting, title="Portail commun", position=2, duration_minutes=45)
    return meeting


@pytest.fixture
def next_meeting(body):
    return MeetingFactory(body=body, title="COTECH du 17 mars", days_ahead=7)


def write(meeting, secretary, text="<p>Le budget est présenté.</p>"):
    first = meeting.items.order_by("position").first()
    return services.minutes_save(meeting=meeting, by=secretary, summary="<p>Séance ouverte à 14 h.</p>",
                                 items={first.pk: text})


# --- Writing, submitting, approving ---------------------------------------------------------------

def test_the_secretary_writes_the_minutes_item_by_item_in_plain_text(held, secretary, client_as):
    first, second = held.items.order_by("position")
    client = client_as(secretary)
    page = client.get(minutes_url(held, "minutes_edit"))
    assert page.status_code == 200
    assert "1. Budget des acquisitions" in page_text(page)
    assert "14:00–14:30" in page_text(page) and "14:30–15:15" in page_text(page)

    response = client.post(minutes_url(held, "minutes_edit"), {
        "summary": "Séance ouverte à 14 h.",
        f"item_{first.pk}": "Le budget est présenté.\n\nIl est adopté à l'unanimité.",
        f"item_{second.pk}": "",
    })
    assert response.status_code == 302
    minutes = Minutes.objects.get(meeting=held)
    assert ItemMinutes.objects.get(minutes=minutes).text == ("<p>Le budget est présenté.</p>\n"
                                                             "<p>Il est adopté à l'unanimité.</p>")
    shown = page_text(client.get(response.url))
    assert "Version 1" in shown and "Brouillon" in shown
    assert "Il est adopté à l'unanimité." in shown
    # Reopened, the text area shows what was typed, not its HTML.
    edit = unescape(client.get(minutes_url(held, "minutes_edit")).content.decode())
    assert "Il est adopté à l'unanimité.</textarea>" in edit


def test_the_full_cycle_on_the_pages(held, next_meeting, secretary, chair, client_as, clock):
    write(held, secretary)
    secretary_client, chair_client = client_as(secretary), client_as(chair)

    response = secretary_client.post(minutes_url(held, "minutes_submit"), {"version": 1})
    assert response.status_code == 302
    assert Minutes.objects.get(meeting=held).status == MinutesStatus.SUBMITTED

    # The secretary is offered no approval, and the chair is told when it can happen.
    assert "Approuver" not in page_text(secretary_client.get(minutes_url(held)))
    assert ("Le compte rendu sera approuvé lors de la prochaine réunion de l'instance, le mardi 17 mars 2026."
            in page_text(chair_client.get(minutes_url(held))))
    assert secretary_client.post(minutes_url(held, "minutes_approve"),
                                 {"version": 1, "at_meeting": next_meeting.pk}).status_code == 403

    clock.move_to("2026-03-17 14:20")
    page = page_text(chair_client.get(minutes_url(held)))
    assert "COTECH du 17 mars" in page
    response = chair_client.post(minutes_url(held, "minutes_approve"), {"version": 1, "at_meeting": next_meeting.pk})
    assert response.status_code == 302

    shown = page_text(chair_client.get(minutes_url(held)))
    assert "Approuvé" in shown
    assert "Verrouillé" in shown
    assert "Approuvé le 17 mars 2026 par Yann" in shown
    minutes = Minutes.objects.get(meeting=held)
    assert (minutes.status, minutes.approved_by, minutes.approved_at_meeting) == ("approved", chair, next_meeting)


def test_a_later_meeting_not_started_cannot_be_chosen_for_the_approval(held, next_meeting, secretary, chair,
                                                                      client_as):
    services.minutes_submit(minutes=write(held, secretary), by=secretary)
    response = client_as(chair).post(minutes_url(held, "minutes_approve"),
                                     {"version": 1, "at_meeting": next_meeting.pk})
    assert response.status_code == 400
    assert Minutes.objects.get(meeting=held).status == MinutesStatus.SUBMITTED


def test_submitted_minutes_return_to_draft(held, secretary, client_as):
    services.minutes_submit(minutes=write(held, secretary), by=secretary)
    client = client_as(secretary)
    assert client.get(minutes_url(held, "minutes_edit")).status_code == 302  # waiting for approval
    assert client.post(minutes_url(held, "minutes_return_to_draft"), {"version": 1}).status_code == 302
    assert Minutes.objects.get(meeting=held).status == MinutesStatus.DRAFT
    assert client.get(minutes_url(held, "minutes_edit")).status_code == 200


@pytest.fixture
def approved(held, next_meeting, secretary, chair, clock):
    minutes = services.minutes_submit(minutes=write(held, secretary, "<p>Budget voté : 120 000 €.</p>"),
                                      by=secretary)
    clock.move_to("2026-03-17 14:20")
    return services.minutes_approve(minutes=minutes, by=chair, at_meeting=next_meeting)


def test_approved_minutes_cannot_be_edited(approved, held, secretary, client_as):
    client = client_as(secretary)
    response = client.get(minutes_url(held, "minutes_edit"))
    assert response.status_code == 302
    follow = page_text(client.get(response.url))
    assert "est approuvée et verrouillée" in follow
    first = held.items.order_by("position").first()
    client.post(minutes_url(held, "minutes_edit"), {"summary": "Réécrit", f"item_{first.pk}": "Réécrit"})
    assert Minutes.objects.get(pk=approved.pk).summary == "<p>Séance ouverte à 14 h.</p>"


def test_a_correction_is_version_2_and_readers_keep_version_1_until_it_is_approved(
        approved, held, next_meeting, secretary, chair, client_as, client_staff):
    client = client_as(secretary)
    response = client.post(minutes_url(held, "minutes_correct"), {"version": 1, "reason": "Montant erroné."})
    assert response.url == minutes_url(held, "minutes_edit")
    first = held.items.order_by("position").first()
    client.post(minutes_url(held, "minutes_edit"), {"summary": "Séance ouverte à 14 h.",
                                                    f"item_{first.pk}": "Budget voté : 102 000 €."})

    assert "Version 2" in page_text(client.get(minutes_url(held)))
    reader = page_text(client_staff.get(minutes_url(held)))
    assert "120 000 €" in reader and "102 000 €" not in reader

    client.post(minutes_url(held, "minutes_submit"), {"version": 2})
    client_as(chair).post(minutes_url(held, "minutes_approve"), {"version": 2, "at_meeting": next_meeting.pk})

    reader = page_text(client_staff.get(minutes_url(held)))
    assert "102 000 €" in reader and "Montant erroné." in reader
    assert "Remplacé par une correction" in reader  # version 1 in the history
    old = page_text(client_staff.get(minutes_url(held) + "?version=1"))
    assert "120 000 €" in old


def test_a_correction_without_reason_is_refused(approved, held, secretary, client_as):
    response = client_as(secretary).post(minutes_url(held, "minutes_correct"), {"version": 1, "reason": ""})
    assert response.status_code == 400
    assert Minutes.objects.filter(meeting=held).count() == 1


def test_a_member_who_does_not_run_the_body_gets_403_on_the_writing_pages(held, member, join, body, client_as):
    referent = member(Role.REFERENTS, first_name="Gwen")
    join(body, referent, MembershipRole.REFERENT)
    client = client_as(referent)
    for name in ("minutes_edit", "attendance"):
        assert client.get(minutes_url(held, name)).status_code == 403
    assert client.post(minutes_url(held, "minutes_edit"), {"summary": "x"}).status_code == 403
    assert not Minutes.objects.exists()


def test_the_page_and_actions_of_a_body_one_may_not_see_are_404(member, join, client_as):
    body = BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    meeting = MeetingFactory(body=body, days_ahead=-7)
    MinutesFactory(meeting=meeting, status=MinutesStatus.APPROVED)
    client = client_as(member(Role.STAFF, first_name="Katell"))
    for name in ("minutes", "minutes_edit", "attendance", "minutes_print", "minutes_pdf", "agenda_print",
                 "agenda_pdf"):
        assert client.get(minutes_url(meeting, name)).status_code == 404, name
    assert client.post(minutes_url(meeting, "minutes_submit"), {"version": 1}).status_code == 404


# --- Who reads which minutes: the matrix -----------------------------------------------------------

@pytest.mark.parametrize("status", [MinutesStatus.DRAFT, MinutesStatus.APPROVED], ids=str)
@pytest.mark.parametrize("rule", list(ReadingRule), ids=str)
def test_who_reads_the_minutes_and_their_pdf(as_each_role, rule, status):
    body = BodyFactory(title="Groupe Numérique", reading_rule=rule)
    meeting = MeetingFactory(body=body, title="Réunion du groupe Numérique", days_ahead=-7)
    MinutesFactory(meeting=meeting, status=status, summary="<p>Le wifi public est déployé.</p>")
    if status == MinutesStatus.DRAFT:
        expected = as_each_role.role == Role.COORDINATION
    else:
        expected = as_each_role.role in READS_APPROVED[rule]

    page = as_each_role.client.get(minutes_url(meeting))
    pdf = as_each_role.client.get(minutes_url(meeting, "minutes_pdf"))

    assert page.status_code == (200 if expected else 404)
    assert pdf.status_code == (200 if expected else 404)
    assert ("Le wifi public est déployé." in page_text(page)) is expected
    if expected:
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("role", [MembershipRole.SECRETARY, MembershipRole.CHAIR, MembershipRole.MEMBER])
def test_members_read_approved_minutes_but_only_who_runs_the_body_reads_drafts(account, client_as, role):
    user = account(Role.ELECTED)
    body = BodyFactory(title="Conférence des maires", reading_rule=ReadingRule.MEMBERS)
    MembershipFactory(body=body, person=user.person, role=role)
    draft_meeting = MeetingFactory(body=body, days_ahead=-7)
    MinutesFactory(meeting=draft_meeting, status=MinutesStatus.SUBMITTED)
    approved_meeting = MeetingFactory(body=body, days_ahead=-30)
    MinutesFactory(meeting=approved_meeting, status=MinutesStatus.APPROVED)
    client = client_as(user)

    reads_drafts = role != MembershipRole.MEMBER
    assert client.get(minutes_url(draft_meeting)).status_code == (200 if reads_drafts else 404)
    assert client.get(minutes_url(draft_meeting, "minutes_print")).status_code == (200 if reads_drafts else 404)
    assert client.get(minutes_url(approved_meeting)).status_code == 200


def test_readers_see_the_approved_version_not_the_correction_being_written(held, client_staff):
    MinutesFactory(meeting=held, version=1, status=MinutesStatus.APPROVED, summary="<p>Version approuvée</p>")
    MinutesFactory(meeting=held, version=2, status=MinutesStatus.DRAFT, summary="<p>Correction en cours</p>")
    page = page_text(client_staff.get(minutes_url(held)))
    assert "Version approuvée" in page and "Correction en cours" not in page
    assert client_staff.get(minutes_url(held) + "?version=2").status_code == 404


# --- Attendance -----------------------------------------------------------------------------------

@pytest.fixture
def members(body, join):
    people = {name: PersonFactory(first_name=name, last_name="Le Bihan") for name in ("Anne", "Bleuenn", "Corentin")}
    for person in people.values():
        join(body, person, MembershipRole.REFERENT)
    return people


def test_the_attendance_form_is_filled_in_from_the_convocation_answers(held, secretary, chair, members, client_as):
    anne, bleuenn, corentin = members.values()
    now = timezone.now()
    Answer.objects.create(meeting=held, person=anne, response=AnswerResponse.ATTENDING, answered_at=now)
    Answer.objects.create(meeting=held, person=bleuenn, response=AnswerResponse.PROXY, proxy_to=anne, answered_at=now)
    Answer.objects.create(meeting=held, person=corentin, response=AnswerResponse.EXCUSED, answered_at=now)

    page = client_as(secretary).get(minutes_url(held, "attendance")).content.decode()

    def selected(field):
        select = re.search(rf'<select[^>]* name="{field}"[^>]*>(.*?)</select>', page, re.DOTALL).group(1)
        return re.findall(r'<option value="([^"]*)" selected>', select)

    assert selected(f"status_{anne.pk}") == ["present"]
    assert selected(f"status_{bleuenn.pk}") == ["represented"]
    assert selected(f"represented_by_{bleuenn.pk}") == [str(anne.pk)]
    assert selected(f"status_{corentin.pk}") == ["excused"]
    assert selected(f"status_{chair.pk}") == [""]  # no answer: not recorded
    assert "Réponse à la convocation : Donne pouvoir." in unescape(page)


def test_attendance_with_a_proxy_is_recorded_and_shown_in_the_minutes(held, secretary, chair, members, client_as):
    anne, bleuenn, corentin = members.values()
    client = client_as(secretary)
    response = client.post(minutes_url(held, "attendance"), {
        f"status_{secretary.pk}": "present", f"status_{chair.pk}": "remote",
        f"status_{anne.pk}": "present", f"status_{bleuenn.pk}": "represented",
        f"represented_by_{bleuenn.pk}": str(anne.pk), f"status_{corentin.pk}": "",
    })
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=held).count() == 4

    write(held, secretary)
    page = page_text(client.get(minutes_url(held)))
    assert "Présent·e (2)" in page
    assert "Représenté·e (1) Bleuenn Le Bihan (représenté·e par Anne Le Bihan)" in page
    assert "À distance (1)" in page


def test_a_proxy_to_someone_absent_is_refused_on_its_line(held, secretary, members, client_as):
    anne, bleuenn, _corentin = members.values()
    response = client_as(secretary).post(minutes_url(held, "attendance"), {
        f"status_{anne.pk}": "excused", f"status_{bleuenn.pk}": "represented",
        f"represented_by_{bleuenn.pk}": str(anne.pk),
    })
    assert response.status_code == 400
    assert f'id="id_represented_by_{bleuenn.pk}_error"' in response.content.decode()
    assert "n'est pas indiqué·e présent·e" in page_text(response)
    assert not Attendance.objects.exists()


def test_attendance_before_the_meeting_is_closed_with_a_message(body, secretary, client_as):
    meeting = MeetingFactory(body=body, days_ahead=2)
    client = client_as(secretary)
    page = page_text(client.get(minutes_url(meeting, "attendance")))
    assert "Les présences sont relevées une fois la réunion commencée, le jeudi 12 mars 2026 à 14:00." in page
    response = client.post(minutes_url(meeting, "attendance"), {f"status_{secretary.pk}": "present"})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


# --- Query counts ---------------------------------------------------------------------------------

def make_full_meeting(body, secretary, scale: int):
    """A held meeting with 5*scale items with their texts, attendees, decisions and actions, and
    submitted minutes."""
    meeting = MeetingFactory(body=body, days_ahead=-7)
    MeetingFactory(body=body, days_ahead=-1)  # an approval meeting to offer
    items = [AgendaItemFactory(meeting=meeting, presenter=PersonFactory()) for _ in range(5 * scale)]
    minutes = MinutesFactory(meeting=meeting, status=MinutesStatus.SUBMITTED, summary="<p>Ouverture</p>")
    ItemMinutes.objects.bulk_create([ItemMinutes(minutes=minutes, item=item, text=f"<p>{item.title}</p>")
                                     for item in items])
    for n in range(3 * scale):
        person = PersonFactory()
        MembershipFactory(body=body, person=person)
        Attendance.objects.create(meeting=meeting, person=person, status=AttendanceStatus.PRESENT)
        decision = DecisionFactory(meeting=meeting, item=items[n % len(items)])
        ActionItemFactory(body=body, meeting=meeting, decision=decision, owner=person,
                          due_date=timezone.localdate() + dt.timedelta(days=n))
    return meeting


@pytest.mark.parametrize("scale", [1, 10])
def test_the_minutes_page_runs_the_same_queries_at_1x_and_10x(body, chair, client_as, scale,
                                                            django_assert_max_num_queries):
    meeting = make_full_meeting(body, chair, scale)
    client = client_as(chair)
    client.get(minutes_url(meeting))  # warm the per-process caches (content types, site), as a running server has them
    with django_assert_max_num_queries(18):
        response = client.get(minutes_url(meeting))
    assert response.status_code == 200
    assert page_text(response).count("Point n°") >= 5 * scale


@pytest.mark.parametrize("scale", [1, 10])
def test_the_attendance_page_runs_the_same_queries_at_1x_and_10x(body, secretary, client_as, scale,
                                                               django_assert_max_num_queries):
    meeting = make_full_meeting(body, secretary, scale)
    client = client_as(secretary)
    client.get(minutes_url(meeting, "attendance"))  # warm the per-process caches
    with django_assert_max_num_queries(16):
        response = client.get(minutes_url(meeting, "attendance"))
    assert response.status_code == 200
