"""What an import or a web editor's save reports: its problems, each naming where it is
(a PO file's line, a workbook's sheet and row) and the segment, and what it wrote,
skipped or published.

Apart from the reading (``importing``) and the writing (``writing``) so that both report
into one ``ImportReport`` without importing each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from content_pages.reads.segments import Segment

# A problem quotes at most this much of what a file holds (an id, a state, a header), and a
# refusal lists at most this many problems: a small file can hold a megabyte in one cell,
# or thousands of bad rows, and the message is read by a person.
ECHO_MAX = 80
PROBLEMS_LISTED = 100


@dataclass(frozen=True)
class Problem:
    line: int | None  # a PO file's line, or a workbook sheet's row
    segment: str
    message: str
    # A workbook's sheet: a translator finds a row by its sheet and row number.
    sheet: str = ""

    def __str__(self) -> str:
        return f"{self.place}{f' ({self.segment})' if self.segment else ''}: {self.message}"

    @property
    def place(self) -> str:
        """``line 12``, ``sheet "Pages", row 7``, ``sheet "About"`` or ``file``."""
        if self.sheet:
            return f'sheet "{self.sheet}", row {self.line}' if self.line else f'sheet "{self.sheet}"'
        return f"line {self.line}" if self.line else "file"


def excerpt(text: str, limit: int = ECHO_MAX) -> str:
    """``text`` as a problem quotes it: cut to ``limit`` characters, marked with "…"."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def problem_lines(problems: Sequence[Problem], prefix: str = "") -> list[str]:
    """The first ``PROBLEMS_LISTED`` problems, one line each, and how many more there are:
    what the admin, the import command and ``ImportRejected`` show of a refusal."""
    lines = [f"{prefix}{problem}" for problem in problems[:PROBLEMS_LISTED]]
    more = len(problems) - PROBLEMS_LISTED
    if more > 0:
        lines.append(f"… and {more} more problem{'s' if more > 1 else ''}")
    return lines


@dataclass
class ImportReport:
    language: str = ""
    problems: list[Problem] = field(default_factory=list)
    # Translations written: only those that differ from the current translation, and
    # not those skipped below for having nowhere to go.
    imported: list[str] = field(default_factory=list)
    # Entries whose translation is already the current one: nothing to write.
    unchanged: list[str] = field(default_factory=list)
    # Unchanged translations the translator confirmed for a changed source: no longer stale.
    confirmed: list[str] = field(default_factory=list)
    confirming: list[Segment] = field(default_factory=list, repr=False)
    skipped_fuzzy: list[str] = field(default_factory=list)
    skipped_empty: list[str] = field(default_factory=list)
    # Texts of the live page that a pending draft has removed: nowhere to put them.
    skipped_removed: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    # With publishing: what went live (that language only), and what was left a draft
    # because it is not live (an import never makes anything live).
    published: list[str] = field(default_factory=list)
    not_live: list[str] = field(default_factory=list)
    # Live, but left for a reviewer of the language: nobody who may approve it published.
    submitted: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRejected(Exception):
    def __init__(self, report: ImportReport) -> None:
        super().__init__("; ".join(problem_lines(report.problems)))
        self.report = report
