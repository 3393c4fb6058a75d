"""Querysets compiled to SQL once a process, for pages that run the same query on every
request with only an id changing.

Building a queryset (its filters, subqueries and annotations) and compiling it to SQL is pure
Python work that gives the same SQL every time; on the authority page at ten times the
national size it was about a third of the page's time with no page cache. A ``Prepared``
query is built and compiled once a process and database, with placeholders where the ids
go; each request swaps its ids into the compiled parameters and runs it, through Django's
own iterables (model instances, ``values_list``), so ``select_related``, annotations and
type conversion behave as for the queryset itself.

The queryset must keep its shape whatever the ids: a filter on an id (equal to it, or among a
fixed number of them), not a list whose length varies. A prepared query returns a list, never
a queryset: anything that compiled its placeholders again (``count()``, a further
``filter()``) would read the wrong rows.
``prefetch_related`` lookups run as usual after the rows are read (their queries compiled
each time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql import Query

#: Placeholders for the ids: large negative integers no row has, and no query's own constant.
_PLACEHOLDERS = tuple(-2_000_000_011 - 7 * n for n in range(8))


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    #: For each parameter, the index of the id that goes there, or None to keep it.
    slots: tuple[int | None, ...]
    #: The compiler's state after compiling (columns, joins' models, converters' inputs).
    state: dict
    template: QuerySet


class _PreparedQuery(Query):
    """A query whose compiler takes SQL compiled before instead of compiling it."""

    compiled: _Compiled
    values: tuple

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        compiler.__dict__.update(self.compiled.state)
        sql = self.compiled.sql
        params = tuple(
            value if slot is None else self.values[slot]
            for value, slot in zip(self.compiled.params, self.compiled.slots, strict=True)
        )
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler


class Prepared:
    """``build(*ids)`` returns a queryset of ``model``; ``fetch(*ids)`` runs it, compiled once
    a process for each database alias and number of ids."""

    def __init__(self, model: type[Model], build: Callable[..., QuerySet]):
        self.model = model
        self.build = build
        self._compiled: dict[tuple[str, int], _Compiled] = {}
        self._lock = threading.Lock()

    def fetch(self, *ids: int) -> list:
        alias = router.db_for_read(self.model)
        compiled = self._compiled.get((alias, len(ids))) or self._compile(alias, len(ids))
        queryset = compiled.template._chain()
        queryset.query.__class__ = _PreparedQuery
        queryset.query.compiled = compiled
        queryset.query.values = tuple(_in_range(int(pk)) for pk in ids)
        return list(queryset)

    def fetch_any(self, ids, slots: int = 8) -> list:
        """``build(*ids)`` run for any number of ids, where ``build`` takes them as one list
        (``pk__in=ids``): up to ``slots`` ids fill a query compiled for that many (the first
        repeated), more run the queryset as built."""
        ids = list(ids)
        if not ids:
            return []
        if len(ids) > slots:
            return list(self.build(*ids))
        return self.fetch(*ids, *[ids[0]] * (slots - len(ids)))

    def _compile(self, alias: str, count: int) -> _Compiled:
        if count > len(_PLACEHOLDERS):
            raise ValueError(f"at most {len(_PLACEHOLDERS)} ids")
        with self._lock:
            if (alias, count) in self._compiled:
                return self._compiled[(alias, count)]
            template = self.build(*_PLACEHOLDERS[:count]).using(alias)
            if template.model is not self.model:
                raise TypeError(f"the query reads {template.model}, not {self.model}")
            compiler = template.query.get_compiler(connection=connections[alias])
            sql, params = compiler.as_sql()
            slots = tuple(
                _PLACEHOLDERS.index(value) if _is_placeholder(value) else None for value in params
            )
            missing = set(range(count)) - set(slots)
            if missing:
                raise ValueError(f"the query does not use ids {sorted(missing)}: {sql}")
            state = {
                key: value
                for key, value in compiler.__dict__.items()
                if key not in ("query", "connection", "using", "elide_empty")
            }
            compiled = _Compiled(sql, tuple(params), slots, state, template)
            self._compiled[(alias, count)] = compiled
            return compiled


#: The range of a database id (a 64-bit signed integer on both databases).
_ID_RANGE = range(-(2**63), 2**63)


def _in_range(value: int) -> int:
    """An id a query can be given: one out of any column's range (an address made up to
    overflow it) matches no row, as a placeholder does, rather than failing in the database."""
    return value if value in _ID_RANGE else _PLACEHOLDERS[0]


def _is_placeholder(value) -> bool:
    return type(value) is int and value in _PLACEHOLDERS
