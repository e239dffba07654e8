"""The registry of personal data (intranet.personal_data): one entry per app, the core's first."""

import io
import json
import zipfile

import pytest

from intranet.personal_data import personal_data_archive, personal_data_sources

pytestmark = pytest.mark.django_db


def test_the_core_declares_what_it_keeps_why_and_for_how_long():
    core = next(source for source in personal_data_sources() if source.key == "intranet")
    assert all(str(text) for text in (core.title, core.holds, core.purpose, core.legal_basis, core.retention))
    assert core.export and core.leave and core.anonymise


def test_the_archive_holds_one_json_per_app_and_a_csv_per_table(staff_user):
    archive = zipfile.ZipFile(io.BytesIO(personal_data_archive(staff_user.person)))
    names = set(archive.namelist())
    assert {f"{source.key}.json" for source in personal_data_sources()} <= names
    core = json.loads(archive.read("intranet.json"))
    assert core["tables"]["account"][0]["email"] == staff_user.email
    profile_csv = archive.read("intranet/profile.csv").decode("utf-8-sig")
    assert staff_user.person.last_name in profile_csv
