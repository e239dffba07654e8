"""The blocks of a tutorial's body. Editors write rich text through Wagtail's editor, whose HTML is
rebuilt from its own allow-list on save (no raw-HTML block exists, so no script can be stored)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr"]
STEP_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    """A numbered step: the table of contents is built from their titles, and a library's local
    notes hang under a given step (by the block's id, which Wagtail keeps across revisions)."""

    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.RichTextBlock(features=STEP_FEATURES, label=_("Text"))
    image = ImageBlock(label=_("Image"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "tutorials/blocks/step.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
                              default="info", label=_("Kind"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "tutorials/blocks/callout.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=200,
                             help_text=_("Leave empty to show the document's title."))

    class Meta:
        icon = "doc-full"
        label = _("Document to download")
        template = "tutorials/blocks/document.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=200)
    items = blocks.ListBlock(blocks.CharBlock(max_length=300, label=_("Item")), label=_("Items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "tutorials/blocks/checklist.html"


class TutorialBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label=_("Text"))
    step = StepBlock()
    callout = CalloutBlock()
    image = ImageBlock(label=_("Image"))
    document = DocumentBlock()
    video = EmbedBlock(label=_("Video"), help_text=_("The address of a video (PeerTube, YouTube, Vimeo...)."))
    checklist = ChecklistBlock()
