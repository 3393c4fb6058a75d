"""Cursor pagination with the total: pages that stay put while documents are added, and a
count equal to the one the site's page shows for the same filters."""

from rest_framework import pagination
from rest_framework.response import Response


class CursorPagination(pagination.CursorPagination):
    """Pages of ``page_size`` (50, at most 500) in the view's ``cursor_ordering``, a unique
    field, so a cursor never skips or repeats a record while others are added."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"

    def get_ordering(self, request, queryset, view):
        return (getattr(view, "cursor_ordering", self.ordering),)

    def paginate_queryset(self, queryset, request, view=None):
        # One COUNT of the filtered set: the number the matching page of the site shows.
        self.count = queryset.count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["required"] = ["count", "next", "previous", "results"]
        response["properties"] = {
            "count": {
                "type": "integer",
                "description": "How many records match, over every page.",
                "example": 123,
            },
            **response["properties"],
        }
        return response
