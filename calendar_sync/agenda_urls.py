"""The network agenda, its feeds and its imports, mounted at /agenda/ (the rooms are at /salles/).
Each views module holds its own `urlpatterns`."""

from .views import agenda, feeds, imports

app_name = "agenda"

urlpatterns = [*feeds.urlpatterns, *imports.urlpatterns, *agenda.urlpatterns]
