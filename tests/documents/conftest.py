"""Fixtures of the document library tests: files kept in a temporary private folder, and folders of
each kind (network, body, library) with their access."""

import pytest

from documents import services
from documents.models import FolderKey

from .factories import FolderFactory  # noqa: F401


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def network_folder(db):
    """« Réseau »: the whole network reads, Coordination adds."""
    return services.well_known_folder(FolderKey.NETWORK)


@pytest.fixture
def body_folder(db):
    """The folder of a technical committee whose approved minutes all staff read: members only."""
    from governance.models import ReadingRule
    from tests.governance.factories import BodyFactory

    body = BodyFactory(title="Comité technique", short_name="COTECH", kind="technical",
                       reading_rule=ReadingRule.MEMBERS)
    return services.home_folder_of(body=body)
