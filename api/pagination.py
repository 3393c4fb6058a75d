"""Cursor pagination with the total: pages that stay put while documents are added, and a
count equal to the one the site's page shows for the same filters, counted once for each filter
set until the data changes."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import caches
from rest_framework import pagination
from rest_framework.response import Response

from ofsted_kb.cache import TIMEOUT, data_version


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
        self.count = self.total(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def total(self, queryset, request, view=None) -> int:
        """One COUNT of the filtered set (the number the matching page of the site shows),
        kept in this process's cache under the data's version (``ofsted_kb.cache``): a client
        paging through a filter set, every page's address the same but for its cursor, has it
        counted once, and the first change to the data makes it count again. A view that
        can count without the database (``count_matching``, returning None when it cannot)
        is asked first."""
        ignored = {self.cursor_query_param, self.page_size_query_param}
        filters = sorted(
            (name, value)
            for name, values in request.query_params.lists()
            if name not in ignored
            for value in values
        )
        address = f"{request.path}?{urlencode(filters)}"
        key = f"api-count:{hashlib.sha256(address.encode()).hexdigest()}:{data_version()}"
        local = caches["local"]
        count = local.get(key)
        if count is None:
            counter = getattr(view, "count_matching", None)
            count = counter() if counter else None
        if count is None:
            count = queryset.count()
            local.set(key, count, TIMEOUT)
        return count

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
