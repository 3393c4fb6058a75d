"""Recaps of earlier inspections, read from real Ofsted reports and letters."""

import datetime

import pytest

from ingestion.extract import extract
from ingestion.recaps import find_recaps
from ingestion.types import Page
from tests.corpus import requires_corpus
from tests.ingestion.parsers.conftest import pages_of, seed_pages

pytestmark = requires_corpus

D = datetime.date


def summary(recaps):
    """Each recap as (framework, start, end, precision, {area: (grade, page)})."""
    return [
        (
            r.framework,
            r.start_date,
            r.end_date,
            r.date_precision,
            {j.area: (j.grade, j.page) for j in r.judgements},
        )
        for r in recaps
    ]


def test_kent_focused_visit_2019_recaps_the_2017_sif():
    # "Ofsted last inspected Kent county council children's services in 2017, giving an overall
    # judgement of good, with the response to children who need help and protection graded as
    # requiring improvement to be good."
    recaps = find_recaps(
        seed_pages("000"), own_framework="focused_visit", own_start=D(2019, 1, 14)
    )
    assert summary(recaps) == [
        (
            "sif",
            D(2017, 1, 1),
            D(2017, 12, 31),
            "year",
            {
                "overall_effectiveness": ("good", 1),
                "help_and_protection": ("requires_improvement", 1),
            },
        )
    ]
    assert all(r.is_recap for r in recaps)


def test_kent_sif_2017_recaps_the_2010_and_2013_inspections():
    recaps = find_recaps(seed_pages("001"), own_framework="sif", own_start=D(2017, 3, 6))
    assert summary(recaps) == [
        # "Following an inspection of safeguarding and children looked after in 2010, which
        # found services for children inadequate"
        (
            "pre_sif",
            D(2010, 1, 1),
            D(2010, 12, 31),
            "year",
            {"safeguarding_overall": ("inadequate", 1), "looked_after_overall": ("inadequate", 1)},
        ),
        # "The last inspection of the local authority's arrangements for the protection of
        # children was in January 2013. The local authority was judged to be adequate."
        (
            "pre_sif",
            D(2013, 1, 1),
            D(2013, 1, 31),
            "month",
            {"safeguarding_overall": ("adequate", 1)},
        ),
        # "... services for children looked after was in August 2013 ... judged to be adequate."
        (
            "pre_sif",
            D(2013, 8, 1),
            D(2013, 8, 31),
            "month",
            {"looked_after_overall": ("adequate", 1)},
        ),
    ]


def test_the_same_kent_sif_pdf_gives_the_same_recaps_with_their_pages():
    pages = pages_of("kent__children's services inspection - 13 june 2017")
    recaps = find_recaps(pages, own_framework="sif", own_start=D(2017, 3, 6))
    assert summary(recaps) == [
        (
            "pre_sif",
            D(2010, 1, 1),
            D(2010, 12, 31),
            "year",
            {"safeguarding_overall": ("inadequate", 2), "looked_after_overall": ("inadequate", 2)},
        ),
        (
            "pre_sif",
            D(2013, 1, 1),
            D(2013, 1, 31),
            "month",
            {"safeguarding_overall": ("adequate", 5)},
        ),
        (
            "pre_sif",
            D(2013, 8, 1),
            D(2013, 8, 31),
            "month",
            {"looked_after_overall": ("adequate", 5)},
        ),
    ]


def test_sandwell_sif_2015_gives_day_ranges_and_merges_repeated_recaps():
    # p10: "...protection of children took place between 25 February and 6 March 2013. The local
    # authority was judged inadequate." and "...looked after children took place between 24 and
    # 28 June 2013"; p6 says the latter again as "in June 2013 and was judged inadequate".
    # The adoption and fostering service inspections it lists are not recaps.
    pages = pages_of("sandwell__children's services inspection - 05 june 2015")
    recaps = find_recaps(pages, own_framework="sif", own_start=D(2015, 1, 27))
    assert summary(recaps) == [
        (
            "pre_sif",
            D(2013, 2, 25),
            D(2013, 3, 6),
            "day",
            {"safeguarding_overall": ("inadequate", 10)},
        ),
        (
            "pre_sif",
            D(2013, 6, 24),
            D(2013, 6, 28),
            "day",
            {"looked_after_overall": ("inadequate", 10)},
        ),
    ]


def test_somerset_sif_2018_reads_the_listed_judgements_of_the_last_report():
    # "The last inspection report ... was published in January 2015. The judgements for the
    # local authority were: Overall effectiveness: inadequate ... Adoption performance:
    # requires improvement ..."
    pages = pages_of("somerset__children's services inspection - 29 january 2018")
    recaps = find_recaps(pages, own_framework="sif", own_start=D(2017, 11, 7))
    assert summary(recaps) == [
        (
            "sif",
            D(2015, 1, 1),
            D(2015, 1, 31),
            "month",
            {
                "overall_effectiveness": ("inadequate", 6),
                "help_and_protection": ("inadequate", 6),
                "looked_after_and_permanence": ("inadequate", 6),
                "adoption_performance": ("requires_improvement", 6),
                "care_leavers": ("inadequate", 6),
                "leadership_management_governance": ("inadequate", 6),
            },
        )
    ]


def test_bradford_ilacs_2023_recaps_the_2018_ilacs():
    # "Bradford children's social care was last inspected by Ofsted in September 2018 and was
    # judged to be inadequate for the experiences of children who need help and protection and
    # for overall effectiveness." (official statistics: overall and help and protection inadequate)
    pages = pages_of("bradford__children's services inspection - 31 january 2023")
    recaps = find_recaps(pages, own_framework="ilacs_standard", own_start=D(2022, 11, 21))
    assert summary(recaps) == [
        (
            "ilacs_standard",
            D(2018, 9, 1),
            D(2018, 9, 30),
            "month",
            {"help_and_protection": ("inadequate", 1), "overall_effectiveness": ("inadequate", 1)},
        )
    ]


@pytest.mark.parametrize(
    "fragment, own_start, expected",
    [
        (
            # "Somerset children's services were last inspected by Ofsted in November 2017, when
            # the overall effectiveness of services was judged to require improvement to be good."
            "somerset__children's services focused visit - 21 february 2019",
            D(2019, 1, 29),
            (
                "sif",
                D(2017, 11, 1),
                D(2017, 11, 30),
                "month",
                {"overall_effectiveness": ("requires_improvement", 1)},
            ),
        ),
        (
            # "Since the previous full inspection in April 2023, when children's services were
            # judged to be outstanding overall but good for the experiences of care leavers"
            "lincolnshire__children's services focused visit - 31 july 2025",
            D(2025, 7, 1),
            (
                "ilacs_standard",
                D(2023, 4, 1),
                D(2023, 4, 30),
                "month",
                {"overall_effectiveness": ("outstanding", 1), "care_leavers": ("good", 1)},
            ),
        ),
        (
            # "At the last inspection in February 2023, the experiences and progress of children
            # in care were judged to require improvement."
            "haringey__children's services focused visit - 14 march 2025",
            D(2025, 2, 11),
            (
                "ilacs_standard",
                D(2023, 2, 1),
                D(2023, 2, 28),
                "month",
                {"children_in_care": ("requires_improvement", 1)},
            ),
        ),
        (
            # "Since the previous inspection in October 2022, when the experiences and progress of
            # children in care and care leavers were judged to be requires improvement to be good"
            "north northamptonshire__children's services focused visit - 31 october 2024",
            D(2024, 10, 1),
            (
                "ilacs_standard",
                D(2022, 10, 1),
                D(2022, 10, 31),
                "month",
                {"children_in_care_and_care_leavers": ("requires_improvement", 1)},
            ),
        ),
        (
            # "The Safeguarding and Looked after Children (SLAC) inspection, in October 2010,
            # judged both safeguarding and looked after children's services to be inadequate."
            "kent__children's services inspection,  pdf - 23 august 2013",
            D(2013, 7, 15),
            (
                "pre_sif",
                D(2010, 10, 1),
                D(2010, 10, 31),
                "month",
                {
                    "safeguarding_overall": ("inadequate", 6),
                    "looked_after_overall": ("inadequate", 6),
                },
            ),
        ),
        (
            # "In 2018, inspectors judged Haringey children's services to require improvement to
            # be good."
            "haringey__children's services inspection - 11 april 2023",
            D(2023, 2, 13),
            (
                "ilacs_standard",
                D(2018, 1, 1),
                D(2018, 12, 31),
                "year",
                {"overall_effectiveness": ("requires_improvement", 9)},
            ),
        ),
    ],
)
def test_real_recap_sentences(fragment, own_start, expected):
    assert summary(find_recaps(pages_of(fragment), own_start=own_start)) == [expected]


def test_a_settings_inspection_is_not_a_recap_of_the_authority():
    # Kent 2013: "One [children's home] was judged to be inadequate at the last inspection in
    # February 2013" and "The fostering service was judged to be adequate at the last inspection
    # in June 2012" are about single services, so only the 2010 SLAC inspection is recapped.
    pages = pages_of("kent__children's services inspection,  pdf - 23 august 2013")
    recaps = find_recaps(pages, own_start=D(2013, 7, 15))
    assert [(r.start_date, r.date_precision) for r in recaps] == [(D(2010, 10, 1), "month")]


def test_a_named_previous_inspection_without_grades_is_an_ungraded_recap():
    # Kensington and Chelsea 2018: "Since the previous inspection of children's services in 2016,
    # there has been a continued commitment ..." names the inspection but no grade.
    (recap,) = find_recaps(seed_pages("004"), own_start=D(2018, 8, 7))
    assert (recap.framework, recap.start_date, recap.end_date, recap.date_precision) == (
        "sif",
        D(2016, 1, 1),
        D(2016, 12, 31),
        "year",
    )
    assert recap.is_recap and recap.judgements == ()


def test_an_ungraded_mention_must_date_the_previous_inspection_itself():
    # Slough 2016: the date belongs to another clause, not to "the last inspection".
    pages = (
        Page(
            1,
            "Since the last inspection, six serious incident notifications have been submitted "
            "to Ofsted; three of these were submitted since 1 October 2015.",
        ),
    )
    assert find_recaps(pages, own_start=D(2015, 11, 24)) == ()
    # Norfolk 2019: a long name of the inspection between the words and the date is fine.
    pages = (
        Page(
            1,
            "Since the previous inspection of services for children in need of help and "
            "protection, children looked after and care leavers in November 2017, the front "
            "door has been transformed.",
        ),
    )
    (recap,) = find_recaps(pages, own_start=D(2019, 10, 8))
    assert (recap.framework, recap.start_date, recap.date_precision) == (
        "sif",
        D(2017, 11, 1),
        "month",
    )


def test_an_ungraded_dated_inspection_needs_the_word_previous_or_last():
    # Ungraded mentions of other dated inspections are not recaps of the authority's own.
    pages = (
        Page(
            1,
            "Inspectors visited in 2016 and looked at the front door. "
            "An inspection in 2015 of the youth offending service was positive.",
        ),
    )
    assert find_recaps(pages, own_start=D(2018, 8, 7)) == ()


def test_a_report_mentioning_no_earlier_inspection_gives_none():
    text = (
        "Inspection of Anytown children's services\n"
        "Leaders know their services well. Social workers judged the risks to children to be "
        "high and acted quickly. Practice is good.\n"
    )
    pages = extract(text.encode(), filename="report.txt").pages
    assert find_recaps(pages) == ()


def test_the_documents_own_inspection_is_not_a_recap():
    pages = (
        Page(
            1, "The inspection in March 2017 found that services were judged to be good overall."
        ),
    )
    assert find_recaps(pages, own_start=D(2017, 3, 6)) == ()
    assert len(find_recaps(pages, own_start=D(2019, 1, 14))) == 1


def test_present_tense_and_negated_grades_are_not_recapped():
    pages = (
        Page(
            1,
            "Since the last inspection in 2017, services for children in care are now judged to "
            "be good.\nSince the last inspection in 2017, no service was judged to be inadequate.",
        ),
    )
    # The 2017 inspection is named, but neither sentence recaps a grade it gave.
    (recap,) = find_recaps(pages, own_start=D(2019, 1, 14))
    assert (recap.framework, recap.start_date.year, recap.judgements) == ("sif", 2017, ())
