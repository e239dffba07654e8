"""`/health/`: what the load balancer and the monitoring read."""

from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_health_says_the_database_answers(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/health/")["Cache-Control"]


def test_health_reports_a_database_failure_with_503(client):
    with mock.patch("intranet.views.connection.cursor", side_effect=DatabaseError("connection refused")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_health_answers_head_for_load_balancers(client):
    response = client.head("/health/")
    assert response.status_code == 200
    assert response.content == b""


def test_health_refuses_writes(client):
    assert client.post("/health/").status_code == 405
