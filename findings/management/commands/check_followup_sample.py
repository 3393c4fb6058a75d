"""``manage.py check_followup_sample [CSV]``: compare today's top suggestions with the
hand-judged sample in docs/followups_sample.csv (after ingesting the dev corpus).

For each judged recommendation (found by its document's sha256 and its order), it says
whether today's top suggestion is still the passage that was judged, and the share judged
right among those that are.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from findings.management.samples import read_sample
from findings.models import Finding

DEFAULT = Path(settings.BASE_DIR) / "docs" / "followups_sample.csv"


class Command(BaseCommand):
    help = "Check today's top follow-up suggestions against the hand-judged sample."

    def add_arguments(self, parser):
        parser.add_argument("csv", nargs="?", default=str(DEFAULT))

    def handle(self, *args, **options):
        path = Path(options["csv"])
        rows = read_sample(path)
        missing = same = right = 0
        for row in rows:
            finding = Finding.objects.filter(
                document__sha256=row["recommendation_document_sha256"],
                order=row["recommendation_order"],
            ).first()
            top = finding and finding.follow_ups.order_by("-score", "pk").first()
            if top is None:
                missing += 1
                continue
            if top.evidence_document.sha256 == row["later_document_sha256"] and (
                str(top.evidence.order if top.evidence else "") == row["later_finding_order"]
            ):
                same += 1
                right += row["link_judged"] == "right"
        self.stdout.write(
            f"{len(rows)} judged: {same} still the top suggestion ({right} of them judged "
            f"right), {len(rows) - same - missing} changed, {missing} without a suggestion "
            f"or not ingested"
        )
