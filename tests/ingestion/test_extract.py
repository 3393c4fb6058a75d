"""Extraction refuses what is not a readable document, with a reason a person understands."""

import io

import pytest
from pypdf import PdfWriter

from ingestion.extract import UnreadableDocument, extract, read_tables, restore_apostrophes
from ingestion.pipeline import parse_bytes
from tests.corpus import pdf_path, requires_corpus


def blank_pdf(pages=1, *, password=None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def refusal(data: bytes, filename: str = "x.pdf", **limits) -> str:
    with pytest.raises(UnreadableDocument) as error:
        extract(data, filename=filename, **limits)
    return str(error.value)


def test_empty_file():
    assert refusal(b"") == "the file is empty"


def test_html_saved_as_pdf():
    page = b"<!DOCTYPE html><html><head><title>Error</title></head><body>404</body></html>"
    assert "HTML page" in refusal(page)


def test_random_bytes_named_pdf():
    assert "no PDF header" in refusal(bytes(range(256)) * 10)


def test_binary_file_named_txt():
    assert "binary file" in refusal(b"\x00\x01\x02" * 100, "notes.txt")


def test_invalid_utf8_text():
    assert "not valid UTF-8" in refusal(b"Inspection of Kent \xff\xfe children", "a.txt")


def test_over_the_size_limit():
    assert "over the 1 MB limit" in refusal(b"%PDF-1.7" + b"0" * 2_000_000, max_bytes=1_048_576)


def test_encrypted_pdf():
    assert refusal(blank_pdf(password="secret")) == "the PDF is encrypted with a password"


def test_image_only_pdf_without_text_layer():
    assert "no text layer" in refusal(blank_pdf(3))


def test_too_many_pages():
    assert "over the 5 limit" in refusal(blank_pdf(6), max_pages=5)


def test_text_pages_split_on_form_feeds():
    extraction = extract(
        "Focused visit to Kent\fPage two\u00a0text\fPage three".encode(), filename="a.txt"
    )
    assert extraction.media_type == "text/plain"
    assert [p.number for p in extraction.pages] == [1, 2, 3]
    assert extraction.pages[1].text == "Page two text"


def test_markdown_is_accepted():
    assert extract(b"# Report\n\nText", filename="paper.md").media_type == "text/markdown"


@requires_corpus
def test_truncated_real_pdf_is_refused_at_every_cut():
    data = pdf_path("kent__children's services focused visit - 08 february 2019").read_bytes()
    for fraction in (0.05, 0.3, 0.6, 0.9):
        message = refusal(data[: int(len(data) * fraction)])
        assert "damaged" in message or "no text layer" in message


@requires_corpus
def test_real_report_pages_and_grade_table():
    path = pdf_path("kent__children's services inspection - 05 july 2022")
    extraction = extract(path.read_bytes(), filename=path.name)
    assert len(extraction.pages) == 12
    assert extraction.pages[0].text.startswith("Inspection of Kent County Council")
    rows = extraction.pages[0].tables[0]
    assert rows[0] == ("Judgement", "Grade")
    assert rows[-1] == ("Overall effectiveness", "Outstanding")


@requires_corpus
def test_the_html_page_in_the_corpus_is_refused():
    path = pdf_path("birmingham__children's services inspection - 19 october 2012")
    assert "HTML page" in refusal(path.read_bytes(), path.name)


KENT_2022 = "kent__children's services inspection - 05 july 2022"


@requires_corpus
def test_grade_tables_are_read_only_when_asked_for():
    path = pdf_path(KENT_2022)
    data = path.read_bytes()
    eager, lazy = extract(data, filename=path.name), extract(data, tables=False)
    assert [page.text for page in lazy.pages] == [page.text for page in eager.pages]
    assert not any(page.tables for page in lazy.pages)
    # The page that looks like it holds the grade table is named, and read on request.
    assert (eager.table_pages, lazy.table_pages) == ((), (1,))
    assert read_tables(data, lazy.table_pages) == {1: eager.pages[0].tables}


def parsed(data: bytes, **kwargs):
    return parse_bytes(data, filename="report.pdf", max_bytes=50_000_000, max_pages=500, **kwargs)


@requires_corpus
def test_a_report_whose_text_gives_every_grade_costs_no_layout_analysis():
    outcome = parsed(pdf_path(KENT_2022).read_bytes())
    assert outcome.ok and not any(page.tables for page in outcome.pages)
    assert ("judgements", "text") in outcome.parsed.found_by
    grades = {j.area: j.grade for j in outcome.parsed.inspections[0].judgements}
    assert grades == {
        "impact_of_leaders": "outstanding",
        "help_and_protection": "good",
        "children_in_care_and_care_leavers": "outstanding",
        "overall_effectiveness": "outstanding",
    }


@requires_corpus
def test_a_parse_the_text_leaves_unsure_is_done_again_with_the_grade_table():
    # Read as a SIF report (as staff may choose), Kent's ILACS report fails on its text: the
    # table is read and the parse done again with it (which fails too, and says why).
    outcome = parsed(pdf_path(KENT_2022).read_bytes(), parser="sif")
    assert outcome.pages[0].tables[0][0] == ("Judgement", "Grade")
    assert not outcome.ok and "read as Single inspection framework report" in outcome.error


def test_a_text_copy_that_lost_every_apostrophe_gets_its_certain_possessives_back():
    lost = "The local authoritys childrens services heard young peoples views. Boards met."
    pages = extract(lost.encode(), filename="copy.txt").pages
    assert pages[0].text == (
        "The local authority's children's services heard young people's views. Boards met."
    )
    assert restore_apostrophes("Childrens services") == "Children's services"
    # A copy that kept its apostrophes is read as it is, odd spellings and all.
    kept = "The council's report on childrens services."
    assert extract(kept.encode(), filename="copy.txt").pages[0].text == kept
