"""The five roles exist after `migrate`, with what each may do in the admin: the grants that every
app declares in its wagtail_hooks.py (intranet.hooks.ROLE_PERMISSIONS)."""

import pytest
from django.contrib.auth.models import Group
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from intranet.hooks import ROLE_PERMISSIONS
from intranet.models import StandardIndexPage
from intranet.roles import Role, grant, grant_pages, sync_role_permissions

pytestmark = pytest.mark.django_db


def model_permissions(role: Role) -> set[str]:
    group = Group.objects.get(name=role)
    return {f"{app}.{codename}" for app, codename in
            group.permissions.values_list("content_type__app_label", "codename")}


def page_permissions(role: Role, page: Page | None = None) -> set[str]:
    return set(GroupPagePermission.objects.filter(group__name=role, page=page or Page.get_first_root_node())
               .values_list("permission__codename", flat=True))


def test_the_five_roles_exist_and_wagtails_default_groups_are_gone():
    assert set(Group.objects.values_list("name", flat=True)) == {
        "Coordination", "Référents", "Personnel", "Bénévoles", "Élus"}


def test_coordination_opens_the_admin_and_publishes_pages():
    assert {"wagtailadmin.access_admin", "intranet.change_person", "intranet.add_library"} <= model_permissions(
        Role.COORDINATION)
    assert {"add_page", "change_page", "publish_page"} <= page_permissions(Role.COORDINATION)


def test_coordination_manages_images_and_documents():
    permissions = set(GroupCollectionPermission.objects.filter(
        group__name=Role.COORDINATION, collection=Collection.get_first_root_node()
    ).values_list("permission__codename", flat=True))
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= permissions


def test_referents_edit_the_network_pages_but_a_coordinator_publishes_them():
    assert "wagtailadmin.access_admin" in model_permissions(Role.REFERENTS)
    assert page_permissions(Role.REFERENTS, StandardIndexPage.objects.get()) == {"add_page", "change_page"}


def test_referents_have_no_page_permission_on_the_whole_tree():
    from tutorials.models import TutorialIndexPage

    sections = {StandardIndexPage.objects.get().pk, TutorialIndexPage.objects.get().pk}
    assert page_permissions(Role.REFERENTS) == set()
    assert set(GroupPagePermission.objects.filter(group__name=Role.REFERENTS)
               .values_list("page_id", flat=True)) == sections


@pytest.mark.parametrize("role", [Role.STAFF, Role.VOLUNTEERS, Role.ELECTED])
def test_roles_outside_the_admin_have_no_permission(role):
    assert model_permissions(role) == set()
    assert page_permissions(role) == set()
    assert not GroupCollectionPermission.objects.filter(group__name=role).exists()


def test_page_approval_goes_to_coordination_instead_of_moderators():
    from wagtail.models import GroupApprovalTask

    approvers = {group.name for task in GroupApprovalTask.objects.all() for group in task.groups.all()}
    assert approvers == {"Coordination"}


def test_syncing_again_restores_a_removed_permission_and_adds_nothing():
    coordination = Group.objects.get(name=Role.COORDINATION)
    before = model_permissions(Role.COORDINATION)
    coordination.permissions.clear()
    sync_role_permissions()
    sync_role_permissions()
    assert model_permissions(Role.COORDINATION) == before
    assert GroupPagePermission.objects.filter(group=coordination).count() == len(page_permissions(Role.COORDINATION))


def test_syncing_again_takes_back_a_page_permission_given_by_hand_and_keeps_the_sections():
    referents = Group.objects.get(name=Role.REFERENTS)
    GroupPagePermission.objects.create(group=referents, page=Page.get_first_root_node(),
                                       permission=GroupPagePermission.objects.filter(
                                           group=referents).first().permission)
    sync_role_permissions()
    sync_role_permissions()
    assert page_permissions(Role.REFERENTS) == set()
    assert page_permissions(Role.REFERENTS, StandardIndexPage.objects.get()) == {"add_page", "change_page"}
    assert GroupPagePermission.objects.filter(group=referents).count() == 4  # the network pages and the tutorials


def test_coordination_manages_rooms_with_what_calendar_sync_grants():
    assert {"calendar_sync.add_room", "calendar_sync.change_equipment", "calendar_sync.view_booking"} <= \
        model_permissions(Role.COORDINATION)


def test_a_grant_an_app_declares_is_applied_and_taken_back_once_it_is_gone():
    declared = [grant(Role.STAFF, "intranet.change_person"), grant_pages(Role.STAFF, "add_page",
                                                                         under="intranet.StandardIndexPage")]
    with hooks.register_temporarily(ROLE_PERMISSIONS, lambda: declared):
        sync_role_permissions()
        assert model_permissions(Role.STAFF) == {"intranet.change_person"}
        assert page_permissions(Role.STAFF, StandardIndexPage.objects.get()) == {"add_page"}

    sync_role_permissions()
    assert model_permissions(Role.STAFF) == set()
    assert not GroupPagePermission.objects.filter(group__name=Role.STAFF).exists()
