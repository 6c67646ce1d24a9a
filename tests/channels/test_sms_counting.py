"""SMS encoding and segment arithmetic, as carriers bill it."""

import pytest

from content_pages.rendering.channels.sms import measure, normalize


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("{}" * 80, "GSM-7", 320, 3),  # extension characters take two septets each
        ("€" * 80, "GSM-7", 160, 1),
        ("é" * 160, "GSM-7", 160, 1),  # é is in the GSM basic set
        ("中" * 70, "UCS-2", 70, 1),
        ("中" * 71, "UCS-2", 71, 2),
        ("中" * 134, "UCS-2", 134, 2),
        ("中" * 135, "UCS-2", 135, 3),
        ("😀" * 35, "UCS-2", 70, 1),  # outside the BMP: two UTF-16 units each
        ("", "GSM-7", 0, 0),
    ],
)
def test_encoding_units_and_segments(text, encoding, units, segments):
    assert measure(text) == (encoding, units, segments)


def test_a_two_septet_character_is_never_split_across_segments():
    # 152 plain septets then "€" (2 septets) would straddle the 153-septet boundary.
    text = "a" * 152 + "€" + "a" * 10
    assert measure(text).units == 164
    assert measure(text).segments == 2
    assert measure("a" * 152 + "€" + "a" * 152).segments == 3


def test_a_surrogate_pair_is_never_split_across_segments():
    text = "中" * 66 + "😀" + "中" * 10
    assert measure(text).units == 78
    assert measure("中" * 66 + "😀" + "中" * 66).segments == 3


def test_curly_quotes_in_english_are_normalised_to_gsm():
    text = "It’s “personal” – really… • yes — or—no"
    assert measure(text).encoding == "UCS-2"
    normalised = normalize(text, "en")
    assert normalised == 'It\'s "personal" - really... - yes - or - no'
    assert measure(normalised) == ("GSM-7", len(normalised), 1)
    assert normalize(text, "ms") == normalised


def test_chinese_is_never_transliterated():
    text = "免疫疗法——“有效”…"
    assert normalize(text, "zh-hans") == text
    assert measure(normalize(text, "zh-hans")).encoding == "UCS-2"
