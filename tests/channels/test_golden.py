"""The seed article in every messaging channel and language, against the reviewed golden
files the API's tests compare with too (``tests/golden_files.py``).

Rendered directly, a channel's payload is what the API serves for it, so both compare
with the same file; in conversation mode the API serves a conversation's turns instead,
so the direct rendering has its own file (``render-…``).

Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
"""

import pytest

from content_pages.foundations.languages import content_languages
from content_pages.rendering.channels import CHANNELS
from tests.golden_files import check_golden

CASES = [
    (channel, mode, language)
    for channel in ("whatsapp", "telegram", "sms")
    for mode in CHANNELS[channel].modes
    for language in content_languages()
]


@pytest.mark.django_db
@pytest.mark.parametrize(("channel", "mode", "language"), CASES)
def test_seed_article_matches_golden_file(seeded, channel, mode, language):
    payload = CHANNELS[channel].render(seeded, language, mode).payload
    source = "render" if mode == "conversation" else "channel"
    check_golden(f"{source}-{channel}{'-' + mode if mode else ''}-{language}", payload)
