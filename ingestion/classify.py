"""Choose the parser for a document from its content, never from its file name."""

from __future__ import annotations

from types import ModuleType

from .parsers import ORDER
from .types import Page, ParseError


class UnrecognisedDocument(ParseError):
    pass


def classify(pages: tuple[Page, ...]) -> ModuleType:
    """The first registered parser whose ``detect`` accepts the pages."""
    for parser in ORDER:
        if parser.detect(pages):
            return parser
    raise UnrecognisedDocument(
        "not a document this site knows: no Ofsted report, visit letter or committee paper "
        "was recognised on its first pages"
    )
