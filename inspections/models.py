"""Documents, inspections, judgements and the record of every ingest run."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ofsted_kb import links

from .codes import GRADE_RANK, DocumentKind, Framework, Grade, JudgementArea

#: Fields of a document only staff's screens read (why it waits for review, how it was read,
#: what staff edited or removed): the public pages leave them unloaded.
REVIEW_FIELDS = ("error", "edited_fields", "review_reasons", "found_by", "removed_findings")


def unloaded_review_fields(prefix: str = "") -> list[str]:
    """``REVIEW_FIELDS`` for ``defer``, through a relation: ``prefix`` like ``"document__"``."""
    return [prefix + name for name in REVIEW_FIELDS]


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Every published document, other renditions included: what a link may open (a
        document's page, its file), never drafts."""
        return self.filter(is_published=True)

    def public(self):
        """What the public sees listed and counted: published documents, each report once.

        A report stored in two renditions (a text extraction and the PDF) is listed by its
        primary, which holds its records; the other rendition is reached from the primary's
        page (``published()``).
        """
        return self.published().filter(rendition_of__isnull=True)

    def primaries(self):
        """Documents that are not another document's rendition (drafts included)."""
        return self.filter(rendition_of__isnull=True)


class Document(models.Model):
    """One source file: an Ofsted report or letter, or a council paper."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be parsed"
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed to parse"
        NEEDS_REVIEW = "needs_review", "Needs review"

    kind = models.CharField(max_length=20, choices=DocumentKind, default=DocumentKind.OTHER)
    authority = models.ForeignKey(
        "authorities.Authority",
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
    )
    title = models.CharField(max_length=300, blank=True)
    document_date = models.DateField(
        null=True, blank=True, help_text="The letter's date, the meeting's date, or the report's."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="When Ofsted (or the council) published it."
    )
    source_url = models.URLField(max_length=500, blank=True)
    committee = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to="documents/%Y/", blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    media_type = models.CharField(max_length=50, blank=True)
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    page_count = models.PositiveIntegerField(default=0)
    text_length = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Characters of text in its pages: the first, cheap test when looking for "
        "another rendition of the same report.",
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    parser = models.CharField(max_length=40, blank=True)
    parser_version = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    is_published = models.BooleanField(
        default=True, help_text="Drafts are invisible to the public until published."
    )
    edited_fields = models.JSONField(
        default=list, blank=True, help_text="Fields staff changed by hand; re-parsing keeps them."
    )
    review_reasons = models.JSONField(
        default=list,
        blank=True,
        help_text="Why the document waits for review: what could not be read, and what staff "
        "must choose before it is extracted (the authority, say).",
    )
    found_by = models.JSONField(
        default=dict,
        blank=True,
        help_text="How the parser found each field (the authority by the title or by the "
        "addressees, the grades by the table or by the text), so a reviewer sees what to check.",
    )
    removed_findings = models.JSONField(
        default=list,
        blank=True,
        help_text="Findings staff removed (kind, section, number, text); re-parsing does not "
        "bring them back.",
    )
    rendition_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="renditions",
        null=True,
        blank=True,
        help_text="The same report in its better rendition (the PDF of a text extraction), "
        "which holds the judgements and findings; empty for a primary. Set by ingestion, which "
        "recognises a rendition by its content.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-document_date", "-created_at"]
        permissions = [("publish_document", "Can publish and unpublish documents")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values),
                name="inspections_document_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="inspections_document_sha256_hex",
            ),
            models.CheckConstraint(
                condition=~models.Q(rendition_of=models.F("pk")),
                name="inspections_document_not_own_rendition",
            ),
        ]
        indexes = [models.Index(fields=["authority", "document_date"])]

    def __str__(self):
        return self.title or self.original_filename or f"Document {self.sha256[:12]}"

    def get_absolute_url(self):
        return links.url("inspections:document-detail", self.pk)


class DocumentPage(models.Model):
    """The text of one page, kept so every fact can be checked against its page."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="inspections_page_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="inspections_page_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.document}, page {self.number}"

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#page-{self.number}"


class InspectionQuerySet(models.QuerySet):
    def public(self):
        """Inspections the public may see: those with at least one published source.

        An inspection known only from official statistics has no document and is public.
        """
        return self.exclude(
            models.Q(documents__isnull=False) & ~models.Q(documents__is_published=True)
        ).distinct()

    def for_authority(self, authority):
        return self.filter(authority=authority)


class Inspection(models.Model):
    """One Ofsted event: an inspection, a visit, a joint inspection."""

    authority = models.ForeignKey(
        "authorities.Authority", on_delete=models.PROTECT, related_name="inspections"
    )
    framework = models.CharField(max_length=20, choices=Framework)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5,
        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
        default="day",
        help_text="How precisely the dates are known: a recap may only give a month or a year.",
    )
    published_on = models.DateField(null=True, blank=True)
    lead_inspector = models.CharField(max_length=150, blank=True)
    theme = models.CharField(max_length=300, blank=True, help_text="A visit's theme.")
    visit_number = models.PositiveSmallIntegerField(null=True, blank=True)
    is_placeholder = models.BooleanField(
        default=False,
        help_text="Known only from other documents' recaps; merged when its report arrives.",
    )
    documents = models.ManyToManyField(Document, related_name="inspections", blank=True)
    edited_fields = models.JSONField(
        default=list, blank=True, help_text="Fields staff changed by hand; re-parsing keeps them."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["authority__name", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(framework__in=Framework.values),
                name="inspections_inspection_framework_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date"))
                | models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True),
                name="inspections_inspection_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["authority", "framework", "start_date"],
                condition=models.Q(is_placeholder=False, start_date__isnull=False),
                name="inspections_inspection_unique_event",
            ),
        ]
        indexes = [models.Index(fields=["authority", "start_date"])]

    def __str__(self):
        when = self.start_date.strftime("%B %Y") if self.start_date else "undated"
        return f"{self.authority}: {self.get_framework_display()}, {when}"

    def get_absolute_url(self):
        return links.url("inspections:inspection-detail", self.pk)


class Judgement(models.Model):
    """A grade for one area of one inspection, as one source states it."""

    class Source(models.TextChoices):
        REPORT = "report", "The inspection report"
        RECAP = "recap", "A later document's recap"
        COMMITTEE_PAPER = "committee_paper", "A council committee paper"
        OFFICIAL_STATISTICS = "official_statistics", "Ofsted's official statistics"
        STAFF = "staff", "Entered by staff"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=40, choices=JudgementArea)
    grade = models.CharField(max_length=25, choices=Grade)
    source = models.CharField(max_length=20, choices=Source, default=Source.REPORT)
    source_document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        related_name="judgements",
        null=True,
        blank=True,
        help_text="Empty only for official statistics.",
    )
    page = models.PositiveIntegerField(null=True, blank=True)
    edited_fields = models.JSONField(
        default=list, blank=True, help_text="Fields staff changed by hand; re-parsing keeps them."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "area", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area", "source_document"],
                name="inspections_judgement_unique_per_source",
            ),
            models.UniqueConstraint(
                fields=["inspection", "area", "source"],
                condition=models.Q(source_document__isnull=True),
                name="inspections_judgement_unique_undocumented",
            ),
            models.CheckConstraint(
                condition=models.Q(grade__in=Grade.values),
                name="inspections_judgement_grade_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(area__in=JudgementArea.values),
                name="inspections_judgement_area_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source_document__isnull=False)
                | models.Q(source__in=["official_statistics", "staff"]),
                name="inspections_judgement_source_document_required",
            ),
        ]

    def __str__(self):
        return f"{self.inspection}: {self.get_area_display()} {self.get_grade_display()}"

    def get_absolute_url(self):
        return self.inspection.get_absolute_url()

    @property
    def rank(self):
        return GRADE_RANK[self.grade]


class IngestRun(models.Model):
    """A record of one attempt to ingest one file, kept whatever the outcome."""

    class Outcome(models.TextChoices):
        CREATED = "created", "Created"
        UNCHANGED = "unchanged", "Unchanged"
        UPDATED = "updated", "Updated"
        NEEDS_REVIEW = "needs_review", "Kept for review"
        FAILED = "failed", "Failed"

    class Action(models.TextChoices):
        INGEST = "ingest", "Ingest"
        REPARSE = "reparse", "Re-parse"

    action = models.CharField(max_length=10, choices=Action, default=Action.INGEST)
    path = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, related_name="ingest_runs", null=True, blank=True
    )
    outcome = models.CharField(max_length=20, choices=Outcome)
    parser = models.CharField(max_length=40, blank=True)
    parser_version = models.PositiveIntegerField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=list, blank=True, help_text="What a re-parse changed.")
    kept_edits = models.JSONField(
        default=list,
        blank=True,
        help_text="The staff edits a re-parse kept instead of the parser's value.",
    )
    error = models.TextField(blank=True)
    seconds = models.FloatField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    outcome__in=["created", "unchanged", "updated", "needs_review", "failed"]
                ),
                name="inspections_ingestrun_outcome_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=["ingest", "reparse"]),
                name="inspections_ingestrun_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.path or self.sha256[:12]}: {self.outcome}"

    def get_absolute_url(self):
        return reverse("admin:inspections_ingestrun_change", args=[self.pk])


class Upload(models.Model):
    """A file staff uploaded in the admin, queued for ingestion by the background worker.

    The file waits in ``uploads/`` until the worker has run ``ingest_document`` on it, then
    goes: the document keeps its own copy, and a refused file leaves nothing but this record
    and its IngestRun.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Reading the document"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    file = models.FileField(upload_to="uploads/", blank=True)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    source_url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    authority = models.ForeignKey(
        "authorities.Authority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text="Whose document it is, where its text does not say (a council's paper).",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    run = models.ForeignKey(IngestRun, on_delete=models.SET_NULL, null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="inspections_upload_status_valid",
            )
        ]

    def __str__(self):
        return f"{self.filename}: {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("admin:inspections_document_upload_status", args=[self.pk])

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
