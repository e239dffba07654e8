"""What every page's HTML must hold, whatever the page: ids used once, and every id that a label,
a description or a region points to present on the page (a screen reader follows them)."""

from collections import Counter

from bs4 import BeautifulSoup

REFERENCING_ATTRIBUTES = ("for", "aria-describedby", "aria-labelledby", "aria-controls")


def duplicate_ids(html: str | bytes) -> list[str]:
    counts = Counter(tag["id"] for tag in BeautifulSoup(html, "html.parser").find_all(id=True))
    return sorted(name for name, count in counts.items() if count > 1)


def dangling_references(html: str | bytes) -> list[str]:
    """`attribute=id` for each reference to an id the page does not have."""
    page = BeautifulSoup(html, "html.parser")
    ids = {tag["id"] for tag in page.find_all(id=True)}
    return sorted(
        f"{attribute}={target}"
        for attribute in REFERENCING_ATTRIBUTES
        for tag in page.find_all(attrs={attribute: True})
        for target in tag[attribute].split()
        if target not in ids
    )


def texts(html: str | bytes, selector: str) -> list[str]:
    """The text of each element the CSS selector finds, whitespace collapsed: what a reader sees."""
    return [" ".join(tag.get_text(" ").split()) for tag in BeautifulSoup(html, "html.parser").select(selector)]
