"""The « Documents » section: /documents/ (its patterns come before Wagtail's file URLs,
/documents/<id>/<name>, which documents.wagtail_hooks closes to who may not read the folder).
Each family of pages is a module of documents/views exporting its `urlpatterns`."""

from .views import browse, files, search

app_name = "documents"

urlpatterns = [*browse.urlpatterns, *search.urlpatterns, *files.urlpatterns]
