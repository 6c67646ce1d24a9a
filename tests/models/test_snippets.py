import pytest
from django.core.exceptions import ValidationError

from content_pages.models import CallToAction, Reference, ReferenceAuthor


def make_cta(**fields):
    defaults = {
        "name": "Chat",
        "kind": "whatsapp",
        "phone_number": "+60 12-345 6789",
        "button_label_en": "Chat with us",
    }
    defaults.update(fields)
    return CallToAction(**defaults)


@pytest.mark.django_db
def test_whatsapp_cta_number_is_stored_as_e164_and_builds_a_click_to_chat_link():
    cta = make_cta(whatsapp_message_en="Hello there", whatsapp_message_ms="Helo")
    cta.full_clean()
    cta.save()
    assert cta.phone_number == "+60123456789"
    assert cta.target_url("en", "Hello there") == "https://wa.me/60123456789?text=Hello%20there"


@pytest.mark.django_db
def test_bad_whatsapp_number_is_an_error_on_the_phone_field():
    cta = make_cta(phone_number="0123456789")
    with pytest.raises(ValidationError) as error:
        cta.full_clean()
    assert "phone_number" in error.value.message_dict
    assert "0123456789" in error.value.message_dict["phone_number"][0]


@pytest.mark.django_db
def test_button_label_too_long_in_malay_names_the_field_and_the_language():
    cta = make_cta(button_label_ms="Hubungi kami melalui WhatsApp")
    with pytest.raises(ValidationError) as error:
        cta.full_clean()
    messages = error.value.message_dict
    assert list(messages) == ["button_label_ms"]
    assert "Button label (Malay)" in messages["button_label_ms"][0]
    assert "at most 20" in messages["button_label_ms"][0]
    assert "29 characters" in messages["button_label_ms"][0]


@pytest.mark.django_db
def test_cta_needs_a_button_label_in_the_source_language():
    with pytest.raises(ValidationError) as error:
        make_cta(button_label_en="").full_clean()
    assert "button_label_en" in error.value.message_dict


@pytest.mark.django_db
def test_link_cta_needs_a_destination():
    with pytest.raises(ValidationError) as error:
        make_cta(kind="link", phone_number="").full_clean()
    assert "link_url" in error.value.message_dict


def make_reference(**fields):
    reference = Reference(title="A study", journal="Journal", year=2020, **fields)
    reference.authors = [ReferenceAuthor(family="Doe", given="J.")]
    return reference


@pytest.mark.django_db
def test_reference_doi_is_validated_on_its_field():
    reference = make_reference(doi="not-a-doi")
    with pytest.raises(ValidationError) as error:
        reference.full_clean()
    assert "not-a-doi" in error.value.message_dict["doi"][0]


@pytest.mark.django_db
def test_reference_doi_is_normalised_and_shown_as_a_doi_org_link():
    reference = make_reference(doi="https://doi.org/10.1000/xyz123")
    reference.full_clean()
    reference.save()
    reference.refresh_from_db()
    assert reference.doi == "10.1000/xyz123"
    assert reference.doi_url == "https://doi.org/10.1000/xyz123"
    assert reference.citation_apa_text.endswith("https://doi.org/10.1000/xyz123")
    assert '<a href="https://doi.org/10.1000/xyz123"' in reference.citation_apa_html
