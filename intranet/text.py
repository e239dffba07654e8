"""Text that people type or files bring in, made safe to display and to export.

One place for two rules that every form, import and export of the project follows:
- `clean_line` / `clean_text`: no invisible format characters. Bidi overrides and isolates
  (U+202A–U+202E, U+2066–U+2069), zero-width spaces and joiners, the BOM and other Unicode "Cf"
  characters can make « Atelier » display as something else, or two names that look the same
  differ; control characters (NUL included) have no business in a name or a title either.
- `spreadsheet_safe`: a cell that starts with = + - @ (or a tab / carriage return) runs as a
  formula when a CSV export is opened in a spreadsheet; it gets a leading apostrophe.
"""

import threading
import unicodedata

# Kept in multi-line text: line breaks and tabs are what people typed.
_MULTILINE_KEEP = frozenset("\n\t")
SPREADSHEET_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def _is_invisible(char: str, keep: frozenset[str] = frozenset()) -> bool:
    return char not in keep and unicodedata.category(char) in {"Cf", "Cc", "Cs", "Co", "Cn"} and char != " "


def clean_line(value: str) -> str:
    """One line of text (a title, a name): NFC-normalised, without control or invisible format
    characters, line breaks turned into spaces, trimmed."""
    if not value:
        return value
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return "".join(char for char in text if not _is_invisible(char)).strip()


def clean_text(value: str) -> str:
    """Several lines (a note, a bio): like clean_line, but line breaks and tabs stay."""
    if not value:
        return value
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in text if not _is_invisible(char, _MULTILINE_KEEP)).strip()


def has_invisible(value: str, *, multiline: bool = False) -> bool:
    """Whether a value holds characters that clean_line / clean_text would remove (imports name
    the cell instead of silently changing it)."""
    keep = _MULTILINE_KEEP if multiline else frozenset()
    return any(_is_invisible(char, keep) for char in str(value or ""))


def spreadsheet_safe(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(SPREADSHEET_RISKY_START) else text


def spreadsheet_row(values) -> list[str]:
    return [spreadsheet_safe(value) for value in values]


# --- HTML that people write (rich descriptions, minutes) or imports bring ---------------------------

# An explicit allow-list (DESIGN §8): structure, emphasis, lists, links and simple tables. No style, no
# script, no event handler, no image (a remote image would leak who reads the page).
ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "blockquote", "h2", "h3", "h4",
    "a", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td", "caption",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "th": ["scope", "colspan", "rowspan"], "td": ["colspan", "rowspan"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})


def clean_html(value: str) -> str:
    """HTML from a person or an import, reduced to the allow-list above: other tags are escaped
    (their text stays readable), comments and disallowed attributes dropped, links limited to
    http(s), mailto and tel and opened without giving the target page a handle on ours."""
    if not value:
        return ""
    cleaner, linker = _html_tools()
    return linker.linkify(cleaner.clean(unicodedata.normalize("NFC", str(value)))).strip()


_tools = threading.local()


def _html_tools():
    """One bleach Cleaner and Linker per thread (they are not thread-safe, and building them costs
    more than cleaning a short description: an import of thousands of events cleans thousands)."""
    if not hasattr(_tools, "cleaner"):
        from bleach.linkifier import Linker
        from bleach.sanitizer import Cleaner

        _tools.cleaner = Cleaner(tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS,
                                 strip=False, strip_comments=True)
        _tools.linker = Linker(callbacks=[_safe_link], skip_tags={"pre", "code"}, parse_email=False)
    return _tools.cleaner, _tools.linker


def _safe_link(attrs, new=False):
    attrs[(None, "rel")] = "noopener noreferrer nofollow"
    return attrs
