"""Read a sheet of an OpenDocument spreadsheet (.ods) as rows of strings, streaming.

Ofsted and the DfE publish their statistics as .ods. odfpy's object model loads the whole
document; the content is plain XML in a zip, so a streaming parse is both simpler and far
faster for the few sheets we read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import iterparse

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CELLS = {f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"}
#: Repeated empty cells or rows beyond this are padding, not data.
_MAX_REPEAT = 200


class SpreadsheetError(ValueError):
    pass


def sheet_names(path: Path) -> list[str]:
    return [name for name, _ in _tables(path, want=None)]


def read_sheet(path: Path, sheet: str) -> list[list[str]]:
    """Every row of ``sheet`` as a list of cell strings, trailing empty cells dropped."""
    for name, rows in _tables(path, want=sheet):
        if name == sheet:
            return rows
    raise SpreadsheetError(f"{path.name} has no sheet named {sheet!r}")


def records(rows: list[list[str]], header: int) -> Iterator[dict[str, str]]:
    """Rows after the ``header`` row (0-based) as dicts; stops at the first empty row.

    Header names have their white space folded ("Overall Judgement\n(OE)" is one name).
    """
    names = [" ".join(name.split()) for name in rows[header]]
    for row in rows[header + 1 :]:
        if not any(cell.strip() for cell in row):
            return
        yield {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names)}


def _tables(path: Path, want: str | None):
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise SpreadsheetError(f"{path.name} is not a readable .ods file: {exc}") from None
    with archive, archive.open("content.xml") as content:
        name = None
        rows: list[list[str]] = []
        row: list[str] | None = None
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == f"{_TABLE}table":
                    name, rows = element.get(f"{_TABLE}name"), []
                elif tag == f"{_TABLE}table-row":
                    row = []
                continue
            if tag in _CELLS and row is not None and (want is None or name == want):
                text = "\n".join("".join(p.itertext()) for p in element.iter(f"{_TEXT}p"))
                repeat = int(element.get(f"{_TABLE}number-columns-repeated", "1"))
                row.extend([text] * min(repeat, _MAX_REPEAT))
                element.clear()
            elif tag == f"{_TABLE}table-row":
                if want is None or name == want:
                    while row and not row[-1]:
                        row.pop()
                    repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                    rows.extend([row] * (min(repeat, _MAX_REPEAT) if row else 1))
                row = None
                element.clear()
            elif tag == f"{_TABLE}table":
                yield name, rows
                rows = []
