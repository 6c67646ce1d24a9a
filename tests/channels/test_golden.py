"""The seed article in every messaging channel and language, against reviewed golden files.

Run with UPDATE_GOLDEN=1 to rewrite them after an intended change, then review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from content_pages.rendering.channels import CHANNELS

GOLDEN = Path(__file__).parent / "golden"
CASES = [
    (channel, mode, language)
    for channel in ("whatsapp", "telegram", "sms")
    for mode in CHANNELS[channel].modes
    for language in ("en", "ms", "zh-hans")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("channel", "mode", "language"), CASES)
def test_seed_article_matches_golden_file(seeded, channel, mode, language):
    payload = CHANNELS[channel].render(seeded, language, mode).payload
    name = f"{channel}{'-' + mode if mode else ''}-{language}.json"
    path = GOLDEN / name
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{name} is missing; run the tests with UPDATE_GOLDEN=1 and review it"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)
