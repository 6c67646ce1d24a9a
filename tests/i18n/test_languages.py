import pytest

from content_pages.foundations.dates import bcp47
from content_pages.foundations.languages import (
    fallback_chain,
    localized_field_name,
    negotiate_language,
    open_graph_locale,
    target_languages,
)


def test_languages_come_from_one_setting(settings):
    assert target_languages() == ("zh-hans", "ms")
    assert fallback_chain("ms") == ("ms", "en")
    assert fallback_chain("zh-hans") == ("zh-hans", "en")
    assert fallback_chain("en") == ("en",)
    assert localized_field_name("title", "zh-hans") == "title_zh_hans"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ms", "ms"),
        ("ms-MY;q=0.8, en;q=0.5", "ms"),
        ("en-GB,en;q=0.9,ms;q=0.8", "en"),
        ("zh-Hans-CN", "zh-hans"),
        ("zh-SG", "zh-hans"),
        ("zh-Hant-TW, en;q=0.1", "en"),
        ("zh-Hant-TW", "zh-hans"),
        ("xx-invalid, ms;q=0.2", "ms"),
        ("*", "en"),
        (None, "en"),
    ],
)
def test_accept_language_negotiation_uses_cldr_scripts(header, expected):
    assert negotiate_language(header) == expected


def test_language_tags_for_html_and_open_graph():
    assert [bcp47(code) for code in ("en", "zh-hans", "ms")] == ["en", "zh-Hans", "ms"]
    assert [open_graph_locale(code) for code in ("en", "zh-hans", "ms")] == ["en_US", "zh_CN", "ms_MY"]
