"""The Wagtail admin is a second front door: a referent edits the network's standard pages through
moderation, and never meets there a page they may not read on the site (a Coordination-only
page), nor the dashboard itself. Coordination keeps every right."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from intranet.models import HomePage, StandardPage
from intranet.roles import Role
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

HIDDEN_TITLE = "Budget prévisionnel de la coordination"
OPEN_TITLE = "Budget des animations jeunesse"


def restrict_to(page: Page, *roles: Role) -> Page:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.filter(name__in=roles))
    return page


@pytest.fixture
def open_page():
    return StandardPageFactory(title=OPEN_TITLE, summary="Les budgets des ateliers du réseau.")


@pytest.fixture
def hidden_page(open_page, clock):
    clock.shift(minutes=5)  # written after the open page: the last edited one
    page = StandardPageFactory(title=HIDDEN_TITLE, summary="Les arbitrages budgétaires de l'année.")
    clock.shift(minutes=5)
    page.title = HIDDEN_TITLE  # a draft after publishing: history and revisions to look at
    page.save_revision()
    return restrict_to(page, Role.COORDINATION)


@pytest.fixture
def hidden_draft(open_page):
    """Never published, so that a referent's "change" permission would let them delete or move it."""
    return restrict_to(StandardPageFactory(title=HIDDEN_TITLE, live=False, publish=False), Role.COORDINATION)


@pytest.fixture
def open_draft(open_page):
    return StandardPageFactory(title="Brouillon de note de service", live=False, publish=False)


def shown(response) -> str:
    """What the person sees: the page, or the HTML inside a chooser's JSON answer."""
    if response["Content-Type"].startswith("application/json"):
        data = response.json()
        return data.get("html") or str(data)
    return response.content.decode()


def assert_refused(response) -> None:
    """Refused as Wagtail refuses: 403, 404, or back to the admin dashboard with a message."""
    assert response.status_code in {403, 404} or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")), response
    assert HIDDEN_TITLE not in shown(response)


def edit_data(page: StandardPage, **changes) -> dict:
    return {"title": page.title, "slug": page.slug, "summary": page.summary, "body-count": "0", **changes}


# --- the pages a referent may not read: no door opens on them ----------------------------------


@pytest.mark.parametrize("view", ["edit", "view_draft", "preview_on_edit", "history", "usage", "copy", "move",
                                  "delete", "workflow_history", "add_subpage"])
def test_referent_cannot_open_a_coordination_only_page_in_the_admin(client_referent, hidden_page, view):
    assert_refused(client_referent.get(reverse(f"wagtailadmin_pages:{view}", args=[hidden_page.pk])))


def test_referent_cannot_read_the_revisions_of_a_coordination_only_page(client_referent, hidden_page):
    first, latest = hidden_page.revisions.order_by("created_at")
    for url in (reverse("wagtailadmin_pages:revisions_view", args=[hidden_page.pk, first.pk]),
                reverse("wagtailadmin_pages:revisions_compare", args=[hidden_page.pk, first.pk, latest.pk]),
                reverse("wagtailadmin_pages:revisions_revert", args=[hidden_page.pk, first.pk])):
        assert_refused(client_referent.get(url))


def test_explorer_lists_the_open_pages_but_not_the_coordination_only_one(client_referent, hidden_page, open_page):
    response = client_referent.get(reverse("wagtailadmin_explore", args=[open_page.get_parent().pk]))
    assert response.status_code == 200
    assert OPEN_TITLE in shown(response)
    assert HIDDEN_TITLE not in shown(response)


def test_explorer_does_not_open_a_coordination_only_page(client_referent, hidden_page):
    assert_refused(client_referent.get(reverse("wagtailadmin_explore", args=[hidden_page.pk])))


def test_admin_page_search_does_not_find_a_coordination_only_page(client_referent, hidden_page, open_page):
    response = client_referent.get(reverse("wagtailadmin_pages:search"), {"q": "budget"})
    assert response.status_code == 200
    assert OPEN_TITLE in shown(response)
    assert HIDDEN_TITLE not in shown(response)


def test_explorer_search_of_the_whole_tree_does_not_find_it_either(client_referent, hidden_page, open_page):
    response = client_referent.get(reverse("wagtailadmin_explore", args=[open_page.get_parent().pk]),
                                   {"q": "budget", "search_all": "1"})
    assert OPEN_TITLE in shown(response)
    assert HIDDEN_TITLE not in shown(response)


def test_page_chooser_does_not_offer_a_coordination_only_page(client_referent, hidden_page, open_page):
    response = client_referent.get(reverse("wagtailadmin_choose_page_child", args=[open_page.get_parent().pk]))
    assert response.status_code == 200
    assert OPEN_TITLE in shown(response)
    assert HIDDEN_TITLE not in shown(response)


def test_page_chooser_search_does_not_find_a_coordination_only_page(client_referent, hidden_page, open_page):
    response = client_referent.get(reverse("wagtailadmin_choose_page_search"), {"q": "budget"})
    assert response.status_code == 200
    assert OPEN_TITLE in shown(response)
    assert HIDDEN_TITLE not in shown(response)


def test_page_chooser_does_not_browse_into_a_coordination_only_page(client_referent, hidden_page):
    assert_refused(client_referent.get(reverse("wagtailadmin_choose_page_child", args=[hidden_page.pk])))


def test_page_chooser_does_not_name_a_coordination_only_page_by_its_id(client_referent, hidden_page, open_page):
    response = client_referent.get(reverse("wagtailadmin_choose_page_chosen_multiple"),
                                   {"id": [open_page.pk, hidden_page.pk]})
    assert HIDDEN_TITLE not in shown(response)


def test_admin_api_of_the_explorer_menu_does_not_list_it(client_referent, hidden_page, open_page):
    response = client_referent.get("/admin/api/main/pages/", {"child_of": open_page.get_parent().pk})
    assert response.status_code == 200
    assert OPEN_TITLE in shown(response)
    assert HIDDEN_TITLE not in shown(response)
    assert_refused(client_referent.get(f"/admin/api/main/pages/{hidden_page.pk}/"))


def test_a_page_under_a_coordination_only_page_is_hidden_too(client_referent, hidden_page):
    child = StandardPageFactory(title="Annexe du budget", parent=hidden_page)
    assert_refused(client_referent.get(reverse("wagtailadmin_pages:edit", args=[child.pk])))


def test_a_password_protected_page_is_hidden_from_referents(client_referent, open_page):
    page = StandardPageFactory(title=HIDDEN_TITLE)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert_refused(client_referent.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    listing = client_referent.get(reverse("wagtailadmin_explore", args=[open_page.get_parent().pk]))
    assert HIDDEN_TITLE not in shown(listing)


def test_a_page_restricted_to_referents_stays_editable_by_them(client_referent, open_page):
    page = restrict_to(StandardPageFactory(title="Ordre du jour du comité technique"), Role.REFERENTS)
    assert client_referent.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200


# --- bulk actions, copy and move ---------------------------------------------------------------


def bulk_url(action: str, *pages: Page) -> str:
    query = "&".join(f"id={page.pk}" for page in pages)
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + "?" + query


def test_bulk_delete_of_a_coordination_only_page_is_refused_and_does_not_name_it(client_referent, hidden_draft):
    confirm = client_referent.get(bulk_url("delete", hidden_draft))
    assert HIDDEN_TITLE not in shown(confirm)
    client_referent.post(bulk_url("delete", hidden_draft), {"include_descendants": ""})
    assert StandardPage.objects.filter(pk=hidden_draft.pk).exists()


def test_bulk_delete_of_all_pages_in_a_listing_spares_the_coordination_only_one(client_referent, hidden_draft,
                                                                               open_draft):
    parent = open_draft.get_parent()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id=all&childOf={parent.pk}"
    assert HIDDEN_TITLE not in shown(client_referent.get(url))
    client_referent.post(url, {})
    assert StandardPage.objects.filter(pk=hidden_draft.pk).exists()
    assert not StandardPage.objects.filter(pk=open_draft.pk).exists()  # the action itself still works


def test_bulk_move_of_a_coordination_only_page_is_refused(client_referent, hidden_draft, open_page):
    parent_before = hidden_draft.get_parent()
    client_referent.post(bulk_url("move", hidden_draft), {"chooser": open_page.pk})
    assert StandardPage.objects.get(pk=hidden_draft.pk).get_parent().pk == parent_before.pk


def test_bulk_move_into_a_coordination_only_page_is_refused(client_referent, hidden_page, open_draft):
    parent_before = open_draft.get_parent()
    client_referent.post(bulk_url("move", open_draft), {"chooser": hidden_page.pk})
    assert StandardPage.objects.get(pk=open_draft.pk).get_parent().pk == parent_before.pk


def test_moving_a_page_into_a_coordination_only_page_is_refused(client_referent, hidden_page, open_draft):
    url = reverse("wagtailadmin_pages:move_confirm", args=[open_draft.pk, hidden_page.pk])
    assert_refused(client_referent.get(url))
    client_referent.post(url)
    assert StandardPage.objects.get(pk=open_draft.pk).get_parent().pk != hidden_page.pk


def test_copying_a_page_into_a_coordination_only_page_is_refused(client_referent, hidden_page, open_page):
    client_referent.post(reverse("wagtailadmin_pages:copy", args=[open_page.pk]), {
        "new_title": "Copie", "new_slug": "copie", "new_parent_page": hidden_page.pk})
    assert not StandardPage.objects.filter(slug="copie").exists()


# --- what referents and coordination may still do -------------------------------------------------


def test_referent_opens_the_edit_view_of_an_open_standard_page(client_referent, open_page):
    response = client_referent.get(reverse("wagtailadmin_pages:edit", args=[open_page.pk]))
    assert response.status_code == 200
    assert OPEN_TITLE in shown(response)


def test_referent_submits_a_draft_for_moderation_and_the_page_stays_as_published(client_referent, open_page):
    data = edit_data(open_page, title="Budget des animations 2027", **{"action-submit": "Submit"})
    response = client_referent.post(reverse("wagtailadmin_pages:edit", args=[open_page.pk]), data)
    assert response.status_code == 302
    page = StandardPage.objects.get(pk=open_page.pk)
    assert page.title == OPEN_TITLE  # what the site shows has not changed
    assert page.draft_title == "Budget des animations 2027"
    assert page.current_workflow_state.status == page.current_workflow_state.STATUS_IN_PROGRESS


def test_referent_cannot_publish(client_referent, open_page):
    client_referent.post(reverse("wagtailadmin_pages:edit", args=[open_page.pk]),
                         edit_data(open_page, title="Publié sans relecture", **{"action-publish": "Publish"}))
    assert StandardPage.objects.get(pk=open_page.pk).title == OPEN_TITLE


def test_referent_adds_a_standard_page_where_the_standard_pages_are(client_referent, open_page):
    parent = open_page.get_parent()
    url = reverse("wagtailadmin_pages:add", args=["intranet", "standardpage", parent.pk])
    response = client_referent.post(url, {"title": "Nouvelle note", "slug": "nouvelle-note", "summary": "",
                                          "body-count": "0", "action-submit": "Submit"})
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="nouvelle-note")
    assert not page.live
    assert page.get_parent().pk == parent.pk


def test_referent_cannot_edit_the_dashboard(client_referent):
    home = HomePage.objects.get()
    for view in ("edit", "history", "view_draft"):
        response = client_referent.get(reverse(f"wagtailadmin_pages:{view}", args=[home.pk]))
        assert response.status_code in {403, 404} or (
            response.status_code == 302 and response.url == reverse("wagtailadmin_home")), view


def test_coordination_edits_the_coordination_only_page(client_coordination, hidden_page):
    response = client_coordination.get(reverse("wagtailadmin_pages:edit", args=[hidden_page.pk]))
    assert response.status_code == 200
    assert HIDDEN_TITLE in shown(response)


def test_coordination_edits_a_page_restricted_to_another_role(client_coordination, open_page):
    page = restrict_to(StandardPageFactory(title="Compte rendu de la conférence des maires"), Role.ELECTED)
    assert client_coordination.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    listing = client_coordination.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert "Compte rendu de la conférence des maires" in shown(listing)


def test_coordination_finds_the_coordination_only_page_in_chooser_and_search(client_coordination, hidden_page):
    chooser = client_coordination.get(reverse("wagtailadmin_choose_page_search"), {"q": "budget"})
    search = client_coordination.get(reverse("wagtailadmin_pages:search"), {"q": "budget"})
    assert HIDDEN_TITLE in shown(chooser)
    assert HIDDEN_TITLE in shown(search)


def test_the_page_types_report_that_names_the_last_edited_page_is_for_coordination(
        client_referent, client_coordination, hidden_page):
    url = reverse("wagtailadmin_reports:page_types_usage")
    assert_refused(client_referent.get(url))
    assert url not in shown(client_referent.get(reverse("wagtailadmin_home")))
    assert HIDDEN_TITLE in shown(client_coordination.get(url))


@pytest.mark.parametrize("url_name", ["wagtailadmin_home", "wagtailadmin_reports:aging_pages",
                                      "wagtailadmin_reports:site_history", "wagtailadmin_reports:workflow",
                                      "wagtailadmin_reports:workflow_tasks"])
def test_dashboard_and_reports_do_not_name_a_coordination_only_page(client_referent, coordination_user,
                                                                     hidden_page, url_name):
    hidden_page.save_revision(user=coordination_user, log_action=True).publish(user=coordination_user)
    response = client_referent.get(reverse(url_name))
    assert response.status_code == 200
    assert HIDDEN_TITLE not in shown(response)
