"""Findings (recommendations, areas for improvement, findings...), themes and follow-ups."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from simple_history import register

from inspections.codes import FOLLOWED_UP_KINDS, FindingKind
from ofsted_kb import links

from . import followups
from .themes import THEMES_BY_SLUG


class Theme(models.Model):
    """A subject findings are tagged with: front door, exploitation, care leavers..."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("findings:finding-list") + f"?theme={self.slug}"


class FindingQuerySet(models.QuerySet):
    def public(self):
        """Findings the public may see: from published documents only."""
        return self.filter(document__is_published=True)

    def for_authority(self, authority):
        return self.filter(inspection__authority=authority)

    def followed_up_kinds(self):
        return self.filter(kind__in=FOLLOWED_UP_KINDS)

    def with_context(self):
        return self.select_related("inspection__authority", "document").prefetch_related("themes")

    def with_follow_up_status(self):
        """Annotate each finding's current follow-up status and who made the link behind it.

        ``follow_up_status`` is the status of the link ``current_link_order`` puts first among
        the finding's public links (``None`` without links); ``follow_up_origin`` says whether
        that link is suggested or confirmed. This is the rule every page and both CSV paths
        follow.
        """
        current = (
            FollowUp.objects.public()
            .filter(recommendation=OuterRef("pk"))
            .order_by(*current_link_order())
        )
        return self.annotate(
            follow_up_status=Subquery(current.values("status")[:1]),
            follow_up_origin=Subquery(current.values("origin")[:1]),
        )


class Finding(models.Model):
    """One item a document states: a recommendation, an area for improvement, a finding..."""

    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.CASCADE,
        related_name="findings",
        null=True,
        blank=True,
    )
    document = models.ForeignKey(
        "inspections.Document", on_delete=models.CASCADE, related_name="findings"
    )
    page = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=30, choices=FindingKind, default=FindingKind.FINDING)
    section = models.CharField(max_length=300, blank=True)
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The document's own numbering, or order in its section."
    )
    order = models.PositiveIntegerField(default=0, help_text="Position within the document.")
    text = models.TextField()
    themes = models.ManyToManyField(Theme, related_name="findings", blank=True)
    edited_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields staff changed by hand; re-parsing keeps them.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=FindingKind.values),
                name="findings_finding_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(text=""), name="findings_finding_text_not_empty"
            ),
        ]
        indexes = [models.Index(fields=["kind", "inspection"])]

    def __str__(self):
        short = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"{self.get_kind_display()}: {short}"

    def get_absolute_url(self):
        return links.url("findings:finding-detail", self.pk)

    @property
    def heading(self) -> str:
        """Its kind and number, and the part of the document it belongs to where a report
        holds two lists of one kind (a SIF report's recommendations, and its safeguarding
        board review's, each numbered from 1): "Recommendation 3 (LSCB)"."""
        heading = self.get_kind_display()
        if self.number:
            heading += f" {self.number}"
        part, colon, _rest = self.section.partition(": ")
        if colon and part:
            heading += f" ({part})"
        return heading

    @property
    def is_followed_up_kind(self):
        return self.kind in FOLLOWED_UP_KINDS


class FollowUpQuerySet(models.QuerySet):
    def public(self):
        """Links the public may see: from a published later document about a published
        recommendation, confirmed by staff or suggested with a score that can be trusted
        (``followups.SHOWN_SCORE``). Weaker suggestions stay in the admin for review; a link
        with no score was entered by hand, not suggested, and shows."""
        trusted = (
            Q(origin=FollowUp.Origin.CONFIRMED)
            | Q(score__isnull=True)
            | Q(score__gte=followups.SHOWN_SCORE)
        )
        return (
            self.exclude(origin=FollowUp.Origin.REJECTED)
            .filter(trusted)
            .filter(
                evidence_document__is_published=True,
                recommendation__document__is_published=True,
            )
        )

    def for_review(self):
        """Suggestions the public does not see because their score is too low to trust."""
        return self.filter(origin=FollowUp.Origin.SUGGESTED, score__lt=followups.SHOWN_SCORE)

    def trail(self):
        """In time order, with what the trail shows of each link."""
        return self.select_related("evidence_document", "evidence").order_by(
            F("evidence_date").asc(nulls_last=True), "evidence_document", "-score", "pk"
        )


class FollowUp(models.Model):
    """A recommendation linked to later evidence about it, with an assessment."""

    class Status(models.TextChoices):
        PROGRESS = "progress", "Progress"
        NO_PROGRESS = "no_progress", "No progress"
        RESOLVED = "resolved", "Resolved"
        RECURRING = "recurring", "Recurring"
        NOTED = "noted", "Noted"

    class Origin(models.TextChoices):
        SUGGESTED = "suggested", "Suggested automatically"
        CONFIRMED = "confirmed", "Confirmed by staff"
        REJECTED = "rejected", "Rejected by staff"

    recommendation = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="follow_ups"
    )
    evidence = models.ForeignKey(
        Finding,
        on_delete=models.CASCADE,
        related_name="evidence_for",
        null=True,
        blank=True,
        help_text="The later finding that speaks of the recommendation.",
    )
    evidence_document = models.ForeignKey(
        "inspections.Document", on_delete=models.CASCADE, related_name="follow_ups"
    )
    evidence_page = models.PositiveIntegerField(null=True, blank=True)
    evidence_date = models.DateField(
        null=True,
        blank=True,
        help_text="When the later document was written or published: the trail's order.",
    )
    passage = models.TextField(help_text="The later words that speak of the recommendation.")
    status = models.CharField(max_length=12, choices=Status, default=Status.NOTED)
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.SUGGESTED)
    score = models.FloatField(null=True, blank=True, help_text="Similarity, for suggestions.")
    reasons = models.JSONField(
        default=dict,
        blank=True,
        help_text="What made the suggestion: shared themes and terms, the rule behind its status.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "-score"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    status__in=["progress", "no_progress", "resolved", "recurring", "noted"]
                ),
                name="findings_followup_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(origin__in=["suggested", "confirmed", "rejected"]),
                name="findings_followup_origin_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(recommendation=models.F("evidence")),
                name="findings_followup_not_self",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "evidence"],
                condition=models.Q(evidence__isnull=False),
                name="findings_followup_unique_evidence",
            ),
        ]

    def __str__(self):
        return f"{self.recommendation} → {self.get_status_display()}"

    def get_absolute_url(self):
        return f"{self.recommendation.get_absolute_url()}#follow-up-{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.origin == self.Origin.CONFIRMED

    @property
    def shared_theme_names(self) -> list[str]:
        """The names of the themes the suggestion shared (``reasons`` keeps their codes)."""
        return [
            THEMES_BY_SLUG[slug].name if slug in THEMES_BY_SLUG else slug
            for slug in (self.reasons or {}).get("themes", ())
        ]

    @property
    def evidence_url(self) -> str:
        """The later document's page this link's passage is on."""
        url = self.evidence_document.get_absolute_url()
        return f"{url}#page-{self.evidence_page}" if self.evidence_page else url


# Findings' history is kept in the inspections app, beside the documents', inspections' and
# judgements': the edits it records are made on the review screen of the document they came
# from.
register(Finding, app="inspections", excluded_fields=["updated_at"])


# The current follow-up status of a recommendation: which of its links speaks for it now.
# The latest (by the later document's date) that judges something, else the latest that
# only notes it; among links of one date, staff's confirmed link before a suggestion, then
# the gravest reading, so a later list that names the weakness again outranks praise of the
# same point in the same document; then the higher score. Defined here once, as the order
# of a query: ``with_follow_up_status`` and the CSV export's SQL use it as SQL, the trail
# as a sort key over links already loaded.

#: Staff's word first.
ORIGIN_PRECEDENCE = {FollowUp.Origin.CONFIRMED: 0, FollowUp.Origin.SUGGESTED: 1}
#: The gravest reading first.
STATUS_PRECEDENCE = {
    FollowUp.Status.RECURRING: 0,
    FollowUp.Status.NO_PROGRESS: 1,
    FollowUp.Status.PROGRESS: 2,
    FollowUp.Status.RESOLVED: 3,
    FollowUp.Status.NOTED: 4,
}


def _rank(field: str, ranks: dict[str, int]) -> Case:
    return Case(
        *(When(**{field: value}, then=Value(rank)) for value, rank in ranks.items()),
        default=Value(len(ranks)),
        output_field=IntegerField(),
    )


def current_link_order() -> tuple:
    """The ORDER BY that puts a recommendation's current link first among its links."""
    return (
        Case(
            When(status=FollowUp.Status.NOTED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
        F("evidence_date").desc(nulls_last=True),
        _rank("origin", ORIGIN_PRECEDENCE),
        _rank("status", STATUS_PRECEDENCE),
        F("score").desc(nulls_last=True),
        "pk",
    )


def current_link_order_sql(alias: str) -> tuple[str, list]:
    """``current_link_order`` as raw SQL over ``alias`` (a follow-up table), and its
    parameters, for queries the ORM does not write."""

    def rank(column: str, ranks: dict[str, int]) -> tuple[str, list]:
        whens = " ".join(f"WHEN {alias}.{column} = %s THEN {rank}" for rank in ranks.values())
        return f"CASE {whens} ELSE {len(ranks)} END", list(ranks)

    origin_sql, origin_params = rank("origin", ORIGIN_PRECEDENCE)
    status_sql, status_params = rank("status", STATUS_PRECEDENCE)
    sql = (
        f"{alias}.status = %s, {alias}.evidence_date DESC NULLS LAST, {origin_sql}, "
        f"{status_sql}, {alias}.score DESC NULLS LAST, {alias}.id"
    )
    return sql, [FollowUp.Status.NOTED, *origin_params, *status_params]


def current_link_key(link: FollowUp) -> tuple:
    """``current_link_order`` as a sort key over links already loaded."""
    when = link.evidence_date
    return (
        link.status == FollowUp.Status.NOTED,
        -(when.toordinal() if when else 0),
        ORIGIN_PRECEDENCE.get(link.origin, len(ORIGIN_PRECEDENCE)),
        STATUS_PRECEDENCE.get(link.status, len(STATUS_PRECEDENCE)),
        -(link.score if link.score is not None else float("-inf")),
        link.pk,
    )
