"""Contact details are removed from readers' comments, and nothing else is."""

import phonenumbers
from hypothesis import given, settings
from hypothesis import strategies as st

from content_pages.foundations.contact_details import REMOVED, remove_contact_details

REGIONS = ["MY", "SG", "GB", "US", "CN", "ID"]


def test_numbers_in_the_shapes_people_type_them():
    typed = {
        "Call 012-345 6789 tonight": "Call […] tonight",
        "WhatsApp +60123456789": "WhatsApp […]",
        "office (03) 2615 5555 ext": "office […] ext",
        "London +44 20 7946 0958.": "London […].",
        "write to siti_99@mail.example.com.my please": "write to […] please",
        "chat https://wa.me/60123456789 now": "chat […] now",
    }
    for text, expected in typed.items():
        assert remove_contact_details(text, "MY") == expected


def test_what_a_health_comment_says_stays():
    for text in [
        "I had 3 doses in 2023 and 500 mg twice a day",
        "Between 10 and 20 percent of people, says the article",
        "免疫疗法对我有帮助，谢谢",
        "Saya faham sekarang. Terima kasih!",
        "See https://doi.org/10.1038/nature23003 for the study",
    ]:
        assert remove_contact_details(text, "MY") == text


words = st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(
    before=st.lists(words, max_size=6),
    after=st.lists(words, max_size=6),
    region=st.sampled_from(REGIONS),
    kind=st.sampled_from(["MOBILE", "FIXED_LINE"]),
    style=st.sampled_from(
        [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL, None]
    ),
)
def test_any_number_of_a_region_is_removed_and_the_words_around_it_kept(before, after, region, kind, style):
    number = phonenumbers.example_number_for_type(region, getattr(phonenumbers.PhoneNumberType, kind))
    written = (
        phonenumbers.format_number(number, style)
        if style is not None
        else phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    )
    text = " ".join([*before, written, *after])
    assert remove_contact_details(text, region) == " ".join([*before, REMOVED, *after])
