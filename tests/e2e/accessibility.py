"""Accessibility checks run on every page the browser tests visit.

`assert_basic_accessibility` is a handful of structural checks in plain JavaScript (language,
labels, alternative text, landmarks, one h1). `assert_no_axe_violations` runs axe-core
(node_modules/axe-core, installed by `npm ci` from package-lock.json) with the WCAG 2 A/AA rules and
fails on serious or critical violations; a missing axe-core fails the test too.
"""

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}

# axe rule ids of violations already reported to be fixed in the app's templates or CSS, ignored
# here until they are. Keep it empty; every entry needs a comment naming the page and the element.
KNOWN_AXE_VIOLATIONS: set[str] = set()

_BASIC_CHECKS_JS = """
() => {
  const problems = [];
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += '#' + el.id;
    if (el.getAttribute('name')) text += `[name="${el.getAttribute('name')}"]`;
    if (el.className && typeof el.className === 'string') text += '.' + el.className.trim().split(/\\s+/).join('.');
    return text;
  };
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length)
    && getComputedStyle(el).visibility !== 'hidden';
  const hasText = (el) => !!el && (el.textContent || '').trim().length > 0;

  if (!(document.documentElement.getAttribute('lang') || '').trim()) {
    problems.push('<html> has no lang attribute');
  }
  if (!document.title.trim()) problems.push('the page has no <title>');

  const skipped = new Set(['hidden', 'submit', 'button', 'reset', 'image']);
  for (const field of document.querySelectorAll('input, select, textarea')) {
    if (field.tagName === 'INPUT' && skipped.has((field.getAttribute('type') || 'text').toLowerCase())) continue;
    if (!visible(field)) continue;
    const byFor = field.id && [...document.querySelectorAll('label[for]')]
      .some((label) => label.htmlFor === field.id && hasText(label));
    const wrapped = hasText(field.closest('label'));
    const ariaLabel = (field.getAttribute('aria-label') || '').trim().length > 0;
    const labelledBy = (field.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
      .some((id) => hasText(document.getElementById(id)));
    if (!(byFor || wrapped || ariaLabel || labelledBy)) problems.push(`form field without a label: ${describe(field)}`);
  }

  for (const img of document.querySelectorAll('img')) {
    if (!img.hasAttribute('alt')) problems.push(`image without alt: ${img.getAttribute('src')}`);
  }

  const count = (selector) => document.querySelectorAll(selector).length;
  if (count('main') !== 1) problems.push(`expected exactly one <main>, found ${count('main')}`);
  if (count('header[role="banner"]') !== 1) {
    problems.push(`expected one <header role="banner">, found ${count('header[role="banner"]')}`);
  }
  if (count('footer') < 1) problems.push('no <footer>');
  if (count('h1') !== 1) problems.push(`expected exactly one <h1>, found ${count('h1')}`);
  else if (!hasText(document.querySelector('h1'))) problems.push('the <h1> is empty');
  return problems;
}
"""


def assert_basic_accessibility(page: Page) -> None:
    problems = page.evaluate(_BASIC_CHECKS_JS)
    assert not problems, f"accessibility problems on {page.url}:\n  " + "\n  ".join(problems)


def _run_axe(page: Page) -> dict:
    """axe.run, waiting for a run already under way: on the pages that Wagtail serves, its userbar
    bundles axe-core and runs its own accessibility check as the page loads, and axe refuses two
    runs at once."""
    for _attempt in range(40):
        try:
            return page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        except PlaywrightError as error:
            if "already running" not in str(error):
                raise
            page.wait_for_timeout(250)
    raise AssertionError(f"axe-core stayed busy on {page.url} for 10 s")


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations of the current page (WCAG 2 A and AA rules), minus
    the known ones."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's automation channel, which the page's Content-Security-Policy
        # does not cover: an injected <script> tag would be refused (no inline script).
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;undefined")
    result = _run_axe(page)
    return [
        violation
        for violation in result["violations"]
        if violation["impact"] in AXE_FAILING_IMPACTS and violation["id"] not in KNOWN_AXE_VIOLATIONS
    ]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            target = " ".join(" > ".join(part) if isinstance(part, list) else part for part in node["target"])
            lines.append(f"    {target}")
            lines.append(f"      {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page) -> None:
    # A missing checker is a failure, not a skip: `make test` installs it with `npm ci`.
    assert AXE_SCRIPT.exists(), f"axe-core is not installed ({AXE_SCRIPT}): run `npm ci`"
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {page.url}:\n{format_violations(violations)}"


def assert_accessible(page: Page) -> None:
    """Both checks; called after every navigation of the browser tests."""
    assert_basic_accessibility(page)
    assert_no_axe_violations(page)
