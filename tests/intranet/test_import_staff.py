"""`manage.py import_staff FILE`: accounts, directory entries and invitations from a CSV file."""

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command

from intranet.models import Person, PersonKind, User
from intranet.roles import Role
from tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

HEADER = "email,first_name,last_name,library,kind,job_title,groups\n"
INVITATION_LINK = re.compile(r"http://testserver(/comptes/password/reset/key/\S+/)")


@pytest.fixture
def library():
    return LibraryFactory(name="Médiathèque de Kerbréhat", slug="kerbrehat", commune="Kerbréhat")


@pytest.fixture
def good_file(tmp_path, library):
    path = tmp_path / "personnel.csv"
    path.write_text(
        HEADER
        + "katell.morvan@reseau.test,Katell,Morvan,kerbrehat,professionnel,Bibliothécaire,\n"
        + "Yann.Riou@Reseau.test,Yann,Riou,Médiathèque de Kerbréhat,bénévole,,\n"
        + "soizic.hamon@reseau.test,Soizic,Hamon,kerbrehat,professional,Référente réseau,Référents\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    """Run the command as cron or a shell would: its emails leave once the import has committed."""

    def run(path, *args):
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            with django_capture_on_commit_callbacks(execute=True):
                call_command("import_staff", str(path), *args, stdout=stdout, stderr=stderr)
        finally:
            run.stderr = stderr.getvalue()
        return stdout.getvalue()

    return run


def test_good_file_creates_accounts_with_their_directory_entries(run_import, good_file, library):
    run_import(good_file)
    katell = Person.objects.select_related("user", "library").get(user__email="katell.morvan@reseau.test")
    assert (katell.first_name, katell.last_name, katell.kind, katell.job_title) == (
        "Katell", "Morvan", PersonKind.PROFESSIONAL, "Bibliothécaire")
    assert katell.library == library
    yann = Person.objects.get(user__email="yann.riou@reseau.test")  # addresses are stored in lower case
    assert yann.kind == PersonKind.VOLUNTEER
    assert yann.library == library


def test_good_file_puts_each_account_in_its_role(run_import, good_file):
    run_import(good_file)
    groups = {user.email: [group.name for group in user.groups.all()] for user in User.objects.all()}
    assert groups == {
        "katell.morvan@reseau.test": [Role.STAFF],  # default role of a professional
        "yann.riou@reseau.test": [Role.VOLUNTEERS],
        "soizic.hamon@reseau.test": [Role.REFERENTS],  # the groups column wins
    }


def test_imported_addresses_are_verified_so_password_reset_works(run_import, good_file):
    run_import(good_file)
    addresses = set(EmailAddress.objects.values_list("email", "verified", "primary"))
    assert addresses == {
        ("katell.morvan@reseau.test", True, True),
        ("yann.riou@reseau.test", True, True),
        ("soizic.hamon@reseau.test", True, True),
    }


def test_each_new_account_gets_one_invitation(run_import, good_file):
    output = run_import(good_file)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "katell.morvan@reseau.test", "soizic.hamon@reseau.test", "yann.riou@reseau.test"]
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert "3 account(s) created" in output


def test_invitation_link_opens_the_set_password_page(run_import, good_file, client):
    run_import(good_file)
    message = next(message for message in mail.outbox if message.to == ["katell.morvan@reseau.test"])
    link = INVITATION_LINK.search(message.body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert 'name="password1"' in response.text  # the form, not allauth's "bad token" page


def test_invited_person_chooses_a_password_and_is_logged_in(run_import, good_file, client):
    run_import(good_file)
    message = next(message for message in mail.outbox if message.to == ["katell.morvan@reseau.test"])
    response = client.get(INVITATION_LINK.search(message.body).group(1), follow=True)
    set_password_url = response.redirect_chain[-1][0] if response.redirect_chain else response.request["PATH_INFO"]
    client.post(set_password_url, {"password1": "Ma-mediatheque-2026", "password2": "Ma-mediatheque-2026"})
    assert User.objects.get(email="katell.morvan@reseau.test").check_password("Ma-mediatheque-2026")
    assert client.get("/").status_code == 200


def test_bad_rows_refuse_the_whole_file_and_say_which_lines(run_import, tmp_path, library):
    path = tmp_path / "personnel.csv"
    path.write_text(
        HEADER
        + "katell.morvan@reseau.test,Katell,Morvan,kerbrehat,professionnel,,\n"  # good
        + "pas-une-adresse,Yann,Riou,kerbrehat,bénévole,,\n"
        + "soizic.hamon@reseau.test,Soizic,Hamon,Bibliothèque-fantôme,professionnel,,\n"
        + "loic.guillou@reseau.test,Loïc,Guillou,kerbrehat,astronaute,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="3 bad row"):
        run_import(path)
    errors = run_import.stderr.splitlines()
    assert [line.split(":")[0] for line in errors] == ["line 3", "line 4", "line 5"]
    assert "pas-une-adresse" in errors[0]
    assert "Bibliothèque-fantôme" in errors[1]
    assert "astronaute" in errors[2]
    assert not User.objects.exists()
    assert not Person.objects.exists()
    assert mail.outbox == []


def test_missing_column_is_refused(run_import, tmp_path):
    path = tmp_path / "personnel.csv"
    path.write_text("email,first_name,library\nkatell.morvan@reseau.test,Katell,kerbrehat\n", encoding="utf-8")
    with pytest.raises(CommandError):
        run_import(path)
    assert "last_name" in run_import.stderr
    assert "kind" in run_import.stderr
    assert not User.objects.exists()


def test_running_the_same_file_again_creates_no_duplicate_and_no_second_invitation(run_import, good_file):
    run_import(good_file)
    output = run_import(good_file)
    assert User.objects.count() == 3
    assert Person.objects.count() == 3
    assert len(mail.outbox) == 3
    assert "0 account(s) created, 3 updated" in output


def test_no_invite_creates_accounts_without_sending_anything(run_import, good_file):
    run_import(good_file, "--no-invite")
    assert User.objects.count() == 3
    assert mail.outbox == []


def test_a_file_that_is_not_utf8_gets_a_clear_error(run_import, tmp_path, library):
    path = tmp_path / "personnel.csv"
    path.write_bytes((HEADER + "loic.guillou@reseau.test,Loïc,Guillou,kerbrehat,bénévole,,\n").encode("latin-1"))
    with pytest.raises(CommandError, match="UTF-8"):
        run_import(path)
    assert not User.objects.exists()
