"""Front-end URLs of tutorials and training paths. Each views module exports its own `urlpatterns`
(pages themselves are served by Wagtail under their sections)."""

from .views import content, paths, procedures

app_name = "tutorials"

urlpatterns: list = [
    # content (reading, index filters, freshness report), procedures (feedback, confirmations, local
    # notes) and paths (enrolments, progress, mentors) add their routes below.
]
urlpatterns += content.urlpatterns
urlpatterns += procedures.urlpatterns
urlpatterns += paths.urlpatterns
