"""The Wagtail admin as a second front door to the library (DESIGN §8): choosers, listings, search and
bulk actions of documents follow the folders' access (documents.permissions), through our permission
policy (documents.admin_policy); a document one may not read is 404 on its admin pages as on the site;
Coordination sets who reads and adds to each folder on the « Dossiers » screen (views_admin)."""

import functools

from django.http import Http404
from django.shortcuts import get_list_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents import get_document_model
from wagtail.permissions import register_permission_policy

from . import permissions
from .admin_policy import DocumentPermissionPolicy
from .views import admin as admin_views

# Registered for our model exactly, so it wins over the policy wagtail.documents registers in its
# ready() whatever the order of the apps.
register_permission_policy(
    get_document_model(),
    DocumentPermissionPolicy("documents.NetworkDocument", auth_model="wagtaildocs.Document",
                             owner_field_name="uploaded_by_user"),
    exact_class=True,
)


@hooks.register("construct_document_chooser_queryset")
def chooser_only_readable(documents, request):
    # The policy filters already; kept so a chooser built on another queryset still follows the rule.
    # The chooser shows each document's folder: fetched with it, not once a row.
    return documents.filter(permissions.readable_documents_q(request.user)).select_related("collection")


@hooks.register("construct_admin_api", order=100)
def admin_api_only_readable(router):
    # Wagtail's admin API lists every document (it knows only view restrictions): ours, registered
    # after it under the same name, lists the readable ones.
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet

    class ReadableDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
        def get_queryset(self):
            return super().get_queryset().filter(permissions.readable_documents_q(self.request.user))

    router.register_endpoint("documents", ReadableDocumentsAdminAPIViewSet)


def _readable_or_404(view, kwarg: str):
    """Wagtail's document pages answer 403 for a document one may not change; one that one may not
    even read does not exist (404), as on the site."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        collection_id = (get_document_model().objects.filter(pk=str(kwargs.get(kwarg, "")))
                         .values_list("collection_id", flat=True).first()
                         if str(kwargs.get(kwarg, "")).isdigit() else None)
        if collection_id is None or not permissions.can_read_folder(request.user, collection_id):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _guarded_document_urls():
    from wagtail.documents.views import chooser, documents, multiple

    # Same paths as Wagtail's (admin/documents/...), listed before them: ours answer first.
    return [
        path("documents/edit/<int:document_id>/",
             _readable_or_404(documents.EditView.as_view(), "document_id")),
        path("documents/delete/<int:document_id>/",
             _readable_or_404(documents.DeleteView.as_view(), "document_id")),
        path("documents/usage/<int:document_id>/",
             _readable_or_404(documents.UsageView.as_view(), "document_id")),
        path("documents/multiple/<int:doc_id>/", _readable_or_404(multiple.EditView.as_view(), "doc_id")),
        path("documents/multiple/<int:doc_id>/delete/",
             _readable_or_404(multiple.DeleteView.as_view(), "doc_id")),
        path("documents/chooser/chosen/<str:pk>/", _readable_or_404(chooser.DocumentChosenView.as_view(), "pk")),
    ]


@hooks.register("register_admin_urls", order=-10)
def admin_urls():
    return [
        *_guarded_document_urls(),
        path("dossiers/", admin_views.folder_list, name="documents_folders"),
        path("dossiers/<int:pk>/", admin_views.folder_access_edit, name="documents_folder_access"),
    ]


def _readable_bulk_action(action_class):
    """Wagtail's bulk action, on the documents one may read only: the others are neither touched nor
    named (Wagtail lists by title the chosen items one may not change)."""

    class ReadableOnly(action_class):
        def get_queryset(self, model, object_ids):
            return get_list_or_404(model.objects.filter(permissions.readable_documents_q(self.request.user)),
                                   pk__in=object_ids)

    ReadableOnly.__name__ = ReadableOnly.__qualname__ = f"Readable{action_class.__name__}"
    return ReadableOnly


def _register_bulk_actions():
    from wagtail.documents.views.bulk_actions import AddTagsBulkAction, AddToCollectionBulkAction, DeleteBulkAction

    for action_class in (AddTagsBulkAction, AddToCollectionBulkAction, DeleteBulkAction):
        # Scanned after Wagtail's own (order): ours replace them for our model.
        hooks.register("register_bulk_action", _readable_bulk_action(action_class), order=100)


_register_bulk_actions()


class CoordinationMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_set_access(request.user)


@hooks.register("register_admin_menu_item")
def folders_menu_item():
    return CoordinationMenuItem(_("Folders"), reverse("documents_folders"), name="documents-folders",
                                icon_name="folder-open-inverse", order=410)
