"""Hostile and broken files the tests make themselves: small PDFs written byte by byte.

Each builder returns the bytes of one file; nothing here touches the database.
"""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_from_objects(objects: list[bytes]) -> bytes:
    """A PDF whose object ``n`` is ``objects[n - 1]``, object 1 the catalog, with its xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def _escape(line: str) -> bytes:
    raw = line.encode("latin-1", "replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def page_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 56 780 Td"]
    ops.extend(b"(%s) '" % _escape(line) for line in lines)
    ops.append(b"ET")
    return b"\n".join(ops)


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines, in Helvetica, that pdfium reads back as text."""
    count = len(pages)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        HELVETICA,
    ]
    for index, lines in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * index)
        )
        objects.append(stream(zlib.compress(page_content(lines)), b"/Filter /FlateDecode"))
    return pdf_from_objects(objects)


def letter_pdf(pages: int = 3) -> bytes:
    """A readable, harmless letter of a few pages (the intact file the truncations cut)."""
    return text_pdf(
        [
            [f"Page {n} of a letter about the inspection of a local authority."]
            + [
                f"Line {i}: children's services were visited and inspectors met staff."
                for i in range(30)
            ]
            for n in range(1, pages + 1)
        ]
    )


def many_pages_pdf(count: int) -> bytes:
    """``count`` pages sharing one small content stream: a page tree of thousands of pages."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        HELVETICA,
        stream(page_content(["A page among thousands, each with this line of text on it."])),
    ]
    objects.extend(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
        for _ in range(count)
    )
    return pdf_from_objects(objects)


def deflate_bomb(inflated_mib: int, unit: bytes) -> bytes:
    """A zlib stream that inflates to ``inflated_mib`` MiB of ``unit`` repeated.

    Built in about a second whatever the size: after a full flush the compressor's output for
    the same MiB is the same bytes, so one compressed MiB is repeated and only the checksum is
    computed over the whole.
    """
    chunk = (unit * (1_048_576 // len(unit) + 1))[:1_048_576]
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)[:-4]  # the final empty block, without its checksum
    checksum = 1
    for _ in range(inflated_mib):
        checksum = zlib.adler32(chunk, checksum)
    return head + body * (inflated_mib - 1) + tail + checksum.to_bytes(4, "big")


def bomb_pdf(inflated_mib: int = 2048, *, text: bool = False) -> bytes:
    """One page whose content stream inflates to ``inflated_mib`` MiB (spaces, or text)."""
    unit = b"BT /F1 12 Tf 72 720 Td (A) Tj ET\n" if text else b" " * 64
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(deflate_bomb(inflated_mib, unit), b"/Filter /FlateDecode"),
        HELVETICA,
    ]
    return pdf_from_objects(objects)


def image_only_pdf(pages: int = 2) -> bytes:
    """Pages that draw a grey image and nothing else: a scan without a text layer."""
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(64) for x in range(64))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        stream(
            zlib.compress(pixels),
            b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode",
        ),
        stream(b"q 480 0 0 700 56 70 cm /Im1 Do Q"),
    ]
    objects.extend(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 3 0 R >> >> >>"
        for _ in range(pages)
    )
    return pdf_from_objects(objects)


def encrypted(data: bytes, *, user_password: str, owner_password: str = "owner") -> bytes:
    """``data`` encrypted with pypdf (AES-256); an empty user password opens without asking."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncations(data: bytes, cuts: int = 25) -> list[tuple[int, bytes]]:
    """``data`` cut at ``cuts`` evenly spaced points and inside its last bytes (a cut after
    the end-of-file marker, in the trailing newline, leaves the file whole and is not one)."""
    end = data.rstrip(b"\r\n")
    points = {len(data) * n // cuts for n in range(1, cuts)}
    points |= {len(end) - k for k in (1, 3, 6, 20, 200, 1000) if len(end) > k}
    return [(point, data[:point]) for point in sorted(points)]
