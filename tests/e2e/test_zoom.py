"""Text enlarged to 200 % without loss of content (WCAG 1.4.4, RGAA 10.4): on a handful of
representative pages at 1280 px, the root font size doubled (what a browser's text-only zoom or a
larger default font does; the site sizes its text in rem), the page does not scroll sideways and
no visible text is cut off by a box that hides its overflow.

The font size is set from the automation channel (`element.style`), which the page's
Content-Security-Policy does not cover (it refuses inline <style>)."""

import re

from playwright.sync_api import Page

from intranet.demo import DEMO_ACCOUNTS
from intranet.models import User
from intranet.roles import Role
from tests.e2e.test_accessibility_sweep import _log_in
from tests.page_types import page_types

REPRESENTATIVE = ["dashboard", "tutorial page", "rooms finder", "meeting page", "skills map", "documents folder"]

ENLARGE_TEXT_JS = """() => {
  document.documentElement.style.fontSize = '200%';
  return getComputedStyle(document.body).fontSize;
}"""

# Visible elements holding text of their own whose content is wider (or taller) than their box while
# the box hides what overflows: the text is cut. Scrolling boxes (overflow auto/scroll) keep it
# reachable; visually hidden texts (1 px, clipped) are meant for screen readers only.
CLIPPED_TEXT_JS = """
() => {
  const classes = (el) => typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes(el);
  const hides = (value) => value === 'hidden' || value === 'clip';
  const inlineText = (child) => getComputedStyle(child).display.startsWith('inline')
    && (child.textContent || '').trim();
  const clipped = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;  // visually hidden, or empty
    const ownText = [...el.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim())
      || [...el.children].some(inlineText);
    if (!ownText) continue;
    const wide = hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    const tall = hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const ellipsis = style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1;
    if (wide || tall || ellipsis) {
      clipped.push(`${describe(el)} « ${el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60)} »`
        + ` (content ${el.scrollWidth}x${el.scrollHeight}px in a ${el.clientWidth}x${el.clientHeight}px box)`);
    }
  }
  return clipped.slice(0, 15);
}
"""

WIDER_THAN_PAGE_JS = """
() => {
  const past = (el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5;
  return [...document.querySelectorAll('body *')]
  .filter((el) => past(el) && getComputedStyle(el).position !== 'fixed' && ![...el.children].some(past)
                  && !el.parentElement.closest('[role="region"][tabindex="0"]'))  // scrolled in its box
  .slice(0, 10)
  .map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    + ` (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`);
}
"""


PROBE_JS = """() => {
  const probe = document.createElement('p');
  probe.id = 'zoom-probe';
  probe.textContent = 'Une ligne bien trop longue pour sa boîte';
  Object.assign(probe.style, {width: '5rem', overflow: 'hidden', whiteSpace: 'nowrap'});
  document.querySelector('main').append(probe);
}"""


def _problems_at_200_percent(page: Page) -> list[str]:
    problems = []
    font_size = page.evaluate(ENLARGE_TEXT_JS)
    assert font_size == "32px", f"the text did not grow to 200 % on {page.url}: body font size {font_size}"
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll_width > client_width:
        problems.append(f"the page scrolls sideways ({scroll_width}px of content in {client_width}px); past the "
                        "right edge: " + ", ".join(page.evaluate(WIDER_THAN_PAGE_JS)))
    problems += [f"text cut off: {element}" for element in page.evaluate(CLIPPED_TEXT_JS)]
    return problems


def test_representative_pages_keep_all_their_text_at_200_percent(demo_network, page, screenshots):
    user = User.objects.get(email=DEMO_ACCOUNTS[Role.COORDINATION])
    _log_in(page, DEMO_ACCOUNTS[Role.COORDINATION])
    by_name = {page_type.name: page_type for page_type in page_types()}
    problems = []
    for name in REPRESENTATIVE:
        url = by_name[name].url(user)
        assert url, f"the demo network has no {name} for the coordination"
        response = page.goto(url)
        assert response and response.status == 200, f"{name} ({url}) answered {response and response.status}"
        found = _problems_at_200_percent(page)
        screenshots.take(page, re.sub(r"\W+", "-", f"{name}-200pc"))
        problems += [f"{name} ({url}): {problem}" for problem in found]
    assert not problems, "content lost with the text at 200 %:\n" + "\n".join(problems)

    # The checker sees cut text: a line too long for its box, which hides the rest.
    page.evaluate(PROBE_JS)
    assert any(problem.startswith("text cut off: p#zoom-probe") for problem in _problems_at_200_percent(page))
