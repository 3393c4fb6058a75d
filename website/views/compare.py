"""The compare page: two to six authorities side by side (``/compare/?a=kent&a=surrey``)."""

from django.urls import reverse
from django.views.generic import TemplateView

from inspections.queries import preferred_judgements_by_authority
from ofsted_kb.breadcrumbs import BreadcrumbsMixin

from .. import compare
from ..charts import chart_html, comparison_chart

CHART_CAPTION = (
    "{line}: each authority's grades over time, a row each, the best grade at the top of each "
    "row, joined across the frameworks that judged it under other names (the lines down the "
    "chart mark where a framework began). Each mark is an inspection: its title names the "
    "authority and the exact area judged; select it to open the inspection. Before 2013 the "
    "scale had “adequate” where it now has “requires improvement”; both sit on the third line."
)


class CompareView(BreadcrumbsMixin, TemplateView):
    """Latest grades, grades over time and recommendation counts of the authorities the ``a``
    parameters name; with too few, too many or unknown names, the form says what is wrong."""

    template_name = "authorities/compare.html"

    def get_breadcrumbs(self):
        return [(reverse("authorities:authority-list"), "Authorities"), (None, "Compare")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selection = compare.choose(self.request.GET.getlist("a"))
        asked_line = self.request.GET.get("line", "")
        line = asked_line if asked_line in compare.CHART_LINES else compare.DEFAULT_LINE
        context.update(
            selection=selection,
            line=line,
            line_label=compare.CHART_LINES[line],
            unknown_line=asked_line if asked_line and asked_line != line else "",
            chart_lines=compare.CHART_LINES.items(),
            most=compare.MAX_AUTHORITIES,
            # One list to add from, or as many as a comparison still needs.
            add_selects=[
                compare.authority_select(n) for n in range(1, max(selection.missing, 1) + 1)
            ],
        )
        if not selection.is_comparable:
            return context
        authorities = selection.authorities
        preferred = preferred_judgements_by_authority([a.pk for a in authorities])
        chart = comparison_chart(
            [(a.name, preferred.get(a.pk, [])) for a in authorities], compare.CHART_LINES[line]
        )
        caption = CHART_CAPTION.format(line=compare.CHART_LINES[line])
        context.update(
            authorities=authorities,
            summary_rows=compare.summary_rows(authorities, preferred),
            chart=chart,
            chart_caption=caption,
            chart_html=chart_html(chart, caption) if chart else "",
            counts=compare.recommendation_counts(authorities),
        )
        return context
