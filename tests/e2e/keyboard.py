"""Keyboard-only browsing for the browser tests, with the focus checks every journey makes.

`KeyboardUser` drives a page with the keyboard alone (Tab, Shift+Tab, Enter, Space, arrows and typing
into the focused field) and checks, at every Tab stop, what a sighted keyboard user relies on
(RGAA 10.7, 12.8, 12.7; WCAG 2.4.1, 2.4.3, 2.4.7, 2.4.11):

- the first Tab from the top of a page reaches the skip link, which is then on screen, and Enter on
  it moves the focus into <main>;
- each focused element is visible, on screen and not covered by another element;
- each focused element shows a focus indicator: a computed outline at least 2px wide, or a box-shadow;
- inside <main>, the focused elements follow the reading order: each one is below the previous one,
  on the same line, or in the next column of the same row (a grid, a flex row, a table row) — never
  back up the page otherwise.

Every Tab stop is recorded (`trail`) so a failure names the whole sequence.
"""

import itertools
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Page

# Pixels of slack for sub-pixel layout and outline offsets.
TOLERANCE = 2
MIN_OUTLINE_PX = 2

# What document.activeElement is, where it is drawn, and how its focus shows. `window.__keyboardPrev`
# holds the previous element focused inside <main> on this page, to tell whether both sit in one
# row container (they then may be side by side, the second one higher up).
_FOCUSED_JS = """
(target) => {
  const el = document.activeElement;
  const main = document.querySelector('main');
  if (!el || el === document.body || el === document.documentElement) return null;
  const describe = (node) => {
    let text = node.tagName.toLowerCase();
    if (node.id) text += '#' + node.id;
    const name = node.getAttribute('name');
    if (name) text += `[name="${name}"]`;
    if (node.getAttribute('type')) text += `[type="${node.getAttribute('type')}"]`;
    if (node.getAttribute('href')) text += `[href="${node.getAttribute('href')}"]`;
    if (node.getAttribute('value') && node.tagName !== 'INPUT') text += `[value="${node.getAttribute('value')}"]`;
    const label = (node.getAttribute('aria-label') || node.innerText || node.value || '').trim().replace(/\\s+/g, ' ');
    if (label && node.tagName !== 'SELECT' && node.tagName !== 'TEXTAREA') text += ` «${label.slice(0, 40)}»`;
    return text;
  };
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  let opacity = 1;
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    opacity *= parseFloat(getComputedStyle(node).opacity);
  }
  // Covered? The element drawn at the centre of its first box (a link wrapped on two lines has one
  // box a line) must be it, inside it, or its label.
  const first = el.getClientRects()[0] || r;
  const cx = Math.min(Math.max(first.left + first.width / 2, 0), innerWidth - 1);
  const cy = Math.min(Math.max(first.top + first.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(cx, cy);
  const labels = el.labels ? [...el.labels] : [];
  const uncovered = !!hit && (hit === el || el.contains(hit) || labels.some((l) => l === hit || l.contains(hit)));
  const inMain = !!main && main !== el && main.contains(el);
  // One row container holding both this element and the previous one focused in <main>?
  let sameRowContainer = false;
  const prev = window.__keyboardPrev;
  if (inMain && prev && prev !== el && prev.isConnected) {
    let common = prev.parentElement;
    while (common && !common.contains(el)) common = common.parentElement;
    for (let node = common; node && node !== main; node = node.parentElement) {
      const cs = getComputedStyle(node);
      const flexRow = cs.display.includes('flex') && !cs.flexDirection.startsWith('column');
      if (cs.display.includes('grid') || flexRow || cs.display === 'table-row' || node.tagName === 'TR'
          || cs.columnCount !== 'auto') { sameRowContainer = true; break; }
    }
  }
  if (inMain) window.__keyboardPrev = el;
  return {
    describe: describe(el),
    tag: el.tagName.toLowerCase(),
    isMain: el === main,
    inMain,
    matches: target ? el.matches(target) : false,
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
    visibility: style.visibility,
    opacity,
    uncovered,
    sameRowContainer,
    box: {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left + scrollX, right: r.right + scrollX,
          width: r.width, height: r.height},
    view: {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: innerWidth, height: innerHeight},
  };
}
"""


@dataclass
class Stop:
    """One element the focus landed on."""

    describe: str
    info: dict

    def __str__(self) -> str:
        box = self.info["box"]
        return f"{self.describe} @({box['left']:.0f},{box['top']:.0f})"


@dataclass
class KeyboardUser:
    """A person using the page with the keyboard only. `trail` is the sequence of Tab stops on the
    current page since `arrive()`."""

    page: Page
    trail: list[Stop] = field(default_factory=list)
    pages: int = 0
    tab_presses: int = 0

    # -- checks -------------------------------------------------------------------------------------

    def _trail_text(self) -> str:
        return "\n    ".join(f"{n + 1:2d}. {stop}" for n, stop in enumerate(self.trail))

    def _focused(self, target: str | None = None) -> dict | None:
        return self.page.evaluate(_FOCUSED_JS, target)

    def check_stop(self, info: dict) -> None:
        """The focused element is visible, on screen, uncovered, with a visible focus indicator."""
        where = f"on {self.page.url}, focus on {info['describe']}"
        box, view = info["box"], info["view"]
        assert info["visibility"] == "visible" and info["opacity"] > 0.1, f"{where}: the focused element is invisible"
        assert box["width"] > 1 and box["height"] > 1, (
            f"{where}: the focused element is {box['width']:.0f}×{box['height']:.0f}px (hidden off the page?)")
        on_screen = (view["bottom"] > 0 and view["top"] < view["height"]
                     and view["right"] > 0 and view["left"] < view["width"])
        assert on_screen, f"{where}: the focused element is off-screen at {view}"
        assert info["uncovered"], f"{where}: the focused element is covered by another element"
        outline = info["outlineStyle"] != "none" and info["outlineWidth"] >= MIN_OUTLINE_PX
        shadow = info["boxShadow"] not in ("", "none")
        assert outline or shadow, (
            f"{where}: no visible focus indicator (outline {info['outlineStyle']} {info['outlineWidth']}px, "
            f"box-shadow {info['boxShadow']})")

    def check_reading_order(self) -> None:
        """Inside <main>, each Tab stop is below the previous one, on the same line, or in the next
        column of one row container; never back up the page otherwise."""
        stops = [stop for stop in self.trail if stop.info["inMain"]]
        for before, after in itertools.pairwise(stops):
            a, b = before.info["box"], after.info["box"]
            if before.describe == after.describe and a == b:
                continue  # the same field (Tab moves between the parts of a date or time input)
            same_line = b["top"] < a["bottom"] - TOLERANCE and b["bottom"] > a["top"] + TOLERANCE
            downwards = b["top"] >= a["top"] - TOLERANCE
            next_column = b["left"] >= a["right"] - TOLERANCE and after.info["sameRowContainer"]
            assert same_line or downwards or next_column, (
                f"on {self.page.url}, the focus jumps back up the page from {before} to {after}:\n    "
                + self._trail_text())

    # -- moving -------------------------------------------------------------------------------------

    def arrive(self) -> None:
        """On a page just loaded, focus at its top: the first Tab reaches the skip link, on screen
        with its focus ring; Enter on it moves the focus into <main>. The trail starts again there."""
        self.pages += 1
        self.trail = []
        self.page.wait_for_load_state("load")  # the stylesheet applied
        self.page.keyboard.press("Tab")
        self.tab_presses += 1
        info = self._focused("a.skip-link")
        assert info is not None and info["matches"], (
            f"on {self.page.url}, the first Tab reaches {info and info['describe']}, not the skip link")
        self.check_stop(info)
        self.page.keyboard.press("Enter")
        landed = self._focused()
        assert landed is not None and landed["isMain"], (
            f"on {self.page.url}, Enter on the skip link leaves the focus on {landed and landed['describe']}")

    def tab_to(self, selector: str, *, backwards: bool = False, max_presses: int = 120) -> Stop:
        """Tab (or Shift+Tab) until the focus is on an element matching the CSS selector, checking
        every stop on the way and the reading order of all of them."""
        key = "Shift+Tab" if backwards else "Tab"
        for _press in range(max_presses):
            self.page.keyboard.press(key)
            self.tab_presses += 1
            info = self._focused(selector)
            assert info is not None, (
                f"on {self.page.url}, {key} sent the focus out of the page looking for {selector}:\n    "
                + self._trail_text())
            stop = Stop(info["describe"], info)
            self.trail.append(stop)
            self.check_stop(info)
            if not backwards:
                self.check_reading_order()
            if info["matches"]:
                return stop
            if not backwards and not info["inMain"] and any(s.info["inMain"] for s in self.trail):
                raise AssertionError(f"on {self.page.url}, {selector} is not reachable by Tab inside <main>:\n    "
                                     + self._trail_text())
        raise AssertionError(f"on {self.page.url}, {selector} not reached in {max_presses} Tabs:\n    "
                             + self._trail_text())

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def type(self, text: str, *, replace: bool = False) -> None:
        """Type into the focused field; `replace` selects what it holds first (Ctrl+A)."""
        if replace:
            self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def focused(self) -> str:
        info = self._focused()
        return info["describe"] if info else "<body>"

    @contextmanager
    def loading_next_page(self):
        """Wrap the key press that submits a form or follows a link: waits for the new page, then
        `arrive()`s on it (the focus must start again from its top)."""
        with self.page.expect_navigation(wait_until="load"):
            yield
        self.arrive()

    def activate(self, key: str = "Enter") -> None:
        """Press Enter (or Space) on the focused link or button and arrive on the page it loads."""
        with self.loading_next_page():
            self.page.keyboard.press(key)

    def arrow_to(self, selector: str, *, key: str = "ArrowDown", max_presses: int = 12) -> None:
        """Arrow keys inside a radio group (each press moves the focus and checks the next radio) until
        the focused radio matches the selector."""
        for _press in range(max_presses):
            info = self._focused(selector)
            assert info is not None, f"on {self.page.url}, the focus left the page in a radio group"
            if info["matches"]:
                self.check_stop(info)
                return
            self.page.keyboard.press(key)
        raise AssertionError(f"on {self.page.url}, {key} never reached {selector} (focus on {self.focused()})")

    def choose_option(self, value: str, *, key: str = "ArrowDown", max_presses: int = 40) -> None:
        """Arrow keys on the focused closed <select> until it holds `value` (Chromium changes the
        choice without opening the list)."""
        for _press in range(max_presses):
            current = self.page.evaluate(
                "() => document.activeElement.tagName === 'SELECT' ? document.activeElement.value : null")
            assert current is not None, f"on {self.page.url}, the focus is on {self.focused()}, not a <select>"
            if current == value:
                return
            self.page.keyboard.press(key)
        raise AssertionError(f"on {self.page.url}, {key} never chose {value!r} in {self.focused()}")
