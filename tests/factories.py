"""factory_boy factories for the domain models, for tests that need rows of their own."""

import datetime
import hashlib
import itertools

import factory

from authorities.models import Authority, Region
from findings.models import Finding, FollowUp, Theme
from inspections.codes import DocumentKind, FindingKind, Framework, Grade, JudgementArea
from inspections.models import Document, DocumentPage, Inspection, Judgement

_ons = itertools.count(1)


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    ons_code = factory.LazyFunction(lambda: f"E99{next(_ons):06d}")
    region = Region.SOUTH_EAST
    kind = Authority.Kind.COUNTY


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    kind = DocumentKind.INSPECTION_REPORT
    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"Inspection report {n}")
    sha256 = factory.Sequence(lambda n: hashlib.sha256(f"doc-{n}".encode()).hexdigest())
    document_date = datetime.date(2022, 7, 5)
    page_count = 1
    status = Document.Status.PARSED


class DocumentPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentPage

    document = factory.SubFactory(DocumentFactory)
    number = 1
    text = "Page text."


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    authority = factory.SubFactory(AuthorityFactory)
    framework = Framework.ILACS_STANDARD
    start_date = datetime.date(2022, 5, 9)
    end_date = datetime.date(2022, 5, 20)


class JudgementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judgement

    inspection = factory.SubFactory(InspectionFactory)
    area = JudgementArea.OVERALL_EFFECTIVENESS
    grade = Grade.GOOD
    source_document = factory.SubFactory(
        DocumentFactory, authority=factory.SelfAttribute("..inspection.authority")
    )
    page = 1


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    inspection = factory.SubFactory(InspectionFactory)
    document = factory.SubFactory(
        DocumentFactory, authority=factory.SelfAttribute("..inspection.authority")
    )
    kind = FindingKind.RECOMMENDATION
    text = factory.Sequence(lambda n: f"Improve the quality of plans for children ({n}).")
    page = 2
    order = factory.Sequence(lambda n: n)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    recommendation = factory.SubFactory(FindingFactory)
    evidence = factory.SubFactory(FindingFactory)
    evidence_document = factory.SelfAttribute("evidence.document")
    passage = factory.SelfAttribute("evidence.text")
