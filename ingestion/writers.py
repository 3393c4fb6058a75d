"""Writing parsed documents on several database connections at once (PostgreSQL).

One connection writing one document after another was the slow part of ``manage.py ingest``:
while it waits for the database the process does nothing, and while it builds rows the
database does nothing. ``write_all`` runs the writes on ``count`` threads, each with its own
connection, so one thread's rows are built while the other's are stored.

Each authority's documents all go to one thread, in the order given: documents of one
authority are written in that order as before (a letter after the report it follows), and
two threads never wait on one authority's row lock (``ingest_document`` takes it), so a
thread that keeps one long transaction (``bench_ingest``'s, rolled back) cannot deadlock with
the other. Documents of no known authority share one thread.

SQLite allows one writer at a time, other threads cannot see a transaction the caller has
open (a test's), nor a database in this process's memory: there, and with ``count`` 1, every
write runs here, in order, on the caller's connection.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

from django.db import connection, connections

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Written results that may wait for the caller, beyond the ones being written.
WINDOW = 8


def default_writers() -> int:
    """One writing thread a core on PostgreSQL, one on SQLite."""
    return (os.cpu_count() or 1) if connection.vendor == "postgresql" else 1


def parallel_possible() -> bool:
    """Whether other threads' connections see what this one sees."""
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return connection.vendor != "sqlite" and not connection.in_atomic_block and not in_memory


def write_all(
    items: Iterable[Item],
    write: Callable[[Item], Result],
    key: Callable[[Item], Hashable],
    count: int,
    session: Callable[[], contextlib.AbstractContextManager] = contextlib.nullcontext,
) -> Iterator[tuple[Item, Result]]:
    """``(item, write(item))`` for each item, in the order given, written on ``count``
    threads; items with the same ``key`` are written by one thread in order. ``session()``
    is entered by each thread around all its writes (a transaction to roll back, say); an
    exception from ``write`` is raised here, at its item, and the writes queued after it are
    not made."""
    if count <= 1 or not parallel_possible():
        with session():
            for item in items:
                yield item, write(item)
        return
    threads = [_Writer(write, session) for _ in range(count)]
    for thread in threads:
        thread.start()
    owners: dict[Hashable, _Writer] = {}
    pending: deque[tuple[Item, Future]] = deque()
    try:
        for item in items:
            name = key(item)
            if name not in owners:
                # The least loaded thread takes each new authority.
                owners[name] = min(threads, key=lambda t: (t.queued, threads.index(t)))
            pending.append((item, owners[name].submit(item)))
            while pending and (pending[0][1].done() or len(pending) > WINDOW + count):
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()
    finally:
        for _, future in pending:
            future.cancel()
        for thread in threads:
            thread.finish()
    # A session that failed as it closed (its commit, say), once every write was answered.
    for thread in threads:
        if thread.failure is not None:
            raise thread.failure


class _Writer(threading.Thread):
    """One connection's writes: items from a queue, each answered through its future."""

    def __init__(self, write, session):
        super().__init__(daemon=True)
        self.write, self.session = write, session
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.queued = 0  # items given to this thread, for placing new keys evenly
        self.failure: BaseException | None = None  # what ended the session, if anything

    def submit(self, item) -> Future:
        future = Future()
        self.queued += 1
        self.jobs.put((item, future))
        return future

    def finish(self) -> None:
        self.jobs.put(None)
        self.join()

    def run(self) -> None:
        finished = False
        try:
            with self.session():
                while (job := self.jobs.get()) is not None:
                    item, future = job
                    if not future.set_running_or_notify_cancel():
                        continue
                    try:
                        future.set_result(self.write(item))
                    except BaseException as exc:  # given to the caller at this item
                        future.set_exception(exc)
                finished = True
        except BaseException as exc:
            self.failure = exc
            # The session could not start, or failed between writes: what is queued gets
            # its reason, and the caller never waits for it.
            while not finished and (job := self.jobs.get()) is not None:
                if job[1].set_running_or_notify_cancel():
                    job[1].set_exception(exc)
        finally:
            # This thread's connection: nobody else will close it.
            connections.close_all()
