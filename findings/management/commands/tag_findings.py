"""``manage.py tag_findings``: give every finding the themes its text signals.

Findings whose themes staff edited in the admin keep them.
"""

from django.core.management.base import BaseCommand

from findings.management.commands.suggest_followups import authority_by_slug
from findings.models import Finding
from findings.services import tag_findings


class Command(BaseCommand):
    help = "Tag every finding with the themes of findings/themes.py (staff-edited ones kept)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--authority", help="Only the findings of this authority (its slug in URLs)."
        )

    def handle(self, *args, **options):
        findings = Finding.objects.all()
        if options["authority"]:
            findings = findings.filter(document__authority=authority_by_slug(options["authority"]))
        result = tag_findings(findings)
        self.stdout.write(
            f"{result.tagged} finding(s) tagged with {result.links} theme(s); "
            f"{result.kept} kept as staff edited them."
        )
