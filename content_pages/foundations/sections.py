"""An article's sections, as every channel names them.

A section starts at each h2 heading of the body (h3 headings stay inside it). Its id is
made from the heading's StreamField block id, the same in every language and kept across
publishes, so a chat bot's section buttons (conversation mode) and the website's "On this
page" contents name the same sections with the same ids.
"""

from __future__ import annotations

SECTION_LEVEL = "h2"
_PREFIX = "s:"
# The references, after the body's sections; on the website, also the id of their heading.
REFERENCES = "refs"
REFERENCES_ANCHOR = "references"


def section_id(block_id: str) -> str:
    return f"{_PREFIX}{block_id}"


def starts_section(level: str) -> bool:
    return level == SECTION_LEVEL
