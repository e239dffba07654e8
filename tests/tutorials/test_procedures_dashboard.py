"""« Procédures à confirmer » on the dashboard: the live procedures of the reader's audience whose
current version they have not confirmed."""

import pytest

from tests.html import texts
from tests.tutorials.procedures_support import procedure, publish
from tutorials.models import Audience
from tutorials.services.procedures import procedure_confirm

pytestmark = pytest.mark.django_db

PANEL = ".panel--procedures_to_confirm li a"


def test_the_panel_lists_what_the_reader_must_confirm_and_forgets_what_they_did(client_staff, staff_user):
    outage = procedure(title="Déclarer une panne informatique")
    procedure(title="Préparer une navette documentaire")
    procedure_confirm(page=outage, person=staff_user.person)

    assert texts(client_staff.get("/").content, PANEL) == ["Préparer une navette documentaire"]


def test_a_significant_change_puts_the_procedure_back(client_staff, staff_user):
    outage = procedure(title="Déclarer une panne informatique")
    procedure_confirm(page=outage, person=staff_user.person)
    publish(outage, title="Déclarer une panne informatique (corrigé)")
    assert texts(client_staff.get("/").content, PANEL) == []

    publish(outage, significant=True, summary="Nouveau numéro d'astreinte")

    assert texts(client_staff.get("/").content, PANEL) == ["Déclarer une panne informatique (corrigé)"]


def test_the_panel_follows_the_audience_rule(client_volunteer):
    procedure(title="Clôturer la caisse", audience=Audience.STAFF)
    procedure(title="Accueillir une classe", audience=Audience.VOLUNTEERS)

    assert texts(client_volunteer.get("/").content, PANEL) == ["Accueillir une classe"]


def test_the_panel_is_bounded_and_counts_the_rest(client_staff):
    for number in range(7):
        procedure(title=f"Procédure {number}")

    html = client_staff.get("/").content

    assert len(texts(html, PANEL)) == 5
    assert "7 procédures" in " ".join(texts(html, ".panel--procedures_to_confirm p"))
