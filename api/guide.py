"""The API's human guide (/api/): every endpoint of the OpenAPI schema with what it answers,
its parameters, and an example address that works on this site's own data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from authorities.models import Authority
from findings.models import Finding, FollowUp
from inspections.models import Document, Inspection
from ofsted_kb.breadcrumbs import BreadcrumbsMixin
from ofsted_kb.cache import cached

#: A query that shows what a list can do, for the lists whose filters are worth showing.
EXAMPLE_QUERIES = {
    "/api/v1/authorities/": "?region=south_east&status=current",
    "/api/v1/inspections/": "?authority={slug}",
    "/api/v1/documents/": "?authority={slug}&kind=focused_visit",
    "/api/v1/findings/": "?authority={slug}&kind=asked_to_improve&page_size=10",
    "/api/v1/follow-ups/": "?authority={slug}",
}


#: What a field holds where the serializer gives no words for it.
FIELD_NOTES = {
    "id": "The record's stable id on this site.",
    "slug": "The authority's stable name in addresses.",
    "ons_code": "The ONS area code.",
    "la_number": "The DfE's local authority number.",
    "ofsted_urn": "Ofsted's unique reference number for the authority.",
    "abolished_on": "When a former authority ceased (ISO date).",
    "page": "The page of the source document it is on.",
    "document": "The source document's id.",
    "inspection": "The inspection's id (null for a paper tied to none).",
    "recommendation": "The recommendation's finding id.",
    "evidence": "The later finding that speaks of it (null for a passage that is no finding).",
    "evidence_document": "The later document's id.",
}


def _note(name: str, description: str) -> str:
    # drf-spectacular lists a choice field's codes after its description; the guide lists
    # the codes itself.
    description = description.split("\n\n*", 1)[0].strip()
    if description.startswith("* `"):
        description = ""
    if description:
        return description
    if name.endswith("_label"):
        return f"The label of {name.removesuffix('_label')}, as the site shows it."
    if name in FIELD_NOTES:
        return FIELD_NOTES[name]
    if name in ("region", "kind", "status", "framework", "area", "grade", "source", "origin"):
        return f"The {name}'s code."
    return ""


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    description: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Endpoint:
    path: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    fields: tuple[tuple[str, str], ...]
    paginated: bool

    def example(self, values: dict[str, str]) -> str:
        """The endpoint's address with real values in place of its parameters."""
        path = self.path.format(**values)
        return path + EXAMPLE_QUERIES.get(self.path, "").format(**values)


@cache
def endpoints() -> tuple[Endpoint, ...]:
    """Every GET endpoint of the schema, in its order (the schema is the code's, so it is
    worked out once per process)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    found = []
    for path, item in schema["paths"].items():
        operation = item.get("get")
        if operation is None:
            continue
        response = operation["responses"]["200"]["content"]["application/json"]["schema"]
        body, paginated = _body(response, components)
        found.append(
            Endpoint(
                path=path,
                summary=operation.get("summary", ""),
                description=operation.get("description", ""),
                parameters=tuple(
                    Parameter(
                        p["name"],
                        p["in"],
                        _note(p["name"], p.get("description", "")),
                        tuple(str(c) for c in p.get("schema", {}).get("enum", ())),
                    )
                    for p in operation.get("parameters", ())
                ),
                fields=tuple(
                    (name, _note(name, field.get("description", "")))
                    for name, field in body.get("properties", {}).items()
                ),
                paginated=paginated,
            )
        )
    return tuple(found)


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _body(schema: dict, components: dict) -> tuple[dict, bool]:
    """The record a response is made of, and whether it comes in pages."""
    schema = _resolve(schema, components)
    paginated = "results" in schema.get("properties", {})
    if paginated:
        schema = _resolve(schema["properties"]["results"], components)
    if schema.get("type") == "array":
        schema = _resolve(schema["items"], components)
    return schema, paginated


def example_values() -> dict[str, str]:
    """Real ids for the examples' addresses: Kent where it is here, and a recommendation with
    a trail where there is one. Kept until the data changes."""
    return cached("api:example-values", _example_values)


def _example_values() -> dict[str, str]:
    authority = (
        Authority.objects.public().filter(slug="kent").first()
        or Authority.objects.public().filter(inspections__isnull=False).first()
        or Authority.objects.public().first()
    )
    followed = FollowUp.objects.public().order_by("recommendation").first()
    finding = (
        Finding.objects.public().filter(pk=followed.recommendation_id).first()
        if followed
        else Finding.objects.public().order_by("pk").first()
    )
    first = {
        "inspections": Inspection.objects.public().filter(authority=authority).order_by("pk"),
        "documents": Document.objects.public().order_by("pk"),
    }
    ids = {name: queryset.values_list("pk", flat=True).first() for name, queryset in first.items()}
    return {
        "slug": authority.slug if authority else "kent",
        "inspection": ids["inspections"] or 1,
        "document": ids["documents"] or 1,
        "finding": finding.pk if finding else 1,
        "follow_up": followed.pk if followed else 1,
        "theme": "care-leavers",
    }


def _values_for(path: str, values: dict[str, str]) -> dict[str, str]:
    """The example value of ``{id}`` depends on which records the path is about."""
    kind = path.split("/")[3]
    id_of = {
        "inspections": "inspection",
        "documents": "document",
        "findings": "finding",
        "follow-ups": "follow_up",
    }
    chosen = {"slug": values["theme"] if kind == "themes" else values["slug"]}
    if kind in id_of:
        chosen["id"] = values[id_of[kind]]
    return chosen


class GuideView(BreadcrumbsMixin, TemplateView):
    template_name = "api/guide.html"

    def get_breadcrumbs(self):
        return [(None, "API")]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = example_values()
        context["endpoints"] = [
            (
                endpoint,
                self.request.build_absolute_uri(
                    endpoint.example(_values_for(endpoint.path, values))
                ),
            )
            for endpoint in endpoints()
        ]
        context["rate"] = settings.API_ANON_RATE
        context["example_slug"] = values["slug"]
        return context
