#!/usr/bin/env python3
"""Checks that the French catalog is complete: every entry translated, none fuzzy, and the
placeholders of each translation the same as its source's.

    python3 scripts/check_translations.py                 # locale/fr/LC_MESSAGES/django.po
    python3 scripts/check_translations.py path/to/file.po

Exits 0 when the catalog is complete, 1 (listing every problem with its line number) otherwise,
2 when the file cannot be read. Standard library only. Obsolete entries (#~) are ignored.
"""

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"

# %(name)s, %(count)d, %s, %d ... ("%%" is a literal percent sign, not a placeholder).
PYTHON_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifroxXeEgGc]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 for a singular entry
    has_msgid: bool = False


def _unquote(text: str, line_number: int, path: Path) -> str:
    text = text.strip()
    if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
        raise ValueError(f"{path}:{line_number}: expected a quoted string, got {text!r}")
    # PO strings use C escapes, which Python string literals understand.
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # the keyword the continuation lines belong to

    def finish():
        nonlocal entry, target
        if entry is not None:
            entries.append(entry)
        entry, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):  # obsolete entry
            continue
        if line.startswith("#"):
            if entry is not None and target is not None:
                finish()  # a comment after the strings starts a new entry
            if entry is None:
                entry = Entry(line=number)
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if entry is None:
            entry = Entry(line=number)
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)$", line)
        if match:
            keyword, index, rest = match.group(1), match.group(2), match.group(3)
            if keyword in {"msgctxt", "msgid"} and target is not None and target[0] == "msgstr":
                finish()  # a new entry without the usual blank line
                entry = Entry(line=number)
            if keyword in {"msgctxt", "msgid"}:
                entry.line, entry.has_msgid = number, entry.has_msgid or keyword == "msgid"
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else 0)
                entry.msgstr[target[1]] = _unquote(rest, number, path)
            else:
                target = (keyword, 0)
                setattr(entry, keyword, _unquote(rest, number, path))
            continue
        if line.startswith('"') and target is not None:
            value = _unquote(line, number, path)
            if target[0] == "msgstr":
                entry.msgstr[target[1]] += value
            else:
                setattr(entry, target[0], (getattr(entry, target[0]) or "") + value)
            continue
        raise ValueError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return [entry for entry in entries if entry.has_msgid]


def _placeholders(text: str) -> list[str]:
    return sorted(PYTHON_FORMAT.findall(text.replace("%%", "")))


def problems(entries: list[Entry]) -> list[str]:
    found = []
    for entry in entries:
        label = "header" if entry.msgid == "" and entry.msgctxt is None else repr(entry.msgid)
        if "fuzzy" in entry.flags:
            found.append(f"line {entry.line}: fuzzy: {label}")
        if entry.msgid == "" and entry.msgctxt is None:
            if not entry.msgstr.get(0):
                found.append(f"line {entry.line}: the header is empty")
            continue
        if not entry.msgstr or any(not text for text in entry.msgstr.values()):
            found.append(f"line {entry.line}: untranslated: {label}")
            continue
        if "python-format" in entry.flags:
            # Every translation must use exactly the placeholders of its source. For plurals, the
            # singular form may drop the count (« une page ») but must not add anything.
            sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
            wanted = _placeholders(sources[-1])
            for index, text in sorted(entry.msgstr.items()):
                have = _placeholders(text)
                if have != wanted and not (entry.msgid_plural is not None and set(have) <= set(wanted)):
                    found.append(f"line {entry.line}: placeholders differ in msgstr[{index}] "
                                 f"({', '.join(have) or 'none'} instead of {', '.join(wanted) or 'none'}): {label}")
    return found


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_CATALOG
    try:
        entries = parse_po(path)
    except (OSError, UnicodeDecodeError, ValueError, SyntaxError) as exc:
        print(f"check_translations: {exc}", file=sys.stderr)
        return 2
    found = problems(entries)
    messages = sum(1 for entry in entries if entry.msgid)
    if found:
        print(f"{path}: {len(found)} problem(s) in {messages} messages:", file=sys.stderr)
        for problem in found:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{path}: {messages} messages, all translated, none fuzzy.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
