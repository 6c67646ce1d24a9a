"""Reference lines read into their parts: the seed's against its curated data, other styles,
and properties that hold for any text."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content_pages.publishing.document_import.citations import (
    ParsedReference,
    find_doi,
    find_url,
    looks_like_reference,
    parse_reference,
)
from content_pages.publishing.document_import.plain_text import read_plain_text
from content_pages.seed.loader import DEFAULT_SEED

SEED_TEXT = Path(__file__).resolve().parents[1] / "data" / "immunotherapy-article.txt"


def _seed_reference_lines() -> list[str]:
    """Each reference of the seed's text as the reader hands it over: its lines joined."""
    elements = read_plain_text(SEED_TEXT.read_text(encoding="utf-8"))
    return [element.text for element in elements if element.kind == "paragraph" and "doi.org/" in element.text]


def _as_curated(parsed: ParsedReference) -> dict:
    return {
        "authors": [list(author) for author in parsed.authors],
        "year": parsed.year,
        "title": parsed.title,
        "journal": parsed.journal,
        "volume": parsed.volume,
        "issue": parsed.issue,
        "pages": parsed.pages,
        "doi": parsed.doi,
    }


def test_every_seed_reference_parses_to_its_curated_entry():
    curated = json.loads(Path(DEFAULT_SEED).read_text(encoding="utf-8"))["references"]
    lines = _seed_reference_lines()
    assert len(lines) == len(curated) == 5
    for line, wanted in zip(lines, curated, strict=True):
        parsed = parse_reference(line)
        assert _as_curated(parsed) == wanted
        assert parsed.complete
        assert parsed.url == ""
        assert parsed.text == line
        assert looks_like_reference(line)


def test_the_doi_may_be_on_the_same_line():
    parsed = parse_reference(
        "Ribas, A., & Wolchok, J. D. (2018). Cancer immunotherapy using checkpoint blockade. "
        "Science, 359(6382), 1350-1355. https://doi.org/10.1126/science.aar4060"
    )
    assert parsed.pages == "1350-1355"
    assert parsed.doi == "10.1126/science.aar4060"
    assert parsed.complete


def test_single_author_a_letter_after_the_year_and_a_question_title():
    parsed = parse_reference("Smith, J. (2017a). Does exercise help? Journal of Oncology, 4, 12–19. doi:10.1000/abc.1.")
    assert parsed.authors == (("Smith", "J."),)
    assert parsed.year == 2017
    assert parsed.title == "Does exercise help?"
    assert (parsed.journal, parsed.volume, parsed.issue, parsed.pages) == ("Journal of Oncology", "4", "", "12–19")
    assert parsed.doi == "10.1000/abc.1"


def test_undated_is_no_year_and_incomplete():
    parsed = parse_reference(
        "Cancer Research UK. (n.d.). Immunotherapy. https://www.cancerresearchuk.org/immunotherapy"
    )
    assert parsed.authors == (("Cancer Research UK", ""),)
    assert parsed.year is None
    assert parsed.title == "Immunotherapy"
    assert not parsed.complete


def test_a_web_page_by_an_organisation():
    parsed = parse_reference(
        "World Health Organization. (2022, February 3). Cancer. https://www.who.int/news-room/fact-sheets/detail/cancer."
    )
    assert parsed.authors == (("World Health Organization", ""),)
    assert parsed.year == 2022
    assert parsed.title == "Cancer"
    assert (parsed.journal, parsed.volume, parsed.issue, parsed.pages) == ("", "", "", "")
    assert parsed.doi is None
    assert parsed.url == "https://www.who.int/news-room/fact-sheets/detail/cancer"
    assert parsed.complete


def test_names_with_particles_apostrophes_and_an_ellipsis():
    parsed = parse_reference(
        "van der Berg, J.-P., O'Connor, R. S., Löwer, M., ... Türeci, Ö. (2019). A title. Nature, 1(2), 3–4."
    )
    assert parsed.authors == (("van der Berg", "J.-P."), ("O'Connor", "R. S."), ("Löwer", "M."), ("Türeci", "Ö."))


def test_an_ampersand_without_a_comma_and_a_suffix():
    parsed = parse_reference("Smith, J., Jr. & Jones, A. B. (2020). Title here. Cell, 1, 2.")
    assert parsed.authors == (("Smith", "J., Jr."), ("Jones", "A. B."))


def test_an_abbreviated_journal_keeps_its_full_stops():
    parsed = parse_reference("Lee, K. (2015). Short title. J. Clin. Oncol., 33(5), e101–e110.")
    assert parsed.title == "Short title"
    assert (parsed.journal, parsed.volume, parsed.issue, parsed.pages) == ("J. Clin. Oncol.", "33", "5", "e101–e110")


def test_vancouver():
    parsed = parse_reference(
        "Hanahan D. Hallmarks of cancer: new dimensions. Cancer Discov. 2022;12(1):31-46. doi:10.1158/2159-8290.CD-21-1059"
    )
    assert parsed.authors == (("Hanahan", "D."),)
    assert parsed.year == 2022
    assert parsed.title == "Hallmarks of cancer: new dimensions"
    assert (parsed.journal, parsed.volume, parsed.issue, parsed.pages) == ("Cancer Discov", "12", "1", "31-46")
    assert parsed.doi == "10.1158/2159-8290.CD-21-1059"
    assert parsed.complete


def test_vancouver_numbered_with_a_month_and_several_authors():
    parsed = parse_reference(
        "3. Sharma P, Hu-Lieskovan S, Wargo JA, et al. Primary, adaptive, and acquired resistance to cancer "
        "immunotherapy. Cell. 2017 Feb 9;168(4):707-723."
    )
    assert parsed.authors == (("Sharma", "P."), ("Hu-Lieskovan", "S."), ("Wargo", "J. A."))
    assert parsed.year == 2017
    assert parsed.title == "Primary, adaptive, and acquired resistance to cancer immunotherapy"
    assert (parsed.journal, parsed.volume, parsed.issue, parsed.pages) == ("Cell", "168", "4", "707-723")


def test_vancouver_without_authors_keeps_the_title():
    parsed = parse_reference("Cancer statistics in the United States. CA Cancer J Clin. 2020;70:7-30.")
    assert parsed.authors == ()
    assert parsed.title == "Cancer statistics in the United States"
    assert parsed.journal == "CA Cancer J Clin"
    assert not parsed.complete


def test_unreadable_text_gives_what_it_has():
    parsed = parse_reference("See the 2019 guideline at https://example.org/guide.")
    assert parsed.authors == ()
    assert parsed.year == 2019
    assert parsed.title == ""
    assert parsed.url == "https://example.org/guide"
    assert not parsed.complete


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("https://doi.org/10.1038/nature23003", "10.1038/nature23003"),
        ("(https://dx.doi.org/10.1038/nature23003)", "10.1038/nature23003"),
        ("DOI: 10.1016/S0140-6736(20)30183-5.", "10.1016/S0140-6736(20)30183-5"),
        ("https://doi.org/10.1000%2Fx.y", "10.1000/x.y"),
        ("at 10.1000/a, then", "10.1000/a"),
        ("110.1000/a", None),
        ("10.10/short", None),
        ("no doi here", None),
    ],
)
def test_find_doi(text, doi):
    assert find_doi(text) == doi


def test_find_url_skips_doi_links():
    assert find_url("https://doi.org/10.1038/x and <https://example.org/a?b=1>.") == "https://example.org/a?b=1"
    assert find_url("http://") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://doi.org/10.1158/2159-8290.CD-21-1059", True),
        ("doi:10.1158/2159-8290.CD-21-1059", True),
        ("Smith, J. (2020). Title. https://example.org", True),
        ("https://example.org", True),
        ("Smith, J. (2020). Title. Journal, 1, 2.", False),
        ("Talk to your doctor about treatment.", False),
    ],
)
def test_looks_like_reference(text, expected):
    assert looks_like_reference(text) is expected


# -- properties -------------------------------------------------------------------------------

_SUFFIX_CHARACTERS = "ABCXYZabcxyz0123456789.-_"
# A DOI's last character is not a full stop: in prose one cannot tell it from the sentence's.
_DOIS = st.builds(
    lambda registrant, suffix, last: f"10.{registrant}/{suffix}{last}",
    st.from_regex(r"[0-9]{4,9}", fullmatch=True),
    st.text(_SUFFIX_CHARACTERS, max_size=20),
    st.sampled_from("ABCxyz0189-_"),
)
_PREFIXES = st.sampled_from(["", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/"])
# Text around the DOI, without "/": it cannot hold another DOI or a link before it.
_AROUND = st.text(st.characters(blacklist_characters="/", blacklist_categories=("Cs",)), max_size=60)
_SPACE = st.sampled_from([" ", "\n", "\t", "\u00a0"])


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_parse_reference_never_raises(text):
    parsed = parse_reference(text)
    assert parsed.text == text
    looks_like_reference(text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "(2018).",
                "(n.d.)",
                ", ",
                "& ",
                "… ",
                "A. B.",
                "Smith",
                "2017;12(1):3-4",
                ". ",
                "? ",
                "Journal, 1(2), 3–4.",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_parse_reference_never_raises_on_citation_like_text(text):
    parse_reference(text)


@settings(max_examples=400, deadline=None)
@given(_AROUND, _SPACE, _PREFIXES, _DOIS, _SPACE, _AROUND)
def test_a_doi_in_any_text_is_found(before, space, prefix, doi, after_space, after):
    text = f"{before}{space}{prefix}{doi}{after_space}{after}"
    assert find_doi(text) == doi
    assert parse_reference(text).doi == doi
    assert looks_like_reference(text)
