"""Walking the pages in a real browser: axe-core's accessibility rules, sideways scrolling on a
phone, and the links a signed-in user can follow from the home page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
"""axe-core 4.14 (npm ``axe-core``, MPL-2.0, licence beside it), injected by the tests only."""

BLOCKING = {"serious", "critical"}

SKIPPED_PREFIXES = ("/api/", "/static/", "/i18n/", "/accounts/logout", "/formList", "/submission")
"""Not pages of the interface (the API's own documentation page is walked by the API's tests)."""


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.keyboard.press("Enter")
    page.wait_for_selector("main h1")
    # app.js is deferred: the page is judged once its enhancements (collapsed menu) are on.
    page.wait_for_selector("html.js", state="attached")


def axe_violations(page: Any) -> list[str]:
    """Serious and critical violations of WCAG 2.1 A/AA rules on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol: the page's strict CSP forbids inline
        # scripts, and rightly so; the test does not loosen it.
        page.evaluate(AXE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in BLOCKING
    ]


def sideways_overflow(page: Any) -> str:
    """What sticks out of the viewport to the right, or "" when the page fits its width."""
    return str(
        page.evaluate(
            """() => {
            const width = document.documentElement.clientWidth;
            if (document.documentElement.scrollWidth <= width) { return ''; }
            const wide = [...document.querySelectorAll('body *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.right > width + 1 && r.width > 0
                    && getComputedStyle(e).position !== 'absolute';
            }).slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className);
            const total = document.documentElement.scrollWidth;
            return total + 'px > ' + width + 'px: ' + wide.join(', ');
        }"""
        )
    )


def small_targets(page: Any) -> list[str]:
    """Buttons, inputs and menu links smaller than 44 px in height (WCAG 2.5.5's target size;
    links inside running text are exempt, as the criterion allows)."""
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll(
                'main button, main select, '
                + 'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), '
                + 'main select, .top nav a, .bottom a, main .button, .tasks a')]
              .filter(e => e.offsetParent !== null)
              .filter(e => e.getBoundingClientRect().height < 43.5)
              .slice(0, 5)
              .map(e => e.outerHTML.slice(0, 80))"""
        )
    )


def links_on(page: Any, base: str) -> list[str]:
    """Same-site page links of the current page, without fragments."""
    # Links to files (``download``) start a download, not a page.
    hrefs = page.evaluate(
        "() => [...document.querySelectorAll('a[href]:not([download])')].map(a => a.href)"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(urljoin(page.url, href))
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found
