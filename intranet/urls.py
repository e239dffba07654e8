from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from . import data_views, views
from .csp import admin_policy
from .page_permissions import refuse_hidden_pages

# The admin's Content-Security-Policy allows its inline scripts; the site's does not (intranet/csp.py).
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, admin_policy)
# An admin URL that names a page the person may not read on the site answers 404 (the explorer
# and the page chooser would show its title while browsing into it).
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, refuse_hidden_pages)

directory_patterns = (
    [
        path("", views.directory, name="people"),
        path("personnes/<int:pk>/", views.person_detail, name="person"),
        path("bibliotheques/<slug:slug>/", views.library_detail, name="library"),
        path("personnes/<int:pk>/depart/", data_views.person_leave, name="person_leave"),
        path("departs/", data_views.departure_list, name="departures"),
    ],
    "directory",
)

urlpatterns = [
    path("health/", views.health, name="health"),
    path("comptes/", include("allauth.urls")),
    # One login for everything: Wagtail's own login and logout pages hand over to the site's.
    path("admin/login/", views.admin_login, name="admin_login"),
    path("admin/logout/", views.admin_logout, name="admin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("documents.urls")),  # the section; Wagtail's file URLs below, same prefix
    path("documents/", include(wagtaildocs_urls)),
    path("annuaire/", include(directory_patterns)),
    path("profil/", views.profile, name="profile"),
    path("profil/donnees/", data_views.my_data, name="my_data"),
    path("profil/donnees/mes-donnees.zip", data_views.my_data_export, name="my_data_export"),
    path("search/", views.search, name="search"),
    path("salles/", include("calendar_sync.urls")),
    path("agenda/", include("calendar_sync.agenda_urls")),
    path("gouvernance/", include("governance.urls")),
    path("formation/", include("tutorials.urls")),  # pages themselves: /tutoriels/..., /parcours/...
    path("competences/", include("skills_map.urls")),
    path("accessibilite/", views.accessibility_statement, name="accessibility"),
    path("confidentialite/", views.privacy_notice, name="privacy"),
    path("confidentialite/benevoles/", views.privacy_volunteers, name="privacy_volunteers"),
    path("langue/", login_not_required(set_language), name="set_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Feature apps add their URLs above this line as their issues land; Wagtail's catch-all stays last.
urlpatterns += [path("", include(wagtail_urls))]
