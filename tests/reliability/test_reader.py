"""The child process that reads PDFs (``ingestion.extract._Reader``): reused from one read to
the next, replaced after a refusal, a death or an overrun, and every failure a refusal."""

import concurrent.futures
import multiprocessing
import os
import time

import pytest

from ingestion.extract import UnreadableDocument, _read_isolated, _Reader


def whose(data: bytes) -> int:
    return os.getpid()


def refuse(data: bytes) -> None:
    raise UnreadableDocument("not this one")


def dawdle(data: bytes) -> int:
    time.sleep(5)
    return os.getpid()


def die(data: bytes) -> None:
    os._exit(3)


def read(function, seconds=30):
    return _read_isolated(function, b"%PDF-", memory_mb=256, seconds=seconds)


@pytest.fixture(autouse=True)
def fresh_reader():
    yield
    reader = getattr(_Reader._local, "reader", None)
    if reader is not None:
        reader.stop()


def test_one_child_reads_one_document_after_another():
    first = read(whose)
    assert first != os.getpid()
    assert read(whose) == first


def test_a_refusal_is_reported_and_the_next_read_has_a_new_child():
    first = read(whose)
    with pytest.raises(UnreadableDocument, match="not this one"):
        read(refuse)
    second = read(whose)
    assert second not in (first, os.getpid())


def test_an_overrun_is_refused_and_its_child_killed():
    first = read(whose)
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match=r"took over 0\.5 seconds"):
        read(dawdle, seconds=0.5)
    assert time.monotonic() - started < 4
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)
    assert read(whose) not in (first, os.getpid())


def test_a_child_that_dies_reading_is_a_refusal():
    with pytest.raises(UnreadableDocument, match="more than 256 MB"):
        read(die)
    assert read(whose) != os.getpid()


def test_a_forked_worker_reads_with_a_child_of_its_own():
    """A pool's worker forked after this process made its reader has one of its own."""
    mine = read(whose)
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("fork")
    ) as pool:
        worker, theirs = pool.submit(read_in_worker).result()
    assert theirs not in (mine, worker, os.getpid())
    assert read(whose) == mine


def read_in_worker():
    return os.getpid(), read(whose)


def open_files(data: bytes) -> list[int]:
    return sorted(int(fd) for fd in os.listdir("/proc/self/fd"))


def test_the_child_holds_none_of_the_parents_files(tmp_path):
    """A pipe the parent opens before its reader is forked is not held open by the reader."""
    reading, writing = os.pipe()
    try:
        held = read(open_files)
    finally:
        os.close(writing)
    assert writing not in held and reading not in held
    assert len(held) <= 5  # standard streams, its end of the pipe, the listing itself
    os.close(reading)


def test_a_child_is_replaced_after_its_reads():
    seen = {read(whose) for _ in range(_Reader.MAX_READS + 1)}
    assert len(seen) == 2
