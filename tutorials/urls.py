"""Front-end URLs of tutorials and training paths. Each views module exports its own `urlpatterns`
(pages themselves are served by Wagtail under their sections)."""

app_name = "tutorials"

urlpatterns: list = [
    # content (reading, index filters, freshness report), procedures (feedback, confirmations, local
    # notes) and paths (enrolments, progress, mentors) add their routes below.
]

from .views import paths  # noqa: E402

urlpatterns += paths.urlpatterns
