"""Word files become draft tutorials: headings, lists, bold and safe links kept, scripts escaped,
dangerous links dropped, embedded images kept as Wagtail images (and anything else posing as an
image dropped); the page is a draft that editors review, invisible on the site until published."""

import io
import zipfile

import pytest
from wagtail.images import get_image_model

from documents import drafts, samples, services
from documents.errors import Refused
from documents.models import FolderKey
from tutorials.models import TutorialIndexPage, TutorialPage

pytestmark = pytest.mark.django_db

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_REL = f"{R}/image"


def drawing(rel_id: str, alt: str) -> str:
    return (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        f'<wp:extent cx="9525" cy="9525"/><wp:docPr id="1" name="Image" descr="{alt}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill>'
        f'<a:blip r:embed="{rel_id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline>'
        "</w:drawing></w:r>"
    )


def paragraph(text: str, style: str = "", bold: bool = False, bullet: bool = False) -> str:
    properties = ""
    if style:
        properties += f'<w:pStyle w:val="{style}"/>'
    if bullet:
        properties += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f"<w:p><w:pPr>{properties}</w:pPr><w:r>{run_properties}<w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


NUMBERING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W}">'
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
)


PNG = samples.png_bytes()


def word_file(body: str, *, media=(("rId5", "media/image1.png", PNG),),
              links=(("rId6", "javascript:alert(1)"), ("rId7", "https://bibliotheques.example.org/"))) -> io.BytesIO:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}">'
                f"<w:body>{body}</w:body></w:document>")
    relationships = "".join(f'<Relationship Id="{rel}" Type="{IMAGE_REL}" Target="{target}"/>'
                            for rel, target, _data in media)
    relationships += "".join(f'<Relationship Id="{rel}" Type="{R}/hyperlink" Target="{url}" TargetMode="External"/>'
                             for rel, url in links)
    relationships += f'<Relationship Id="rId9" Type="{R}/numbering" Target="numbering.xml"/>'
    rels = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{RELS}">{relationships}' \
           "</Relationships>"
    content = samples.docx_bytes(extra=[
        ("word/_rels/document.xml.rels", rels.encode()), ("word/numbering.xml", NUMBERING.encode()),
        *((f"word/{target}", data) for _rel, target, data in media)])
    # docx_bytes wrote a one-paragraph document: put ours in its place, with png declared.
    source = io.BytesIO(content)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = document.encode()
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"<Default Extension=\"xml\"",
                                    b'<Default Extension="png" ContentType="image/png"/><Default Extension="xml"')
            package.writestr(item.filename, data)
    out.seek(0)
    return out


RICH_BODY = (
    paragraph("Prêter une liseuse", style="Heading1")
    + paragraph("Avant le prêt", style="Heading2")
    + paragraph("Vérifier la charge", bold=True)
    + paragraph("Chargeur", bullet=True) + paragraph("Housse", bullet=True)
    + paragraph("<script>alert('x')</script> ne doit pas s’exécuter".replace("<", "&lt;").replace(">", "&gt;"))
    + '<w:p><w:hyperlink r:id="rId6"><w:r><w:t>lien piégé</w:t></w:r></w:hyperlink></w:p>'
    + '<w:p><w:hyperlink r:id="rId7"><w:r><w:t>site du réseau</w:t></w:r></w:hyperlink></w:p>'
    + f"<w:p>{drawing('rId5', 'La liseuse allumée')}</w:p>"
    + paragraph("Fin de la procédure.")
)


@pytest.fixture
def draft(coordination_user):
    return drafts.draft_tutorial_from_docx(word_file(RICH_BODY), title="Prêt de liseuses", by=coordination_user,
                                           source_path="Drive/Procédures/Prêt de liseuses.docx")


def body_html(page) -> str:
    return "".join(str(block.value.source) for block in page.body if block.block_type == "text")


def test_the_draft_keeps_headings_lists_bold_and_safe_links(draft):
    html = body_html(draft)
    assert "Prêter une liseuse</h2>" in html
    assert "Avant le prêt</h3>" in html
    assert "<b>Vérifier la charge</b>" in html
    assert "<ul>" in html and "Chargeur</li>" in html and "Housse</li>" in html
    assert '<a href="https://bibliotheques.example.org/">site du réseau</a>' in html
    assert "<h1" not in html


def test_the_draft_drops_a_javascript_link_and_escapes_script_text(draft):
    html = body_html(draft)
    assert "javascript" not in html and "lien piégé" in html
    assert "<script" not in html and "&lt;script&gt;" in html


def test_an_embedded_png_becomes_an_image_block_with_a_wagtail_image(draft):
    kinds = [block.block_type for block in draft.body]
    assert kinds.count("image") == 1
    assert kinds.index("image") < len(kinds) - 1  # where it stood: the last paragraph follows
    image = next(block.value for block in draft.body if block.block_type == "image")
    assert isinstance(image, get_image_model())
    assert image.collection == services.well_known_folder(FolderKey.TUTORIALS)
    assert (image.width, image.height) == (1, 1)
    assert image.contextual_alt_text == "La liseuse allumée"
    assert image.file.storage.exists(image.file.name)


def test_a_file_posing_as_an_image_is_dropped(coordination_user):
    page = drafts.draft_tutorial_from_docx(
        word_file(paragraph("Texte") + f"<w:p>{drawing('rId5', 'faux')}</w:p>",
                  media=(("rId5", "media/image1.png", b"<html>not an image</html>"),)),
        title="Sans image", by=coordination_user)
    assert [block.block_type for block in page.body] == ["text"]
    assert not get_image_model().objects.exists()


def test_the_page_is_a_draft_under_the_tutorials_section(draft, coordination_user):
    draft.refresh_from_db()
    assert not draft.live and draft.has_unpublished_changes
    assert draft.latest_revision is not None and draft.latest_revision.user == coordination_user
    assert draft.get_parent().specific_class is TutorialIndexPage
    assert draft.owner_person == coordination_user.person
    assert draft.summary == "Vérifier la charge"
    assert draft.review_due.year == 2027


def test_staff_do_not_see_the_draft_on_the_site(draft, client_staff):
    assert client_staff.get(draft.url).status_code == 404
    index = TutorialIndexPage.objects.get()
    assert "Prêt de liseuses" not in client_staff.get(index.url).content.decode()


def test_coordination_reviews_the_draft_in_the_admin(draft, client_coordination):
    response = client_coordination.get(f"/admin/pages/{draft.pk}/edit/")
    assert response.status_code == 200 and "Prêt de liseuses" in response.content.decode()


def test_two_drafts_of_the_same_title_get_their_own_slug(draft, coordination_user):
    again = drafts.draft_tutorial_from_docx(word_file(paragraph("Autre")), title="Prêt de liseuses",
                                            by=coordination_user)
    assert again.slug != draft.slug
    assert TutorialPage.objects.filter(title="Prêt de liseuses").count() == 2


def test_an_empty_word_file_is_refused_and_nothing_is_made(coordination_user):
    with pytest.raises(Refused) as refused:
        drafts.draft_tutorial_from_docx(word_file(paragraph(" "), media=()), title="Vide", by=coordination_user)
    assert refused.value.message == "Ce fichier Word ne contient ni texte ni image dont faire un tutoriel."
    assert not TutorialPage.objects.filter(title="Vide").exists()


def test_a_broken_word_file_is_refused(coordination_user):
    with pytest.raises(Refused):
        drafts.draft_tutorial_from_docx(io.BytesIO(b"PK\x03\x04 broken"), title="Cassé", by=coordination_user)


def test_images_beyond_the_limit_are_dropped(coordination_user, monkeypatch):
    monkeypatch.setattr(drafts, "MAX_IMAGES", 1)
    media = (("rId5", "media/image1.png", samples.png_bytes()), ("rId8", "media/image2.png", samples.png_bytes()))
    page = drafts.draft_tutorial_from_docx(
        word_file(f"<w:p>{drawing('rId5', 'un')}</w:p><w:p>{drawing('rId8', 'deux')}</w:p>", media=media),
        title="Deux images", by=coordination_user)
    assert [block.block_type for block in page.body] == ["image"]


def test_a_too_long_file_is_refused(coordination_user, monkeypatch):
    monkeypatch.setattr(drafts, "MAX_HTML_CHARS", 50)
    with pytest.raises(Refused):
        drafts.draft_tutorial_from_docx(word_file(paragraph("x" * 200), media=()), title="Long", by=coordination_user)


def test_a_draft_failing_midway_leaves_no_image_behind(coordination_user, monkeypatch):
    stored = []
    store_images = drafts._store_images

    def recording(*args, **kwargs):
        pictures = store_images(*args, **kwargs)
        stored.extend((picture.file.storage, picture.file.name) for picture in pictures)
        return pictures

    def broken():
        raise RuntimeError("database gone")

    monkeypatch.setattr(drafts, "_store_images", recording)
    monkeypatch.setattr(drafts, "_import_topic", broken)
    with pytest.raises(RuntimeError):
        drafts.draft_tutorial_from_docx(word_file(RICH_BODY), title="Interrompu", by=coordination_user)
    assert not get_image_model().objects.exists()
    assert len(stored) == 1 and not any(storage.exists(name) for storage, name in stored)
    assert not TutorialPage.objects.filter(title="Interrompu").exists()


def test_a_draft_needs_no_user(db):
    page = drafts.draft_tutorial_from_docx(word_file(paragraph("Texte importé")), title="", by=None,
                                           source_path="Drive/Accueil/Horaires d’été.docx")
    assert page.title == "Horaires d’été" and page.owner_person is None and not page.live


class OneWayStream(io.RawIOBase):
    """A stream that reads forward only, as some zip members do."""

    def __init__(self, data: bytes):
        self._data = io.BytesIO(data)

    def readable(self):
        return True

    def seekable(self):
        return False

    def readinto(self, buffer):
        chunk = self._data.read(len(buffer))
        buffer[:len(chunk)] = chunk
        return len(chunk)


def test_a_stream_that_cannot_seek_is_read_too(coordination_user):
    page = drafts.draft_tutorial_from_docx(OneWayStream(word_file(paragraph("Lu d’un trait"), media=()).getvalue()),
                                           title="Flux", by=coordination_user)
    assert "Lu d’un trait" in body_html(page)
