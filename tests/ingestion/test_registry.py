"""The parser registry names every parser module, once, and classification asks them in order."""

import importlib
import pkgutil
import sys
from types import SimpleNamespace

import pytest

import ingestion.parsers
from ingestion.classify import UnrecognisedDocument, classify
from ingestion.parsers import LABELS, ORDER, PARSERS, get_parser
from ingestion.types import Page


def test_every_parser_module_is_registered_once():
    modules = {
        info.name
        for info in pkgutil.iter_modules(ingestion.parsers.__path__)
        if not info.name.startswith("_")
    }
    registered = [parser.__name__.rsplit(".", 1)[1] for parser in ORDER]
    assert sorted(registered) == sorted(modules)
    assert len(set(registered)) == len(registered)
    for name in modules:
        module = importlib.import_module(f"ingestion.parsers.{name}")
        assert callable(module.detect) and callable(module.parse)
        assert isinstance(module.VERSION, int)
        assert get_parser(module.NAME) is module
    assert list(PARSERS.values()) == list(ORDER)
    # Staff can choose any parser for a document none recognised, and only those.
    assert sorted(LABELS) == sorted(PARSERS)
    assert all(label.strip() for label in LABELS.values())


def test_a_document_no_parser_accepts_is_refused_with_the_reason():
    pages = (Page(1, "Minutes of the allotments committee. The hedges were trimmed in May."),)
    with pytest.raises(UnrecognisedDocument, match="not a document this site knows"):
        classify(pages)


def test_a_parser_that_cannot_be_imported_stops_the_registry(monkeypatch):
    # None in sys.modules makes importing that module fail, as a broken parser would.
    monkeypatch.delitem(sys.modules, "ingestion.parsers")
    monkeypatch.setitem(sys.modules, "ingestion.parsers.sif_report", None)
    with pytest.raises(ImportError, match="sif_report"):
        importlib.import_module("ingestion.parsers")


def test_a_parser_that_fails_is_not_passed_over(monkeypatch):
    def detect(pages):
        raise KeyError("broken")

    broken = SimpleNamespace(NAME="broken", detect=detect)
    monkeypatch.setattr("ingestion.classify.ORDER", (broken, *ORDER))
    with pytest.raises(KeyError, match="broken"):
        classify((Page(1, "Inspection of Kent County Council children's services"),))
