"""The parts of a reference's text once its links are gone, read as APA or Vancouver.

APA: ``Family, G. I., & Family, G. (2018). Title. Journal, 359(6382), 1361–1365.``
Vancouver: ``Family GI, Family G. Title. Journal. 2018;359(6382):1361-5.``
Each reader answers None when the text is not in its style, so the next one may try.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Author = tuple[str, str]


@dataclass(frozen=True)
class Parts:
    authors: tuple[Author, ...] = ()
    year: int | None = None
    title: str = ""
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""


_YEAR = r"(?:1[5-9]|20)[0-9]{2}"
_PAGE = r"[A-Za-z]{0,2}[0-9]+[A-Za-z]?"
_PAGES = rf"{_PAGE}(?:\s*[-–—]\s*{_PAGE})?"

# "(2018)." "(2017a)." "(2020, March 3)." "(n.d.)." — not "(6382):", a Vancouver issue.
_APA_DATE = re.compile(
    rf"\(\s*(?:(?P<year>{_YEAR})[a-z]?(?:\s*,[^()]*)?|(?P<undated>n\.\s?d\.|in press))\s*\)(?:\.|(?=\s|$))",
    re.IGNORECASE,
)
_APA_SOURCE = re.compile(
    rf"(?P<journal>[^,]*?[^\s,]),\s*(?P<volume>[0-9]+[A-Za-z]?)(?:\s*\((?P<issue>[^()]+)\))?(?:,\s*(?P<pages>{_PAGES}))?\s*\.?"
)
_VANCOUVER_SOURCE = re.compile(
    rf"(?<![0-9])(?P<year>{_YEAR})(?:\s+[A-Za-z]{{3,9}}(?:\s+[0-9]{{1,2}})?)?\s*;\s*(?P<volume>[0-9]+[A-Za-z]?)?"
    rf"(?:\s*\((?P<issue>[^()]+)\))?(?:\s*:\s*(?P<pages>{_PAGES}))?"
)
# A title and at least one sentence after it (its source, or the authors before it).
_TITLE_AND_MORE = 2
_ANY_YEAR = re.compile(rf"(?<![0-9]){_YEAR}(?![0-9])")
# Sentences end at ".", "?" or "!", maybe inside a closing quote, before a space.
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][”\"’])\s+")
# One abbreviated word of a journal's name ("J.", "Clin."), split off as a "sentence".
_ABBREVIATION = re.compile(r"[A-Z][a-z]{0,7}\.")
_INITIALS = re.compile(r"[^\W\d_]{1,2}\.(?:-[^\W\d_]{1,2}\.)*")
_APA_SEPARATOR = re.compile(r"\s*,\s*|\s+&\s+|\s+and\s+")
_OMISSION = re.compile(r"^(?:&|and\s|…|\.\s?\.\s?\.)\s*")
_ET_AL = re.compile(r"et\.?\s+al\.?", re.IGNORECASE)
_VANCOUVER_AUTHOR = re.compile(r"(?P<family>[^\W\d_][^\s,]*(?:\s[^\s,]+){0,2}?)\s+(?P<initials>[A-Z]{1,4})")


def apa_parts(text: str) -> Parts | None:
    """Authors, then the date in brackets, then the title and the source."""
    date = _APA_DATE.search(text)
    if date is None:
        return None
    year = int(date.group("year")) if date.group("year") else None
    parts = _source_after_title(_sentences(text[date.end() :]), _APA_SOURCE)
    return Parts(authors=_apa_authors(text[: date.start()]), year=year, **parts)


def vancouver_parts(text: str) -> Parts | None:
    """Authors, title and journal as sentences, then ``year;volume(issue):pages``."""
    source = _VANCOUVER_SOURCE.search(text)
    if source is None:
        return None
    sentences = _sentences(text[: source.start()])
    authors: tuple[Author, ...] = ()
    if len(sentences) >= _TITLE_AND_MORE:  # authors need a title after them
        authors = _vancouver_authors(sentences[0])
        if authors:
            sentences = sentences[1:]
    journal_start = _journal_start(sentences) if len(sentences) >= _TITLE_AND_MORE else len(sentences)
    return Parts(
        authors=authors,
        year=int(source.group("year")),
        title=_title(sentences[:journal_start]),
        journal=" ".join(sentences[journal_start:]).removesuffix("."),
        volume=source.group("volume") or "",
        issue=source.group("issue") or "",
        pages=source.group("pages") or "",
    )


def loose_parts(text: str) -> Parts:
    """Neither style: only a year, if one stands in the text."""
    year = _ANY_YEAR.search(text)
    return Parts(year=int(year.group()) if year else None)


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCE_END.split(text.strip().lstrip(".").strip()) if sentence]


def _source_after_title(sentences: list[str], pattern: re.Pattern[str]) -> dict[str, str]:
    """The title and, when the last sentence is one, the journal's volume, issue and pages."""
    if len(sentences) >= _TITLE_AND_MORE:
        start = _journal_start(sentences)
        source = pattern.fullmatch(" ".join(sentences[start:]))
        if source is not None:
            return {
                "title": _title(sentences[:start]),
                "journal": source.group("journal"),
                "volume": source.group("volume"),
                "issue": source.group("issue") or "",
                "pages": source.group("pages") or "",
            }
    # A web page, a report or a book: its title is the first sentence after the date.
    return {"title": _title(sentences[:1])}


def _journal_start(sentences: list[str]) -> int:
    """Where the journal's name starts: the last sentence, with the abbreviated words
    before it that a full stop split off; the first sentence is always the title's."""
    start = len(sentences) - 1
    while start > 1 and _ABBREVIATION.fullmatch(sentences[start - 1]):
        start -= 1
    return start


def _title(sentences: list[str]) -> str:
    """A title's own question or exclamation mark stays; the full stop after it goes."""
    return " ".join(sentences).removesuffix(".").strip()


def _apa_authors(text: str) -> tuple[Author, ...]:
    """``Family, G. I.`` pairs; with no initials at all, one organisation."""
    pieces = [_OMISSION.sub("", piece).strip() for piece in _APA_SEPARATOR.split(text.strip())]
    pieces = [piece for piece in pieces if piece and not _ET_AL.fullmatch(piece)]
    if not any(_is_initials(piece) for piece in pieces):
        organisation = text.strip().removesuffix(".").strip()
        return ((organisation, ""),) if organisation else ()
    authors: list[Author] = []
    position = 0
    while position < len(pieces):
        piece = pieces[position]
        following = pieces[position + 1] if position + 1 < len(pieces) else ""
        if _is_initials(piece) and authors:
            # A suffix ("Jr.") or initials with no name before them: the last author's.
            family, given = authors[-1]
            authors[-1] = (family, f"{given}, {piece}" if given else piece)
            position += 1
        elif _is_initials(following):
            authors.append((piece, following))
            position += 2
        else:
            authors.append((piece.removesuffix("."), ""))
            position += 1
    return tuple(authors)


def _is_initials(piece: str) -> bool:
    tokens = piece.split()
    return bool(tokens) and all(_INITIALS.fullmatch(token) and token[0].isupper() for token in tokens)


def _vancouver_authors(sentence: str) -> tuple[Author, ...]:
    """``Family GI, Family G, et al.``; none unless every name has its initials."""
    authors: list[Author] = []
    for piece in sentence.removesuffix(".").split(","):
        name = piece.strip()
        if not name or _ET_AL.fullmatch(name):
            continue
        match = _VANCOUVER_AUTHOR.fullmatch(name)
        if match is None:
            return ()
        authors.append((match.group("family"), " ".join(f"{letter}." for letter in match.group("initials"))))
    return tuple(authors)
