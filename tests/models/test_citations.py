"""The five seed references, formatted by citeproc-py, against the seed's own list."""

import re
from pathlib import Path

import pytest

from content_pages.models import Reference

SEED = Path(__file__).resolve().parent.parent / "data" / "immunotherapy-article.txt"


def seed_reference_entries():
    text = SEED.read_text(encoding="utf-8")
    block = text.split("\nReferences\n", 1)[1].split("Want to learn how", 1)[0]
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    return list(zip(lines[0::2], lines[1::2], strict=True))


def apa7(line: str) -> str:
    """The seed writes one reference the APA 6 way: six authors, an ellipsis, the last
    author. APA 7 lists up to twenty authors, so with the seven stored authors the
    ellipsis becomes the ampersand before the last one."""
    return re.sub(r", … ", ", & ", line)


@pytest.mark.django_db
def test_seed_references_format_as_apa7_with_doi_links(seeded):
    entries = seed_reference_entries()
    assert len(entries) == 5
    formatted = {ref.doi: ref for ref in Reference.objects.all()}
    converted = 0
    for citation, doi_line in entries:
        doi = doi_line.removeprefix("https://doi.org/")
        reference = formatted[doi]
        expected = apa7(citation)
        converted += expected != citation
        assert reference.citation_apa_text == f"{expected} {doi_line}"
        assert f'<a href="{doi_line}"' in reference.citation_apa_html
    assert converted == 1, "only the Sahin et al. entry is written in the older APA 6 style"


@pytest.mark.django_db
def test_journal_and_volume_are_italic_in_html(seeded):
    hanahan = Reference.objects.get(doi="10.1158/2159-8290.CD-21-1059")
    assert "<i>Cancer Discovery</i>, <i>12</i>(1), 31–46." in hanahan.citation_apa_html
