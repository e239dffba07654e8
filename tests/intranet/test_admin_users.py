"""Accounts edited in the Wagtail admin (Paramètres → Utilisateurs): the address is the login, so a
change must move the login with it, and an address may belong to one account only, whatever its case."""

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from intranet import services
from intranet.models import User
from intranet.roles import Role
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

DUPLICATE_FR = "Cette adresse électronique est déjà utilisée par un autre compte."
WRONG_CREDENTIALS_FR = "L’adresse e-mail ou le mot de passe sont incorrects."
NEW_PASSWORD = "Un-mot-de-passe-solide-42"


def edit_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


def edit_form(user, **changes) -> dict:
    """What the edit page posts when only `changes` are typed in."""
    data = {"email": user.email, "first_name": user.first_name, "last_name": user.last_name, "is_active": "on",
            "groups": [group.pk for group in user.groups.all()], "password1": "", "password2": ""}
    return {**data, **changes}


def create_form(email: str, *, group) -> dict:
    return {"email": email, "first_name": "Gwenola", "last_name": "Kerjean", "groups": [group.pk],
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


def logs_in(email: str, password: str = DEFAULT_PASSWORD) -> bool:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if response.status_code == 200:
        assert WRONG_CREDENTIALS_FR in response.text
    return response.status_code == 302 and client.get("/").context["user"].is_authenticated


def addresses(user) -> list[tuple[str, bool, bool]]:
    return list(EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified"))


def test_changing_an_address_in_the_admin_moves_the_login_to_it(client_coordination, staff_user):
    old = staff_user.email
    new = "rozenn.quere@mediatheques.test"
    response = client_coordination.post(edit_url(staff_user), edit_form(staff_user, email=new))
    assert response.status_code == 302
    assert response.url == reverse("wagtailusers_users:index")
    assert logs_in(new)
    assert not logs_in(old)
    assert addresses(staff_user) == [(new, True, True)]


def test_an_address_typed_with_capitals_is_saved_in_lower_case(client_coordination, staff_user):
    response = client_coordination.post(edit_url(staff_user), edit_form(staff_user, email="Rozenn.Quere@Reseau.TEST"))
    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert staff_user.email == "rozenn.quere@reseau.test"
    assert addresses(staff_user) == [("rozenn.quere@reseau.test", True, True)]
    assert logs_in("ROZENN.QUERE@reseau.test")


def test_saving_an_account_twice_keeps_one_primary_verified_address(client_coordination, staff_user):
    for _time in range(2):
        assert client_coordination.post(edit_url(staff_user), edit_form(staff_user)).status_code == 302
    assert addresses(staff_user) == [(staff_user.email, True, True)]


@pytest.mark.parametrize("variant", [str.upper, str.capitalize, str])
def test_another_accounts_address_in_any_case_is_refused_and_nothing_changes(client_coordination, staff_user,
                                                                             make_member, variant):
    other = make_member(Role.VOLUNTEERS)
    before = staff_user.email
    response = client_coordination.post(edit_url(staff_user), edit_form(staff_user, email=variant(other.email)))
    assert response.status_code == 200
    assert DUPLICATE_FR in response.text
    staff_user.refresh_from_db()
    assert staff_user.email == before
    assert addresses(staff_user) == [(before, True, True)]
    assert logs_in(before)


def test_an_account_created_in_the_admin_logs_in_with_its_address(client_coordination, staff_user):
    group = staff_user.groups.get()
    response = client_coordination.post(reverse("wagtailusers_users:add"),
                                        create_form("Gwenola.Kerjean@Reseau.test", group=group))
    assert response.status_code == 302
    created = User.objects.get(email="gwenola.kerjean@reseau.test")
    assert addresses(created) == [("gwenola.kerjean@reseau.test", True, True)]
    assert logs_in("gwenola.kerjean@reseau.test", NEW_PASSWORD)


def test_creating_an_account_with_a_case_variant_of_an_address_is_refused(client_coordination, staff_user):
    before = User.objects.count()
    response = client_coordination.post(reverse("wagtailusers_users:add"),
                                        create_form(staff_user.email.upper(), group=staff_user.groups.get()))
    assert response.status_code == 200
    assert DUPLICATE_FR in response.text
    assert User.objects.count() == before


def test_the_database_refuses_two_accounts_whose_addresses_differ_by_case(staff_user, volunteer_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=volunteer_user.pk).update(email=staff_user.email.upper())


def test_the_service_moves_the_login_and_refuses_a_taken_address(staff_user, volunteer_user):
    old = staff_user.email
    services.account_email_change(user=staff_user, email="  Nouvelle.Adresse@Reseau.test ")
    services.account_email_change(user=staff_user, email="nouvelle.adresse@reseau.test")  # idempotent
    assert addresses(staff_user) == [("nouvelle.adresse@reseau.test", True, True)]
    assert not EmailAddress.objects.filter(email=old).exists()

    with pytest.raises(services.EmailTaken):
        services.account_email_change(user=staff_user, email=volunteer_user.email.title())
    staff_user.refresh_from_db()
    assert staff_user.email == "nouvelle.adresse@reseau.test"


def account_page_form(email: str) -> dict:
    """What Wagtail's own account page (/admin/account/) posts when the address is changed."""
    return {"name_email-first_name": "Anne", "name_email-last_name": "Le Gall", "name_email-email": email,
            "locale-preferred_language": "fr", "locale-current_time_zone": "", "theme-theme": "system",
            "theme-density": "default", "theme-contrast": "system", "theme-keyboard_shortcuts": "on"}


def test_wagtails_account_page_refuses_another_accounts_address_next_to_the_field(client_coordination,
                                                                                  coordination_user, staff_user):
    before = coordination_user.email
    response = client_coordination.post(reverse("wagtailadmin_account"), account_page_form(staff_user.email.upper()))
    assert response.status_code == 200
    assert DUPLICATE_FR in response.text
    coordination_user.refresh_from_db()
    assert coordination_user.email == before
    assert addresses(coordination_user) == [(before, True, True)]


def test_wagtails_account_page_moves_the_login_to_the_new_address(client_coordination, coordination_user):
    old = coordination_user.email
    response = client_coordination.post(reverse("wagtailadmin_account"), account_page_form("Anne.LeGall@Reseau.test"))
    assert response.status_code == 302
    assert addresses(coordination_user) == [("anne.legall@reseau.test", True, True)]
    assert logs_in("anne.legall@reseau.test")
    assert not logs_in(old)
