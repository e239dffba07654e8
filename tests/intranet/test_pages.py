"""The site's own pages: « Pages du réseau » lists the standard pages a person may read."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from intranet.models import IntranetPage, StandardIndexPage
from intranet.roles import Role
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_section_lists_its_pages_but_not_one_restricted_to_coordination(client_staff):
    StandardPageFactory(title="Règlement intérieur du réseau", summary="Le règlement commun.")
    hidden = StandardPageFactory(title="Budget prévisionnel de la coordination")
    restriction = PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.get(name=Role.COORDINATION))

    response = client_staff.get(StandardIndexPage.objects.get().url)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Règlement intérieur du réseau" in text
    assert "Le règlement commun." in text
    assert "Budget prévisionnel" not in text


def test_an_empty_section_says_so(client_staff):
    response = client_staff.get("/pages-du-reseau/")
    assert "Aucune page dans cette rubrique" in response.content.decode()


def test_every_page_model_of_the_project_follows_the_site_visibility_rules_in_the_admin():
    from wagtail.models import get_page_models

    project_models = [model for model in get_page_models() if model is not Page]
    assert StandardIndexPage in project_models
    assert [model for model in project_models if not issubclass(model, IntranetPage)] == []
