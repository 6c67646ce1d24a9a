"""The seed article as documents: its curated structure written as a Word file with
heading styles, and what a test compares an import with."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import docx.document

from content_pages.seed.loader import DEFAULT_SEED

# The seed as it was delivered, kept in the repository (tests/seed/test_seed.py holds it equal).
SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "immunotherapy-article.txt"


def curated() -> dict:
    return json.loads(Path(DEFAULT_SEED).read_text(encoding="utf-8"))


def apa(reference: dict) -> str:
    names = [f"{family}, {given}" for family, given in reference["authors"]]
    authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    return (
        f"{authors} ({reference['year']}). {reference['title']}. {reference['journal']}, "
        f"{reference['volume']}({reference['issue']}), {reference['pages']}. https://doi.org/{reference['doi']}"
    )


def _cta_lines(data: dict, name: str) -> list[str]:
    cta = next(item for item in data["ctas"] if item["name"] == name)
    return [text["en"] for text in (cta.get("heading"), cta.get("body")) if text]


def _write_block(document: docx.document.Document, data: dict, block: dict) -> None:
    kind = block["type"]
    if kind == "heading":
        document.add_heading(block["text"]["en"], level=1 if block["level"] == "h2" else 2)
    elif kind == "paragraph":
        document.add_paragraph(block["text"]["en"])
    elif kind == "bullet_list":
        for item in block["items"]:
            document.add_paragraph(item["en"], style="List Bullet")
    elif kind == "callout":
        document.add_paragraph(block["text"]["en"], style="Quote" if block["style"] == "quote" else None)
    elif kind == "cta":
        for line in _cta_lines(data, block["cta"]):
            document.add_paragraph(line)


def seed_docx() -> bytes:
    """The curated article as an editor would write it in Word: Title, Heading 1 for
    sections, Heading 2 for subsections, List Bullet, Quote; calls to action as their
    wording; the references under a "References" heading; then the aside."""
    data = curated()
    article = data["article"]
    document = docx.Document()
    document.add_heading(article["title"]["en"], level=0)
    document.add_paragraph(article["standfirst"]["en"])
    for block in article["body"]:
        _write_block(document, data, block)
    document.add_heading("References", level=1)
    by_doi = {reference["doi"]: reference for reference in data["references"]}
    for doi in article["references"]:
        document.add_paragraph(apa(by_doi[doi]))
    form_labels = [field["label"]["en"] for field in data["form"]["fields"]]
    for block in article["aside"]:
        if block["type"] == "cta":
            _write_block(document, data, block)
        else:
            document.add_paragraph(block["heading"]["en"])
            for label in form_labels:
                document.add_paragraph(label)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
