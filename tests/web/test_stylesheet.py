"""The stylesheets use logical properties only, so a right-to-left page mirrors by itself."""

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "content_pages" / "static" / "content_pages"
PHYSICAL = re.compile(
    r"(?:margin|padding|border|inset)-(?:left|right|top|bottom)\b"
    r"|(?<![\w-])(?:left|right|top|bottom)\s*:"
    r"|(?:float|clear|text-align)\s*:\s*(?:left|right)"
    # Four values name the four physical sides.
    r"|(?<![\w-])(?:margin|padding|inset)\s*:\s*[^;{}\s]+\s+[^;{}\s]+\s+[^;{}\s]+\s+[^;{}\s]+\s*[;}]"
)


@pytest.mark.parametrize("name", sorted(path.name for path in STATIC.glob("*.css")))
def test_no_physical_direction_in_the_stylesheets(name):
    text = re.sub(r"/\*.*?\*/", "", (STATIC / name).read_text(encoding="utf-8"), flags=re.S)
    assert PHYSICAL.findall(text) == []


def test_the_check_finds_physical_properties():
    assert PHYSICAL.findall(".a { border-left:1px solid; padding:0 1px 2px 3px; left:0; text-align:right }") == [
        "border-left",
        "padding:0 1px 2px 3px;",
        "left:",
        "text-align:right",
    ]
