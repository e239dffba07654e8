#!/usr/bin/env python3
"""Checks that the French catalog is complete: every entry translated, none fuzzy, every plural
entry with all the forms the header's Plural-Forms asks for, and the python-format placeholders of
each translation the same as its source's.

    python3 scripts/check_translations.py                 # locale/fr/LC_MESSAGES/django.po
    python3 scripts/check_translations.py path/to/file.po

Exits 0 when the catalog is complete, 1 (listing every problem with its line number) otherwise,
2 when the file cannot be read. The catalog is parsed by polib (the dev extra); run by a Python
without it, the script hands over to the project's .venv. Obsolete entries (#~) are ignored.
"""

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOG = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"

try:
    import polib
except ImportError:  # `python3 scripts/check_translations.py` with the system Python
    venv = ROOT / ".venv"
    if (venv / "bin" / "python").exists() and Path(sys.prefix).resolve() != venv.resolve():
        os.execv(venv / "bin" / "python", [str(venv / "bin" / "python"), __file__, *sys.argv[1:]])
    print("check_translations: polib is missing; install the dev extra (make dev-venv).", file=sys.stderr)
    sys.exit(2)

# %(name)s, %(count)d, %s, %d ... ("%%" is a literal percent sign, not a placeholder).
PYTHON_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifroxXeEgGc]")
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def read_catalog(path: Path) -> polib.POFile:
    """The catalog at `path`. polib takes a string that is not an existing file for the catalog's
    text, so the file is read here: a missing file is an OSError, not an empty catalog."""
    return polib.pofile(path.read_text(encoding="utf-8"), wrapwidth=0)


def _placeholders(text: str) -> list[str]:
    return sorted(PYTHON_FORMAT.findall(text.replace("%%", "")))


def _label(entry: polib.POEntry) -> str:
    return repr(entry.msgid) if entry.msgctxt is None else f"{entry.msgctxt!r} / {entry.msgid!r}"


def problems(catalog: polib.POFile) -> list[str]:
    found = []
    if catalog.metadata_is_fuzzy:
        found.append("header: fuzzy")
    if not catalog.metadata:
        found.append("header: missing or empty")
    match = NPLURALS.search(catalog.metadata.get("Plural-Forms", ""))
    nplurals = int(match.group(1)) if match else None
    for entry in catalog:
        if entry.obsolete:
            continue
        where, label = f"line {entry.linenum}", _label(entry)
        if "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy: {label}")
        if entry.msgid_plural:
            if nplurals is None:
                found.append(f"{where}: plural entry but the header has no Plural-Forms: {label}")
                continue
            translations = dict(sorted(entry.msgstr_plural.items()))
            if set(translations) != set(range(nplurals)) or not all(translations.values()):
                missing = [f"msgstr[{index}]" for index in range(nplurals) if not translations.get(index)]
                found.append(f"{where}: untranslated ({', '.join(missing) or 'extra forms'}): {label}")
                continue
        else:
            if not entry.msgstr:
                found.append(f"{where}: untranslated: {label}")
                continue
            translations = {0: entry.msgstr}
        if "python-format" in entry.flags:
            # Every translation must use exactly the placeholders of its source. For plurals, the
            # singular form (msgstr[0]) may drop the count (« une page ») but must not add anything.
            wanted = _placeholders(entry.msgid_plural or entry.msgid)
            for index, text in translations.items():
                have = _placeholders(text)
                if have != wanted and not (entry.msgid_plural and index == 0 and set(have) <= set(wanted)):
                    found.append(f"{where}: placeholders differ in msgstr[{index}] "
                                 f"({', '.join(have) or 'none'} instead of {', '.join(wanted) or 'none'}): {label}")
    return found


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CATALOG
    try:
        catalog = read_catalog(path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # polib reports a syntax error as an OSError
        print(f"check_translations: {path}: {exc}", file=sys.stderr)
        return 2
    found = problems(catalog)
    messages = sum(1 for entry in catalog if not entry.obsolete)
    if found:
        print(f"{path}: {len(found)} problem(s) in {messages} messages:", file=sys.stderr)
        for problem in found:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{path}: {messages} messages, all translated, none fuzzy.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
