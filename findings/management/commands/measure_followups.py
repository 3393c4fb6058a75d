"""``manage.py measure_followups``: today's suggested follow-ups judged by the labelled set in
``findings/labels/`` (run on a database with the corpus ingested).

For each part of the set (``tune``, ``measure``, ``all``) it prints how often the top link of a
recommendation is right, partly right or wrong, the same for the top link of each later
document and by score band, how often the status is right where the link is right, and the
recall of the passages a careful reader found. Links no label speaks of are counted as
``unjudged``. Then the status rules read on every labelled pair, suggested or not; last, how
far the first reading's status and the second, blind reading's agree (``--status-reading
second`` counts everything with the second's).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from findings.followups import SHOWN_SCORE
from findings.measurement import (
    BANDS,
    PAIRS,
    RECALL,
    SECOND_STATUS,
    Figures,
    measure,
    read_labels,
    read_recall,
    read_second_status,
    reading_agreement,
    status_on_pairs,
    with_second_status,
)


def _share(counter, key, total=None) -> str:
    total = sum(counter.values()) if total is None else total
    return f"{counter[key]}/{total} ({100 * counter[key] / total:.0f}%)" if total else "-"


class Command(BaseCommand):
    help = "Measure today's suggested follow-ups against the labelled set."

    def add_arguments(self, parser):
        parser.add_argument("--labels", default=str(PAIRS))
        parser.add_argument("--recall", default=str(RECALL))
        parser.add_argument(
            "--status-reading",
            choices=("first", "second"),
            default="first",
            help="Whose status the pairs judged right carry: the first reading's (the labels "
            "as made) or the second, blind reading's (findings/labels/"
            "followups_status_second.csv); the agreement of the two is printed either way.",
        )
        parser.add_argument("--second", default=str(SECOND_STATUS))

    def handle(self, *args, **options):
        try:
            labels = read_labels(Path(options["labels"]))
            recall = read_recall(Path(options["recall"]))
            second = read_second_status(Path(options["second"]))
        except OSError as exc:
            raise CommandError(f"cannot read the labels: {exc}") from exc
        agreement = reading_agreement(labels, second)
        if options["status_reading"] == "second":
            labels = with_second_status(labels, second)
        figures = measure(labels, recall)
        for part in ("tune", "measure", "all"):
            if part in figures:
                self._report(part, figures[part])
        on_pairs = status_on_pairs(labels)
        for part in ("tune", "measure", "all"):
            if part in on_pairs:
                counts = on_pairs[part]
                right = _share(counts, "right right", self._of(counts, "right"))
                partly = _share(counts, "partly right", self._of(counts, "partly"))
                self.stdout.write(
                    f"== {part}: the status rules on every labelled pair: right where the "
                    f"link is right {right}, where it is partly {partly}"
                )
        for part in ("tune", "measure", "all"):
            counts = agreement.get(part)
            if counts:
                total = sum(counts.values())
                differ = ", ".join(f"{k} {n}" for k, n in counts.most_common() if k != "same")
                self.stdout.write(
                    f"== {part}: the two readings' status agree on "
                    f"{_share(counts, 'same', total)} of the pairs both read"
                    + (f"; they differ (first -> second): {differ}" if differ else "")
                )

    @staticmethod
    def _of(counts, link: str) -> int:
        return counts[f"{link} right"] + counts[f"{link} wrong"]

    def _report(self, part: str, f: Figures) -> None:
        write = self.stdout.write
        write(f"== {part}: {f.recommendations} labelled recommendation(s)")
        if f.not_found:
            write(f"  not found in the database: {f.not_found}")
        write(f"  without any suggested link: {f.without_link}")
        judged = sum(f.top[k] for k in ("right", "partly", "wrong"))
        write(
            f"  top link: right {_share(f.top, 'right', judged)}, partly "
            f"{_share(f.top, 'partly', judged)}, wrong {_share(f.top, 'wrong', judged)}"
            f" (unjudged {f.top['unjudged']})"
        )
        write(f"  top link's status right where it is right: {_share(f.top_status, 'right')}")
        judged = sum(f.top_shown[k] for k in ("right", "partly", "wrong"))
        write(
            f"  on the public trail (score >= {SHOWN_SCORE} or confirmed): "
            f"{f.with_shown_link} with a shown link; top shown link right "
            f"{_share(f.top_shown, 'right', judged)}, partly "
            f"{_share(f.top_shown, 'partly', judged)}, "
            f"wrong {_share(f.top_shown, 'wrong', judged)}"
            f" (unjudged {f.top_shown['unjudged']}); its status right where it is right: "
            f"{_share(f.top_shown_status, 'right')}"
        )
        judged = sum(f.per_document[k] for k in ("right", "partly", "wrong"))
        write(
            f"  top link per later document: right {_share(f.per_document, 'right', judged)}, "
            f"partly {_share(f.per_document, 'partly', judged)}, wrong "
            f"{_share(f.per_document, 'wrong', judged)} (unjudged {f.per_document['unjudged']})"
        )
        write(f"  status right where that link is right: {_share(f.per_document_status, 'right')}")
        for _, name in BANDS:
            counts = f.bands.get(name)
            if counts:
                judged = sum(counts[k] for k in ("right", "partly", "wrong"))
                write(
                    f"    score {name}: right {_share(counts, 'right', judged)}, partly "
                    f"{counts['partly']}, wrong {counts['wrong']}, unjudged {counts['unjudged']}"
                )
        for (suggested, labelled), n in f.status_errors.most_common():
            write(f"    status {suggested} where a reader says {labelled}: {n}")
        if f.recall_recommendations:
            write(
                f"  recall: {f.recall_suggested}/{f.recall_found} passages a reader found are "
                f"suggested at any rank ({f.recall_recommendations} recommendation(s) read "
                f"exhaustively); {f.recall_shown} of them shown on the public trail"
            )
