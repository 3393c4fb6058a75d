"""Full-text search over findings and document pages, on whichever database runs the tests."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from findings import search_index
from tests.factories import DocumentFactory, DocumentPageFactory, FindingFactory
from website import search
from website.search import fts5_query, highlight

URL = reverse("search")


@pytest.fixture
def corpus(history):
    """Findings and pages that speak of homelessness, one of them much more than the rest."""
    report = history.documents[1]
    ilacs = history.inspections[2]
    strong = FindingFactory(
        inspection=ilacs,
        document=report,
        page=2,
        text="Homeless young people: homelessness assessments for homeless 16 and 17 year olds.",
    )
    weak = FindingFactory(
        inspection=ilacs,
        document=report,
        page=1,
        text="Leaders track many things, including homelessness, across the partnership.",
    )
    page = DocumentPageFactory(
        document=history.documents[3],
        number=3,
        text="Page about <script>alert(1)</script> homelessness and young people.",
    )
    return strong, weak, page


def results(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_findings_and_pages_are_found_ranked(client, corpus):
    strong, weak, page = corpus
    response = results(client, q="homelessness")
    previews = {name: hits for name, _, hits in response.context["previews"]}
    assert [hit.object for hit in previews["findings"]] == [strong, weak]
    assert [hit.object for hit in previews["pages"]] == [page]
    assert response.context["totals"] == {"findings": 2, "pages": 1}


@pytest.mark.django_db
def test_stemming_matches_other_forms_of_a_word(client, corpus):
    strong, weak, _ = corpus
    # Porter stemming on both databases: "homeless" finds "homelessness" too.
    hits = search.matching("findings", "homeless")[:10]
    assert {hit.object for hit in hits} == {strong, weak}


@pytest.mark.django_db
def test_snippets_highlight_matches_and_escape_the_text(client, corpus):
    html = results(client, q="homelessness").content.decode()
    assert "<mark>homelessness</mark>" in html
    assert "<script>alert" not in html
    # SQLite shows the tag as text; PostgreSQL's headline leaves tag-like words out.
    assert "alert(1)" in html


@pytest.mark.django_db
def test_hits_link_to_their_page(client, corpus):
    strong, _, page = corpus
    html = results(client, q="homelessness").content.decode()
    assert f'href="{strong.document.get_absolute_url()}#page-2"' in html
    assert f'href="{page.document.get_absolute_url()}#page-3"' in html


@pytest.mark.django_db
def test_every_word_must_match_and_a_minus_excludes(client, corpus):
    strong, weak, _ = corpus
    assert [h.object for h in search.matching("findings", "homelessness partnership")[:5]] == [
        weak
    ]
    assert [h.object for h in search.matching("findings", "homelessness -partnership")[:5]] == [
        strong
    ]
    assert [h.object for h in search.matching("findings", '"year olds"')[:5]] == [strong]


@pytest.mark.django_db
def test_one_scope_pages_through_its_results(client, corpus, history):
    for n in range(25):
        FindingFactory(
            inspection=history.inspections[2],
            document=history.documents[1],
            text=f"Homelessness finding {n}.",
        )
    response = results(client, q="homelessness", **{"in": "findings", "page": 2})
    assert response.context["page_obj"].paginator.count == 27
    assert len(response.context["hits"]) == 7
    assert "Back to all results" in response.content.decode()


@pytest.mark.django_db
def test_drafts_are_never_found(client, corpus, history):
    draft = DocumentFactory(authority=history.authority, is_published=False)
    FindingFactory(inspection=history.inspections[2], document=draft, text="Homelessness draft.")
    DocumentPageFactory(document=draft, number=1, text="Homelessness draft page.")
    assert results(client, q="homelessness").context["totals"] == {"findings": 2, "pages": 1}


@pytest.mark.django_db
def test_the_index_follows_edits_and_deletions(corpus):
    strong, weak, page = corpus
    strong.text = "Care leavers' accommodation."
    strong.save()
    page.delete()
    assert [h.object for h in search.matching("findings", "homelessness")[:5]] == [weak]
    assert [h.object for h in search.matching("findings", "accommodation")[:5]] == [strong]
    assert search.matching("pages", "homelessness").count() == 0


@pytest.mark.django_db
def test_an_empty_or_wordless_query_finds_nothing(client, corpus):
    assert "previews" not in results(client, q="  ").context
    assert results(client, q='"" - !!').context["totals"] == {"findings": 0, "pages": 0}


@pytest.mark.django_db
def test_search_queries_are_bounded(client, crowd, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        results(client, q="plans children")
    with django_assert_max_num_queries(8):
        results(client, q="plans children", **{"in": "findings"})


@pytest.mark.django_db
def test_the_database_has_its_index():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Stored vector columns (findings 0005) with GIN indexes, kept in the row; 0002's
            # expression indexes are gone.
            cursor.execute(
                "SELECT attrelid::regclass::text, attstorage FROM pg_attribute "
                "JOIN pg_class ON pg_class.oid = attrelid AND relkind = 'r' "
                "WHERE attname = 'search_vector' AND NOT attisdropped"
            )
            assert dict(cursor.fetchall()) == {
                "findings_finding": "m",
                "inspections_documentpage": "m",
            }
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s OR indexname LIKE %s",
                ["%_search_vector", "%_text_search"],
            )
            assert {row[0] for row in cursor.fetchall()} == {
                "findings_finding_search_vector",
                "inspections_documentpage_search_vector",
            }
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_%_fts%'")
            names = {row[0] for row in cursor.fetchall()}
            assert {"search_finding_fts", "search_page_fts", "search_finding_fts_update"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("newest_documents", "next_documents", "common"),
    [
        (500, 1000, 100),  # all among the newest documents
        (1, 1000, 1),  # the newest has one, common enough to read the next ones for the rest
        (1, 1, 1),  # ... but the next ones hold too few: the index
        (1, 1000, 2),  # the newest has too few to call the word common: the index
    ],
)
def test_a_common_query_ranks_its_newest_matches(
    client, history, monkeypatch, newest_documents, next_documents, common
):
    """Past CANDIDATES matches, the newest documents' are ranked, the rest left out, and the
    page says there are more; on PostgreSQL, whether they are found among the newest
    documents read one by one (NEWEST_DOCUMENTS, then NEXT_DOCUMENTS more if it found at
    least COMMON) or through the index."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "NEWEST_DOCUMENTS", newest_documents)
    monkeypatch.setattr(search, "NEXT_DOCUMENTS", next_documents)
    monkeypatch.setattr(search, "COMMON", common)
    dates = [datetime.date(2015 + n, 1, 1) for n in range(5)]
    # The oldest is the best match: it still loses its place to newer ones.
    texts = ["Fostering fostering foster carers foster.", *["A foster carer."] * 4]
    findings = [
        FindingFactory(
            document=DocumentFactory(authority=history.authority, document_date=date),
            text=text,
        )
        for date, text in zip(dates, texts, strict=True)
    ]
    findings[3].text = "Foster carers and fostering panels for foster children."
    findings[3].save()
    results = search.matching("findings", "foster")
    assert results.capped and results.count() == 3
    # The two alike tie, and the older row comes first.
    assert [hit.object for hit in results[:3]] == [findings[3], findings[2], findings[4]]

    html = client.get(URL, {"q": "foster"}).content.decode()
    assert "more than 3" in html and "among the newest 3" in html
    results_page = client.get(URL, {"q": "foster", "in": "findings"})
    assert results_page.context["capped"]
    assert "More than <strong>3</strong> findings match" in results_page.content.decode()


@pytest.mark.django_db
def test_queries_do_not_grow_past_the_candidates(
    client, history, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(search, "CANDIDATES", 3)
    for n in range(12):
        FindingFactory(
            document=DocumentFactory(authority=history.authority),
            text=f"Homelessness finding {n}.",
        )
        DocumentPageFactory(number=1, text=f"Homelessness page {n}.")
    with django_assert_max_num_queries(10):
        response = results(client, q="homelessness")
    assert response.context["totals"] == {"findings": 3, "pages": 3}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers only")
def test_installing_again_restores_dropped_triggers(corpus):
    strong = corpus[0]
    with connection.cursor() as cursor:
        # What a migration that rebuilds the findings table does to its triggers.
        cursor.execute("DROP TRIGGER search_finding_fts_insert")
    search_index.install_index(connection)
    added = FindingFactory(
        inspection=strong.inspection, document=strong.document, text="Homelessness again."
    )
    assert search.matching("findings", "homelessness").count() == 3
    assert added in {h.object for h in search.matching("findings", "homelessness")[:5]}


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("care leavers", '(("care") AND ("leavers"))'),
        ('"front door" exploitation', '(("front door") AND ("exploitation"))'),
        ("neglect or exploitation", '(("neglect" OR "exploitation"))'),
        ("homelessness -housing", '(("homelessness")) NOT "housing"'),
        # FTS5's own operators and syntax arrive only as quoted words.
        ("AND NEAR( col:x ^y *", '(("AND") AND ("NEAR") AND ("col x") AND ("y"))'),
        ("-only -negatives", ""),
        ("", ""),
    ],
)
def test_user_input_becomes_a_safe_fts5_query(text, query):
    assert fts5_query(text) == query


def test_highlighting_escapes_first():
    marked = highlight(f"a <b>{search.START}care{search.STOP}</b>\n  leaver")
    assert marked == "a &lt;b&gt;<mark>care</mark>&lt;/b&gt; leaver"
