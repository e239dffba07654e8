"""The Wagtail admin is a second front door. Wagtail opens the chooser of every snippet, and the
confirmation page of every bulk action, to anyone who reaches the admin, whatever their rights on
the model: both list objects by name. The project's snippets close those doors here, once, for
every app:

- `GuardedSnippetChooserViewSet`: a snippet's chooser only for who holds a permission on its model
  (`SnippetViewSet.chooser_viewset_class`; a feature app subclasses its views to change what the
  chooser shows, as calendar_sync does for private bookings);
- `GuardedDeleteBulkAction`: the bulk delete of any snippet only for who may delete that model
  (registered in intranet/wagtail_hooks.py, in place of Wagtail's own).
"""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views import chooser as snippet_chooser

ANY_PERMISSION = ("add", "change", "delete", "view")


class ModelPermissionRequired:
    """A chooser view for who holds any permission on the chooser's model."""

    def dispatch(self, request, *args, **kwargs):
        policy = self.model.snippet_viewset.permission_policy
        if not policy.user_has_any_permission(request.user, ANY_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class GuardedChooseView(ModelPermissionRequired, snippet_chooser.ChooseView):
    pass


class GuardedChooseResultsView(ModelPermissionRequired, snippet_chooser.ChooseResultsView):
    pass


class GuardedChosenView(ModelPermissionRequired, snippet_chooser.SnippetChosenView):
    pass


class GuardedChosenMultipleView(ModelPermissionRequired, snippet_chooser.SnippetChosenMultipleView):
    pass


class GuardedCreateView(ModelPermissionRequired, snippet_chooser.SnippetCreateView):
    pass


class GuardedSnippetChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = GuardedChooseView
    choose_results_view_class = GuardedChooseResultsView
    chosen_view_class = GuardedChosenView
    chosen_multiple_view_class = GuardedChosenMultipleView
    create_view_class = GuardedCreateView


class GuardedDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete of snippets lists the chosen objects by name on its confirmation page
    even to someone who may delete none of them (`?id=all` lists every one): only who may delete the
    model gets that page."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "delete"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
