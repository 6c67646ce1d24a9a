import pytest
from django.core.exceptions import ValidationError

from content_pages.foundations.validators import doi_url, normalize_doi, normalize_e164


@pytest.mark.parametrize(
    "raw",
    [
        "10.1038/nature23003",
        " https://doi.org/10.1038/nature23003 ",
        "http://dx.doi.org/10.1038/nature23003",
        "doi:10.1038/nature23003",
        "DOI:10.1038/nature23003",
    ],
)
def test_doi_is_normalised_to_the_bare_identifier(raw):
    assert normalize_doi(raw) == "10.1038/nature23003"
    assert doi_url(normalize_doi(raw)) == "https://doi.org/10.1038/nature23003"


@pytest.mark.parametrize("raw", ["nature23003", "10.10/x", "https://example.org/10.1038/x", "10.1038/"])
def test_bad_doi_is_rejected_quoting_the_value(raw):
    with pytest.raises(ValidationError) as error:
        normalize_doi(raw)
    assert raw in error.value.messages[0]
    assert "10.1038/nature23003" in error.value.messages[0]


def test_phone_numbers_are_normalised_to_e164():
    assert normalize_e164("+60 12-345 6789") == "+60123456789"


@pytest.mark.parametrize("raw", ["012-345 6789", "+60 12", "call me", "+1 555 0000"])
def test_bad_phone_number_is_rejected_quoting_the_value(raw):
    with pytest.raises(ValidationError) as error:
        normalize_e164(raw)
    assert raw in error.value.messages[0]
    assert "country code" in error.value.messages[0]
