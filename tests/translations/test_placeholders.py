import pytest

from content_pages.foundations.translator_text import (
    PlaceholderError,
    check_placeholders,
    to_html,
    to_translator_text,
)

SOURCE = '<p data-block-key="k1">Ask <a linktype="page" id="3">our <b>nurses</b></a> &amp; doctors.</p><p>Then <i>wait</i>.</p>'


def test_markup_becomes_numbered_placeholders_and_comes_back():
    markup = to_translator_text(SOURCE)
    assert markup.text == "Ask <a1>our <b1>nurses</b1></a1> & doctors.\n\nThen <i1>wait</i1>."
    translation = "Tanya <a1><b1>jururawat</b1> kami</a1> & doktor.\n\nKemudian <i1>tunggu</i1>."
    check_placeholders(markup, translation)
    assert to_html(markup, translation) == (
        '<p>Tanya <a linktype="page" id="3"><b>jururawat</b> kami</a> &amp; doktor.</p><p>Kemudian <i>tunggu</i>.</p>'
    )


@pytest.mark.parametrize(
    ("translation", "message"),
    [
        ("Tanya kami.\n\nKemudian <i1>tunggu</i1>.", "missing placeholders <a1>, <b1>"),
        ("Tanya <a2>kami</a2> <b1>x</b1>.\n\n<i1>t</i1>", "unknown placeholder <a2>"),
        ("Tanya <a1><b1>kami</a1></b1>.\n\n<i1>t</i1>", "</a1> closes a placeholder that is not open there"),
        ("Tanya <a1><b1>kami</b1>.\n\n<i1>t</i1>", "<a1> is never closed"),
        ("<a1><b1>x</b1></a1> <a1>y</a1>\n\n<i1>t</i1>", "<a1> is used twice"),
        (
            "Tanya <a1><b1>kami</b1></a1>. Kemudian <i1>tunggu</i1>.",
            "2 paragraph(s) in the source, 1 in the translation",
        ),
    ],
)
def test_broken_or_changed_placeholders_are_named(translation, message):
    with pytest.raises(PlaceholderError) as error:
        check_placeholders(to_translator_text(SOURCE), translation)
    assert message in str(error.value)
