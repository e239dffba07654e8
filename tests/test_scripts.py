"""The repository's scripts, run as `make test` and contributors run them."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADER = textwrap.dedent('''\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language: fr\\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\\n"

    ''')
COMPLETE = textwrap.dedent('''\
    #: intranet/views.py
    msgid "Rooms"
    msgstr "Salles"

    #: intranet/views.py
    #, python-format
    msgid "Booked by %(name)s"
    msgstr "Réservée par %(name)s"

    #: intranet/views.py
    #, python-format
    msgid "one booking"
    msgid_plural "%(count)s bookings"
    msgstr[0] "une réservation"
    msgstr[1] "%(count)s réservations"
    ''')
OBSOLETE = '\n#~ msgid "Obsolete"\n#~ msgstr ""\n'


def check_translations(tmp_path, text: str) -> subprocess.CompletedProcess:
    catalog = tmp_path / "django.po"
    catalog.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check_translations.py"), str(catalog)],
                          capture_output=True, text=True, timeout=60)


def test_a_complete_catalog_passes(tmp_path):
    result = check_translations(tmp_path, HEADER + COMPLETE + OBSOLETE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("django.po: 3 messages, all translated, none fuzzy.")


def test_the_project_catalog_is_complete():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_translations.py")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("entry", "problem"), [
    ('#: a.py\nmsgid "Library"\nmsgstr ""\n', "line 23: untranslated: 'Library'"),
    ('#: a.py\n#, fuzzy\nmsgid "Library"\nmsgstr "Médiathèque"\n', "line 23: fuzzy: 'Library'"),
    ('#: a.py\n#, python-format\nmsgid "Hello %(name)s"\nmsgstr "Bonjour %(nom)s"\n',
     "line 23: placeholders differ in msgstr[0] (%(nom)s instead of %(name)s): 'Hello %(name)s'"),
    ('#: a.py\n#, python-format\nmsgid "%(rate)s%% booked"\nmsgstr "%(rate)d %% réservé"\n',
     "line 23: placeholders differ in msgstr[0] (%(rate)d instead of %(rate)s): '%(rate)s%% booked'"),
    ('#: a.py\n#, python-format\nmsgid "one room"\nmsgid_plural "%(count)s rooms"\n'
     'msgstr[0] "une salle"\nmsgstr[1] ""\n', "line 23: untranslated (msgstr[1]): 'one room'"),
    ('#: a.py\n#, python-format\nmsgid "one room"\nmsgid_plural "%(count)s rooms"\nmsgstr[0] "une salle"\n',
     "line 23: untranslated (msgstr[1]): 'one room'"),
    ('#: a.py\n#, python-format\nmsgid "one room"\nmsgid_plural "%(count)s rooms"\n'
     'msgstr[0] "%(count)s salle"\nmsgstr[1] "des salles"\n',
     "line 23: placeholders differ in msgstr[1] (none instead of %(count)s): 'one room'"),
])
def test_an_incomplete_catalog_fails_and_names_the_entry(tmp_path, entry, problem):
    result = check_translations(tmp_path, HEADER + COMPLETE + "\n" + entry + OBSOLETE)
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [f"  {problem}"]
    assert "1 problem(s) in 4 messages" in result.stderr


def test_a_fuzzy_header_fails(tmp_path):
    result = check_translations(tmp_path, "#, fuzzy\n" + HEADER + COMPLETE)
    assert result.returncode == 1
    assert "  header: fuzzy" in result.stderr.splitlines()


def test_a_catalog_that_cannot_be_parsed_exits_with_status_2(tmp_path):
    result = check_translations(tmp_path, HEADER + 'msgid "Rooms"\nnot a keyword\n')
    assert result.returncode == 2
    assert "Syntax error" in result.stderr


def test_a_missing_catalog_exits_with_status_2(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_translations.py"),
                             str(tmp_path / "absent.po")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "No such file" in result.stderr
