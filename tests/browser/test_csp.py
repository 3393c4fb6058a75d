"""The Content-Security-Policy breaks nothing: a real Chromium reports no violation on the
public pages or the staff admin, and an injected inline script would not run.

(Part of the reliability work, docs/reliability.md; here to share the one browser session.)
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from inspections.models import Document, Inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Collects every violation the browser reports, page by page.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def violations_on(page, path: str) -> list[str]:
    response = page.goto(path)
    assert response.status < 400, path
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__violations")


def test_no_page_breaks_the_policy(page, live_server):
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text))
    document = Document.objects.public().first()
    inspection = Inspection.objects.public().first()
    public = ["/", "/authorities/", "/authorities/kent/", "/findings/", "/search/?q=plans"]
    public += ["/compare/?a=kent&a=kensington-and-chelsea"]
    public += [document.get_absolute_url(), inspection.get_absolute_url()]
    found = {path: violations_on(page, path) for path in public}

    get_user_model().objects.create_superuser("root", password="pw-root-123456")
    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "pw-root-123456")
    page.click("input[type=submit]")
    staff = [
        "/admin/",
        "/admin/inspections/document/",
        f"/admin/inspections/document/{document.pk}/change/",
        f"/admin/inspections/inspection/{inspection.pk}/change/",
        "/admin/findings/finding/",
        "/admin/inspections/document/upload/",
        f"/admin/inspections/document/{document.pk}/history/",
        f"/admin/inspections/historicalfinding/?document__id__exact={document.pk}",
    ]
    found |= {path: violations_on(page, path) for path in staff}
    # django-simple-history's list of past versions sets one style attribute (no top border
    # on its paginator); the policy drops it and the page works. Nothing else may break it.
    history = f"/admin/inspections/document/{document.pk}/history/"
    assert found[history] == ["style-src-attr inline"]
    del found[history]
    assert {path: v for path, v in found.items() if v} == {}
    reported = [text for text in console if "Content Security Policy" in text]
    assert len(reported) == 1 and "inline style" in reported[0], reported  # the history list


def test_an_injected_inline_script_does_not_run(page):
    page.goto("/")
    ran = page.evaluate(
        """() => new Promise((resolve) => {
            window.__ran = false;
            const script = document.createElement("script");
            script.textContent = "window.__ran = true;";
            document.addEventListener("securitypolicyviolation", () => resolve(window.__ran));
            document.body.appendChild(script);
            setTimeout(() => resolve(window.__ran), 2000);
        })"""
    )
    assert ran is False
