"""Downloading an attached document. Files live in PRIVATE_MEDIA_ROOT, never under a public path:
this view is the only way to them, and it answers 404 to whoever may not read the document (as if
it did not exist): an agenda item's document is for whoever sees the body; a proposal's, for its
proposer and the body's reviewers (governance.selectors.proposals.may_download)."""

from django.http import FileResponse, Http404, HttpRequest
from django.urls import path

from ..selectors import proposals as selectors


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = selectors.attachment_detail(pk)
    if attachment is None or not selectors.may_download(request.user, attachment):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=attachment.name,
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Opened by mistake in a tab anyway, it runs nothing and reaches nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


urlpatterns = [path("pieces-jointes/<int:pk>/", attachment_download, name="attachment")]
