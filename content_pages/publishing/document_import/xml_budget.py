"""How much work a .docx's XML parts will be for mammoth, counted as they stream.

mammoth's time and memory grow with the XML's tags, not its bytes: 1.5 million one-letter
runs are 85 KB zipped, and took minutes. And minidom, the parser mammoth uses, builds a
long text piece by piece, in time that grows with the square of its length (40 MB of
spaces between two tags took half a minute). So the tags of all the parts together are
counted, and the longest text between two tags measured, before mammoth reads any.
"""

from __future__ import annotations

from content_pages.foundations.limits import DOCUMENT_XML_TAGS_MAX, DOCUMENT_XML_TEXT_RUN_MAX_BYTES

# What may come before an XML part's first "<": byte order marks (UTF-8, UTF-16), spaces.
_XML_LEAD = b"\xef\xbb\xbf\xff\xfe \t\r\n\x00"


class XmlBudget:
    """Fed every member's chunks in turn (``start`` between members); ``add`` says why the
    document is refused once it is over either bound, else None.

    A member is XML when it starts like XML, whatever its name: the package's
    relationships, not the name, say which part mammoth reads.
    """

    def __init__(self) -> None:
        self.tags = 0
        self._is_xml: bool | None = None
        self._run = 0  # bytes since the last "<" of this member

    def start(self) -> None:
        self._is_xml = None
        self._run = 0

    def add(self, chunk: bytes) -> str | None:
        if self._is_xml is None:
            self._is_xml = chunk.lstrip(_XML_LEAD).startswith(b"<")
        if not self._is_xml:
            return None
        self.tags += chunk.count(b"<")
        if self.tags > DOCUMENT_XML_TAGS_MAX:
            return (
                f"its XML holds more than {DOCUMENT_XML_TAGS_MAX:,} tags, far more than an article needs. "
                "Save a smaller document (or split it) and upload that."
            )
        # A chunk is shorter than the bound, so only a run across chunks can pass it: the
        # one that ends at this chunk's first "<", or the one still open after its last.
        last = chunk.rfind(b"<")
        ended = self._run + chunk.find(b"<") if last >= 0 else 0
        self._run = self._run + len(chunk) if last < 0 else len(chunk) - last - 1
        if max(ended, self._run) > DOCUMENT_XML_TEXT_RUN_MAX_BYTES:
            return (
                f"a part of it holds more than {DOCUMENT_XML_TEXT_RUN_MAX_BYTES // 1024 // 1024} MB without any "
                "markup, which no article needs (the file may be damaged). Save it again from Word, and upload that."
            )
        return None
