"""What a Word document's XML marks that its HTML would not show: text that is not settled.

mammoth reads a tracked insertion as text and leaves a tracked deletion out, shows hidden
text (``w:vanish``) like any other, and ignores double strikethrough: the article would
read differently from the document the editor sees in Word, with nothing to say so. A
document holding any of them is refused, quoting the first of each, before mammoth reads
it; accepting the changes, or deleting or unhiding the text, takes a minute in Word.

The XML is read as it streams out of the ZIP, by expat (which fetches no external entity
and stops an entity expansion bomb), alongside the size checks, so it costs no second pass.
"""

from __future__ import annotations

from xml.parsers import expat

W_NAMESPACES = frozenset(
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"}
)
# Revision marks around text (or a paragraph mark, a table row) not yet accepted or rejected.
TRACKED = frozenset({"ins", "del", "moveFrom", "moveTo"})
# Run properties whose text, when on, is not meant to be read as written.
RUN_MARKS = {"vanish": "hidden", "dstrike": "double-struck"}
TEXT_ELEMENTS = frozenset({"t", "delText"})
OFF_VALUES = frozenset({"0", "false", "off"})
SAMPLE_CHARACTERS = 40

_REFUSALS = {
    "tracked": (
        "has tracked changes{quote}: in Word, accept or reject every change "
        "(Review → Accept or Reject), then save it and upload it again."
    ),
    "hidden": (
        "has hidden text{quote}, which would be imported as visible text: in Word, delete it or "
        "unhide it, then save it and upload it again."
    ),
    "double-struck": (
        "has text in double strikethrough{quote}, which would be imported as ordinary text: in Word, "
        "delete it or remove the strikethrough, then save it and upload it again."
    ),
}


class WordMarks:
    """Fed one XML part (the body, the footnotes, the endnotes) chunk by chunk; ``refusal``
    then says what, if anything, it found. Malformed XML raises ``expat.ExpatError``."""

    def __init__(self) -> None:
        self._parser = expat.ParserCreate(namespace_separator=" ")
        self._parser.buffer_text = True
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text
        # Word's local names on the path to the current element; "" for other namespaces.
        self._path: list[str] = []
        # Each kind found, with the start of its first text.
        self.samples: dict[str, str] = {}
        # Kinds whose text is being sampled, with the depth of the element that holds it.
        self._sampling: dict[str, int] = {}

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        self._parser.Parse(chunk, final)

    def refusal(self, name: str) -> str | None:
        """The editor's message for what was found, or None."""
        found = []
        for kind, template in _REFUSALS.items():
            if kind in self.samples:
                sample = " ".join(self.samples[kind].split())
                found.append(template.format(quote=f" (the first: “{sample}”)" if sample else ""))
        if not found:
            return None
        return f'"{name}" ' + f' "{name}" '.join(found)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        local = local if namespace in W_NAMESPACES else ""
        if local in TRACKED:
            self._begin("tracked", len(self._path) + 1)
        elif local in RUN_MARKS and self._path[-2:] == ["r", "rPr"] and not _off(attributes):
            # A mark of the run (not of a paragraph mark, nor an earlier formatting kept
            # by a tracked change): the text is the run's.
            self._begin(RUN_MARKS[local], len(self._path) - 1)
        self._path.append(local)

    def _begin(self, kind: str, depth: int) -> None:
        if not self.samples.get(kind) and kind not in self._sampling:
            self.samples[kind] = ""
            self._sampling[kind] = depth

    def _end(self, _name: str) -> None:
        self._path.pop()
        for kind, depth in list(self._sampling.items()):
            if len(self._path) < depth:
                del self._sampling[kind]

    def _text(self, data: str) -> None:
        if not self._sampling or not self._path or self._path[-1] not in TEXT_ELEMENTS:
            return
        for kind in self._sampling:
            sample = self.samples[kind]
            if len(sample) < SAMPLE_CHARACTERS:
                self.samples[kind] = (sample + data)[:SAMPLE_CHARACTERS]


def _off(attributes: dict[str, str]) -> bool:
    """``<w:vanish w:val="0"/>``: the property written, and switched off."""
    return any(key.rpartition(" ")[2] == "val" and value.lower() in OFF_VALUES for key, value in attributes.items())
