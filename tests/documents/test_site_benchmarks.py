"""What `make bench` measures of the « Documents » section: the busiest folder staff read, and a search."""

import pytest
from django.urls import reverse

from intranet.hooks import BENCHMARKS, registered

from .factories import FolderFactory, make_document

pytestmark = pytest.mark.django_db


def benchmark(name: str):
    return next(entry for entry in registered(BENCHMARKS) if entry.name == name)


def test_the_folder_benchmark_lists_the_busiest_folder_staff_read(client_staff, network_folder, body_folder):
    busy, quiet = FolderFactory(network_folder, "Procédures"), FolderFactory(network_folder, "Affiches")
    for number in range(3):
        make_document(busy, name=f"Procédure {number}.pdf")
        make_document(body_folder, name=f"COTECH {number}.pdf")  # more, but members only
    make_document(body_folder, name="COTECH 4.pdf")
    make_document(quiet, name="Affiche.pdf")
    url = benchmark("documents_folder").build()
    assert url == reverse("documents:folder", args=[busy.pk])
    response = client_staff.get(url)
    assert response.status_code == 200 and "Procédure 0" in response.content.decode()


def test_the_folder_benchmark_falls_back_on_the_network_folder(network_folder):
    assert benchmark("documents_folder").build() == reverse("documents:folder", args=[network_folder.pk])


def test_the_search_benchmark_searches(client_staff, network_folder):
    make_document(network_folder, name="Compte rendu de réunion.pdf")
    response = client_staff.get(benchmark("documents_search").build())
    assert response.status_code == 200 and "Compte rendu de réunion" in response.content.decode()
