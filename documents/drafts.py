"""Word files turned into draft tutorials (the Drive import's --as-drafts): the text through mammoth
(headings, lists, bold, italic, links), cleaned by THE cleaner (intranet.text.clean_html), then
reduced to what the tutorial body's rich text allows (tutorials.blocks.TEXT_FEATURES, through
Wagtail's own converter); images embedded in the file become Wagtail images in the « Tutoriels et
procédures » folder and image blocks where they stood. The page is never published: a draft with a
revision, which editors review and publish through moderation as usual.

Bounded: the file's unpacked size, the HTML's size, the number and size of images (checked to be
PNG, JPEG or GIF by their signature and read by Pillow); a file with nothing to show is refused."""

import io
import re
import secrets
import zipfile
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from intranet.text import clean_html, clean_line

from .errors import Refused

MAX_DOCX_BYTES = 50 * 1024 * 1024  # the Word file itself (uploads stop at DOCUMENTS_MAX_BYTES before)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # the Word file's parts, unzipped
MAX_HTML_CHARS = 2_000_000
MAX_IMAGES = 30
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_SUMMARY = 300

IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"GIF87a": "gif", b"GIF89a": "gif"}

# Word's headings: the page's title is its h1, so the document's levels start at h2.
STYLE_MAP = """
p.Title => h2:fresh
p.Heading1 => h2:fresh
p.Heading2 => h3:fresh
p.Heading3 => h3:fresh
p.Heading4 => h3:fresh
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h3:fresh
p[style-name='Heading 4'] => h3:fresh
b => strong
i => em
u =>
strike =>
"""


@dataclass
class _Image:
    data: bytes
    extension: str
    alt_text: str


def image_kind(data: bytes) -> str | None:
    """"png", "jpg" or "gif" when the bytes start as such an image does, else None."""
    return next((kind for signature, kind in IMAGE_SIGNATURES.items() if data.startswith(signature)), None)


def _readable_image(data: bytes) -> bool:
    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            picture.verify()
    except Exception:
        return False
    return 0 < width * height <= MAX_IMAGE_PIXELS


def _seekable(file):
    """The file itself when it can seek (an upload, a stored file), else its bytes, bounded (a member
    read from a Takeout's zip may not seek)."""
    seekable = getattr(file, "seekable", None)
    if callable(seekable) and seekable():
        return file
    data = file.read(MAX_DOCX_BYTES + 1)
    if len(data) > MAX_DOCX_BYTES:
        raise Refused(_("This Word file is too large to become a tutorial."))
    return io.BytesIO(data)


def _check_package(file) -> None:
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Refused(_("This Word file could not be read.")) from error
    file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(_("This Word file is too large once unpacked to become a tutorial."))


def docx_to_html(file) -> tuple[str, list[_Image], str]:
    """(cleaned HTML where each kept image is a marker, the images, the marker's pattern)."""
    import mammoth

    file = _seekable(file)
    _check_package(file)
    nonce = secrets.token_hex(8)
    images: list[_Image] = []

    def convert_image(image):
        if len(images) >= MAX_IMAGES:
            return []
        with image.open() as stream:
            data = stream.read(MAX_IMAGE_BYTES + 1)
        kind = image_kind(data)
        if len(data) > MAX_IMAGE_BYTES or kind is None or not _readable_image(data):
            return []  # not an image we keep: dropped
        images.append(_Image(data, kind, clean_line(image.alt_text or "")[:255]))
        return [mammoth.html.text(f" [[image-{nonce}-{len(images) - 1}]] ")]

    try:
        result = mammoth.convert_to_html(file, style_map=STYLE_MAP, convert_image=convert_image)
    except Exception as error:
        raise Refused(_("This Word file could not be read.")) from error
    html = result.value
    if len(html) > MAX_HTML_CHARS:
        raise Refused(_("This Word file is too long to become a tutorial."))
    # Only h2 and h3 in a tutorial's text; the cleaner would escape an h1 rather than keep it.
    html = re.sub(r"<(/?)h1\b", r"<\1h2", html)
    html = re.sub(r"<(/?)h[4-6]\b", r"<\1h3", html)
    return clean_html(html), images, rf"\[\[image-{nonce}-(\d+)\]\]"


def _body_blocks(html: str, marker: str) -> list[tuple[str, object]]:
    """The StreamField body: 'text' blocks (rich text in Wagtail's format, only the block's features)
    and ('image', index) where an image stood (after the paragraph that held it)."""
    from bs4 import BeautifulSoup
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    from tutorials.blocks import TEXT_FEATURES

    converter = ContentstateConverter(TEXT_FEATURES)
    blocks: list[tuple[str, object]] = []
    pending: list[str] = []

    def flush():
        text = converter.to_database_format(converter.from_database_format("".join(pending)))
        pending.clear()
        if BeautifulSoup(text, "html.parser").get_text(strip=True):
            blocks.append(("text", text))

    for node in BeautifulSoup(html, "html.parser").contents:
        fragment = str(node)
        found = [int(index) for index in re.findall(marker, fragment)]
        if not found:
            pending.append(fragment)
            continue
        pending.append(re.sub(marker, "", fragment))
        flush()
        blocks.extend(("image", index) for index in found)
    if pending:
        flush()
    return blocks


def _summary(blocks, fallback: str) -> str:
    from bs4 import BeautifulSoup

    for kind, value in blocks:
        if kind == "text":
            for paragraph in BeautifulSoup(value, "html.parser").find_all("p"):
                text = clean_line(paragraph.get_text(" ", strip=True))
                if text:
                    return text if len(text) <= MAX_SUMMARY else text[:MAX_SUMMARY - 1].rstrip() + "…"
    return fallback[:MAX_SUMMARY]


def _unique_slug(parent, title: str) -> str:
    base = (slugify(title) or "tutoriel")[:200]
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _import_topic():
    from tutorials.models import Topic

    topic, _made = Topic.objects.get_or_create(slug="a-classer", defaults={"name": _("To sort (imported)"),
                                                                            "order": 1000})
    return topic


def _store_images(images: list[_Image], *, title: str, by) -> list:
    from wagtail.images import get_image_model

    from .models import FolderKey
    from .services import well_known_folder

    Image = get_image_model()
    folder = well_known_folder(FolderKey.TUTORIALS)
    stored = []
    for number, image in enumerate(images, start=1):
        picture = Image(title=(_("%(title)s, image %(number)d") % {"title": title, "number": number})[:255],
                        collection=folder, uploaded_by_user=by)
        picture.file = ImageFile(io.BytesIO(image.data), name=f"tutoriel-{number}.{image.extension}")
        picture._set_image_file_metadata()
        picture.save()
        stored.append(picture)
    return stored


def draft_tutorial_from_docx(file, *, title: str, by, source_path: str = ""):
    """A draft tutorials.TutorialPage made from a Word file (already content-checked), never
    published: its revision waits for an editor. Refused (with the reason) when the file cannot be
    read or holds nothing to show."""
    from intranet.selectors import person_for_user
    from tutorials.models import Audience, Kind, TutorialIndexPage, TutorialPage

    from .services import clean_title

    title = clean_title(title, fallback=source_path.rsplit("/", 1)[-1] or _("Imported tutorial"))
    html, images, marker = docx_to_html(file)
    blocks = _body_blocks(html, marker)
    if not blocks:
        raise Refused(_("This Word file holds no text or image to make a tutorial from."))
    index = TutorialIndexPage.objects.first()
    if index is None:
        raise Refused(_("There is no tutorials section to put the draft in."))
    user = by if getattr(by, "is_authenticated", False) else None
    name = source_path.rsplit("/", 1)[-1] or title
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            pictures = _store_images(images, title=title, by=user)
            stored_files = [picture.file.name for picture in pictures]
            body = [("image", {"image": pictures[value], "decorative": False,
                               "alt_text": images[value].alt_text or pictures[value].title})
                    if kind == "image" else (kind, value) for kind, value in blocks]
            page = TutorialPage(
                title=title, slug=_unique_slug(index, title), live=False, has_unpublished_changes=True,
                kind=Kind.TUTORIAL, audience=Audience.STAFF, topic=_import_topic(),
                summary=_summary(blocks, _("Made from the Word file « %(name)s »: to review.") % {"name": name}),
                owner=user, owner_person=person_for_user(user) if user else None,
                last_reviewed=timezone.localdate(), review_interval_months=12, body=body,
            )
            index.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
    except BaseException:
        if stored_files:
            from wagtail.images import get_image_model

            storage = get_image_model()._meta.get_field("file").storage
            for name in stored_files:
                storage.delete(name)
        raise
    return page
