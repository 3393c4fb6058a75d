"""The API as a client meets it: real HTTP to a live server (both databases in CI): filters,
cursor pages, drafts hidden, the throttle, a valid OpenAPI schema and a guide whose every
example answers."""

import re
from html import unescape

import pytest
import requests
from openapi_spec_validator import validate

from findings.models import Finding
from inspections.models import Document

from .conftest import SECRET

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api(live_server):
    session = requests.Session()

    def get(path, **params):
        return session.get(f"{live_server.url}/api/v1/{path}", params=params, timeout=30)

    return get


def walk(api, path, **params):
    """Every record of a list, page by page, following ``next``."""
    response = api(path, **params)
    assert response.status_code == 200, response.text
    body = response.json()
    count, records, pages = body["count"], list(body["results"]), 1
    while body["next"]:
        body = requests.get(body["next"], timeout=30).json()
        records += body["results"]
        pages += 1
    return count, records, pages


def test_findings_are_filtered_by_the_findings_page_parameters(api, live_world):
    riverton = api("findings/", authority="riverton").json()
    expected = {f.pk for f in live_world.findings if f.inspection.authority == live_world.riverton}
    assert {f["id"] for f in riverton["results"]} == expected
    assert riverton["count"] == len(expected)

    asked = api("findings/", authority="riverton", kind="asked_to_improve").json()
    assert {f["kind"] for f in asked["results"]} == {"recommendation"}
    # The SIF's one, the ILACS's two and the focused visit's one; strengths are left out.
    assert asked["count"] == 4
    two_kinds = api("findings/", kind=["strength", "recommendation"], region="london").json()
    assert {f["authority"] for f in two_kinds["results"]} == {"southby"}
    assert api("findings/", theme="care-leavers").json()["count"] == 8
    assert api("findings/", follow_up="progress").json()["results"][0]["id"] == (
        live_world.follow_up.recommendation_id
    )
    dated = api("findings/", date_from="2020-01-01", date_to="2023-12-31").json()
    assert {f["event_date"] for f in dated["results"]} == {"2022-05-09"}
    # An invalid filter is an error the client can read, not an empty list.
    bad = api("findings/", kind="nonsense")
    assert bad.status_code == 400 and "kind" in bad.json()


def test_other_lists_filter_by_canonical_codes(api, live_world):
    inspections = api("inspections/", authority="riverton", framework="ilacs_standard").json()
    assert [i["id"] for i in inspections["results"]] == [live_world.inspections[1].pk]
    judgements = inspections["results"][0]["judgements"]
    assert {j["grade"] for j in judgements} == {"good"}
    assert judgements[0]["area"] == "overall_effectiveness" and judgements[0]["preferred"]
    assert judgements[0]["source_url"].endswith(f"/documents/{live_world.documents[1].pk}/#page-1")
    documents = api("documents/", region="london").json()
    assert [d["authority"] for d in documents["results"]] == ["southby"]
    authorities = api("authorities/", region="north_west").json()
    assert [a["slug"] for a in authorities["results"]] == ["riverton"]
    riverton = authorities["results"][0]
    assert riverton["latest_grades"]["overall_effectiveness"]["grade"] == "good"
    assert riverton["statistical_neighbours"] == ["southby"]
    assert riverton["predecessors"] == ["oldshire"]
    assert api("authorities/oldshire/").json()["successors"] == ["riverton"]


def test_cursor_pages_give_every_record_once(api, live_world):
    count, records, pages = walk(api, "findings/", page_size=2)
    ids = [record["id"] for record in records]
    assert count == len(live_world.findings) == len(ids) == len(set(ids))
    assert pages == (count + 1) // 2
    assert ids == sorted(ids)
    first = api("findings/", page_size=2).json()
    back = requests.get(requests.get(first["next"], timeout=30).json()["previous"], timeout=30)
    assert back.json()["results"] == first["results"]
    # Asking for more than the most a page holds gets the most.
    assert len(api("findings/", page_size=10_000).json()["results"]) == count


def test_drafts_are_never_visible(api, live_world):
    for path in ("findings/", "documents/", "inspections/", "follow-ups/", "themes/"):
        assert SECRET not in api(path, page_size=500).text, path
    assert api(f"documents/{live_world.draft.pk}/").status_code == 404
    assert api(f"inspections/{live_world.draft_inspection.pk}/").status_code == 404
    assert api(f"findings/{live_world.draft_findings[0].pk}/").status_code == 404
    assert api(f"findings/{live_world.draft_findings[0].pk}/follow-ups/").status_code == 404
    # The draft's outstanding grade is nowhere: not the latest, not in the history.
    riverton = api("authorities/riverton/").json()
    assert riverton["latest_grades"]["overall_effectiveness"]["grade"] == "good"
    history = api("authorities/riverton/grades/").json()
    assert live_world.draft_inspection.pk not in {row["inspection"] for row in history}
    theme = api("themes/care-leavers/").json()
    assert theme["finding_count"] == 8  # the draft's three are not counted
    # Published, the draft appears (the test would pass with an API that showed nothing).
    Document.objects.filter(pk=live_world.draft.pk).update(is_published=True)
    assert api(f"documents/{live_world.draft.pk}/").status_code == 200
    assert SECRET in api("findings/", page_size=500).text


def test_a_record_links_its_page_and_source(api, live_world, live_server):
    finding = live_world.findings[0]
    record = api(f"findings/{finding.pk}/").json()
    assert record["url"] == f"{live_server.url}/findings/{finding.pk}/"
    assert record["page_url"] == f"{live_server.url}/documents/{finding.document_id}/#page-2"
    assert record["themes"] == ["care-leavers"]
    assert record["follow_up_status"] == "progress"
    document = api(f"documents/{finding.document_id}/").json()
    assert document["page_count"] == 2 and len(document["page_urls"]) == 2
    assert [page["number"] for page in document["pages"]] == [1, 2]
    assert requests.get(record["url"], timeout=30).status_code == 200
    trail = api(f"findings/{finding.pk}/follow-ups/").json()
    assert [(link["evidence"], link["status"], link["current"]) for link in trail] == [
        (live_world.findings[3].pk, "progress", True)
    ]


def test_anonymous_requests_are_throttled_and_staff_are_not(
    api, live_world, live_server, settings, django_user_model
):
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.API_THROTTLE_CACHE = "throttle"
    settings.API_ANON_RATE = "3/minute"
    assert [api("themes/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api("themes/")
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60

    django_user_model.objects.create_user("editor", password="a-long-password", is_staff=True)
    staff = requests.Session()
    login = f"{live_server.url}/admin/login/"
    staff.get(login, timeout=30)
    signed_in = staff.post(
        login,
        data={
            "username": "editor",
            "password": "a-long-password",
            "csrfmiddlewaretoken": staff.cookies["csrftoken"],
            "next": "/admin/",
        },
        headers={"Referer": login},
        timeout=30,
    )
    assert signed_in.url.endswith("/admin/")
    answers = [staff.get(f"{live_server.url}/api/v1/themes/", timeout=30) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 6
    # ...while the anonymous address is still held back.
    assert api("themes/").status_code == 429


def test_the_schema_is_valid_openapi_and_names_every_endpoint(api, live_world):
    response = api("schema/", format="json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # raises on anything the OpenAPI 3 specification forbids
    assert set(schema["paths"]) == {
        "/api/v1/authorities/",
        "/api/v1/authorities/{slug}/",
        "/api/v1/authorities/{slug}/grades/",
        "/api/v1/documents/",
        "/api/v1/documents/{id}/",
        "/api/v1/findings/",
        "/api/v1/findings/{id}/",
        "/api/v1/findings/{id}/follow-ups/",
        "/api/v1/follow-ups/",
        "/api/v1/follow-ups/{id}/",
        "/api/v1/inspections/",
        "/api/v1/inspections/{id}/",
        "/api/v1/themes/",
        "/api/v1/themes/{slug}/",
    }
    findings = {p["name"] for p in schema["paths"]["/api/v1/findings/"]["get"]["parameters"]}
    assert {"q", "authority", "region", "kind", "theme", "framework", "grade"} <= findings
    assert {"follow_up", "follow_up_by", "date_from", "date_to", "cursor"} <= findings


def test_the_guide_lists_every_endpoint_with_an_example_that_answers(api, live_world, live_server):
    schema = api("schema/", format="json").json()
    guide = requests.get(f"{live_server.url}/api/", timeout=30)
    assert guide.status_code == 200
    for path in schema["paths"]:
        assert f"GET {path}" in unescape(guide.text), path
    examples = set(re.findall(r'<a href="([^"]+/api/v1/[^"]+)"><code>', guide.text))
    assert len(examples) == len(schema["paths"])
    for example in examples:
        answer = requests.get(unescape(example), timeout=30)
        assert answer.status_code == 200, example
        assert answer.json(), example  # something to see, not an empty list


def test_an_unknown_record_is_a_json_404(api, live_world):
    response = api("findings/999999/")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/json"
    assert Finding.objects.filter(pk=999999).count() == 0
