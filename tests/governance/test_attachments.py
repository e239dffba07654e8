"""Attached documents: accepted on what they hold (not on their name), size-limited, their names
cleaned, kept out of any public path and served only to who may read them."""

import datetime as dt

import pytest
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from governance import attachments
from governance.models import Attachment, MembershipRole, ProposalStatus, ReadingRule
from governance.services import proposals as services
from intranet.roles import Role

from .factories import AgendaItemFactory, BodyFactory, MeetingFactory, ProposalFactory
from .files import (
    EXCEL,
    POWERPOINT,
    WORD,
    docx_bytes,
    exe_bytes,
    jpeg_bytes,
    odf_bytes,
    pdf_bytes,
    png_bytes,
    pptx_bytes,
    upload,
    xlsx_bytes,
)

REAL_FILES = [
    ("ordre-du-jour.pdf", pdf_bytes, "application/pdf"),
    ("note.docx", docx_bytes, WORD),
    ("budget.xlsx", xlsx_bytes, EXCEL),
    ("diaporama.pptx", pptx_bytes, POWERPOINT),
    ("note.odt", lambda: odf_bytes("text"), "application/vnd.oasis.opendocument.text"),
    ("budget.ods", lambda: odf_bytes("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
    ("diaporama.odp", lambda: odf_bytes("presentation"), "application/vnd.oasis.opendocument.presentation"),
    ("plan.png", png_bytes, "image/png"),
    ("photo.jpg", jpeg_bytes, "image/jpeg"),
    ("prets.csv", lambda: "commune;prêts\nPlouvenec;1200\n".encode(), "text/csv"),
    ("notes.txt", lambda: "Points à voir\r\n- horaires\n".encode("cp1252"), "text/plain"),
]


def refused_message(name: str, content: bytes) -> str:
    with pytest.raises(attachments.AttachmentRefused) as refused:
        attachments.check(upload(name, content))
    return refused.value.message


@pytest.mark.parametrize(("name", "make", "content_type"), REAL_FILES, ids=[row[0] for row in REAL_FILES])
def test_a_real_file_of_each_accepted_type_is_accepted_with_its_own_type(name, make, content_type):
    checked = attachments.check(upload(name, make(), content_type="application/x-whatever"))
    assert checked.name == name
    assert checked.content_type == content_type  # the allow-list's, not the browser's claim


def test_a_program_renamed_pdf_is_refused():
    message = refused_message("ordre-du-jour.pdf", exe_bytes())
    assert message == _("« %(name)s » does not hold what its name says (%(kind)s): it is not accepted.") % {
        "name": "ordre-du-jour.pdf", "kind": _("a PDF document")}


def test_a_docx_that_holds_a_pdf_is_refused():
    assert "note.docx" in refused_message("note.docx", pdf_bytes())


def test_a_pdf_renamed_docx_is_refused_and_a_docx_renamed_pdf_too():
    refused_message("note.docx", pdf_bytes())
    refused_message("note.pdf", docx_bytes())


def test_a_macro_enabled_document_renamed_docx_is_refused():
    macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    refused_message("note.docx", docx_bytes(main_type=macro_type))
    refused_message("note.docx", docx_bytes(extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]))


def test_an_excel_workbook_named_docx_is_refused():
    refused_message("note.docx", xlsx_bytes())


def test_an_opendocument_of_another_kind_or_without_its_mimetype_first_is_refused():
    refused_message("note.odt", odf_bytes("spreadsheet"))
    refused_message("note.odt", docx_bytes())


def test_a_binary_file_named_txt_is_refused():
    refused_message("notes.txt", exe_bytes())


@pytest.mark.parametrize("name", ["outil.exe", "page.html", "dessin.svg", "archive.zip", "sans-extension"])
def test_a_type_outside_the_allow_list_is_refused_whatever_it_holds(name):
    message = refused_message(name, pdf_bytes())
    assert message == _("« %(name)s »: this kind of file is not accepted. Attach a %(types)s file.") % {
        "name": name, "types": attachments.accepted_types_text()}


def test_a_file_larger_than_the_setting_is_refused(settings):
    settings.GOVERNANCE_ATTACHMENT_MAX_BYTES = 1000
    message = refused_message("gros.pdf", pdf_bytes() + b"%" * 1000)
    assert message == _("« %(name)s » is too large (%(size)s): files up to %(limit)s are accepted.") % {
        "name": "gros.pdf", "size": filesizeformat(len(pdf_bytes()) + 1000), "limit": filesizeformat(1000)}


def test_the_default_limit_is_ten_megabytes():
    assert settings.GOVERNANCE_ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024


def test_an_empty_file_is_refused():
    assert refused_message("vide.pdf", b"") == _("« %(name)s » is empty.") % {"name": "vide.pdf"}


@pytest.mark.parametrize(("given", "kept"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\Soizic\\Rapport annuel.PDF", "Rapport annuel.pdf"),
    ("rap\u202eport\u200b.pdf", "rapport.pdf"),  # a bidi override and a zero-width space
    ("note\x00\r\n.pdf", "note.pdf"),
    ('a<b>:"c"?.pdf', "a_b_c_.pdf"),
    (".pdf", "pdf"),  # no hidden file: then it has no accepted extension
    ("dossier/", None),
])
def test_the_name_kept_has_no_folder_and_no_invisible_or_forbidden_character(given, kept):
    assert attachments.clean_name(given) == (kept or _("document"))


def test_a_long_name_is_shortened_and_keeps_its_extension():
    name = attachments.clean_name("compte-rendu-" + "très-long-" * 30 + ".docx")
    assert len(name) == attachments.MAX_NAME_LENGTH
    assert name.endswith(".docx")


# --- Stored privately, served to who may read --------------------------------------------------------

@pytest.fixture
def pending_with_file(meeting, proposer):
    return services.proposal_create(meeting=meeting, by=proposer, title="Horaires d'été", kind="discussion",
                                    duration_minutes=20, files=[upload("horaires.pdf", pdf_bytes("Horaires"))])


def test_an_attached_file_is_stored_in_the_private_folder_and_not_under_media(pending_with_file):
    attachment = pending_with_file.attachments.get()
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with open(path, "rb") as stored:
        assert stored.read() == pdf_bytes("Horaires")
    assert attachment.size == len(pdf_bytes("Horaires"))
    assert attachment.content_type == "application/pdf"


def test_the_proposer_downloads_their_file_as_an_attachment_that_is_never_sniffed(pending_with_file, proposer,
                                                                                     client_as):
    attachment = pending_with_file.attachments.get()
    response = client_as(proposer).get(reverse("governance:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes("Horaires")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="horaires.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_another_member_gets_404_for_the_file_of_a_pending_proposal(pending_with_file, member, body, join,
                                                                     client_as):
    colleague = member(Role.STAFF, first_name="Erwan")
    join(body, colleague)
    attachment = pending_with_file.attachments.get()
    assert client_as(colleague).get(reverse("governance:attachment", args=[attachment.pk])).status_code == 404


def test_the_secretary_downloads_the_file_of_a_proposal_to_review(pending_with_file, secretary, client_as):
    attachment = pending_with_file.attachments.get()
    assert client_as(secretary).get(reverse("governance:attachment", args=[attachment.pk])).status_code == 200


def test_a_rejected_proposals_file_stays_for_the_proposer_and_reviewers_only(pending_with_file, secretary, proposer,
                                                                            client_staff, client_as):
    services.proposal_reject(proposal=pending_with_file, by=secretary, reason="Hors du champ du comité.")
    url = reverse("governance:attachment", args=[pending_with_file.attachments.get().pk])
    assert client_as(proposer).get(url).status_code == 200
    assert client_as(secretary).get(url).status_code == 200
    assert client_staff.get(url).status_code == 404  # sees the body, is not a reviewer


def test_an_agenda_items_document_is_for_whoever_sees_the_body(pending_with_file, secretary, client_staff,
                                                                client_volunteer):
    services.proposal_accept(proposal=pending_with_file, by=secretary)
    attachment = Attachment.objects.get()
    assert attachment.item is not None and attachment.proposal_id == pending_with_file.pk
    url = reverse("governance:attachment", args=[attachment.pk])
    assert client_staff.get(url).status_code == 200  # all staff read the COTECH
    assert client_volunteer.get(url).status_code == 404  # volunteers do not


def test_a_non_member_gets_404_for_a_document_of_a_members_only_body(client_staff, client_coordination, member, join):
    body = BodyFactory(title="Cellule de coordination", reading_rule=ReadingRule.MEMBERS)
    item = AgendaItemFactory(meeting=MeetingFactory(body=body))
    insider = member(Role.STAFF)
    join(body, insider, MembershipRole.MEMBER)
    attachment = Attachment(item=item, name="budget.pdf", content_type="application/pdf", size=10)
    attachment.file.save("budget.pdf", upload("budget.pdf", pdf_bytes()), save=True)
    url = reverse("governance:attachment", args=[attachment.pk])
    assert client_staff.get(url).status_code == 404
    assert client_coordination.get(url).status_code == 200


def test_a_guessed_number_gets_404(client_staff):
    assert client_staff.get(reverse("governance:attachment", args=[999999])).status_code == 404


def test_a_file_missing_from_the_disk_gets_404_not_an_error(pending_with_file, proposer, client_as):
    attachment = pending_with_file.attachments.get()
    attachment.file.storage.delete(attachment.file.name)
    assert client_as(proposer).get(reverse("governance:attachment", args=[attachment.pk])).status_code == 404


def test_a_withdrawn_proposals_file_stays_with_its_proposer(meeting, proposer, client_as):
    proposal = ProposalFactory(meeting=meeting, proposer=proposer, status=ProposalStatus.WITHDRAWN,
                               decided_at=meeting.start - dt.timedelta(days=9))
    attachment = Attachment(proposal=proposal, name="a.pdf", content_type="application/pdf", size=10)
    attachment.file.save("a.pdf", upload("a.pdf", pdf_bytes()), save=True)
    assert client_as(proposer).get(reverse("governance:attachment", args=[attachment.pk])).status_code == 200
