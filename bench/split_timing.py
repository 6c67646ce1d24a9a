"""Seconds to split one paragraph for each messaging channel, by its length.

    .venv/bin/python -m bench.split_timing                 # 1k, 5k, 10k and 40k characters
    .venv/bin/python -m bench.split_timing 2000 20000      # other lengths

Channel validation of a save is, for a long text, mostly this split (the text segmented
into sentences and words, then cut into messages that fit); it must grow linearly with
the text (``tests/channels/test_linear_splitting.py`` counts the work; the seconds are
here, since a timed test fails on a busy machine). Each length is a prose paragraph made
from the seed article, split from cold caches for WhatsApp, Telegram and SMS; the best of
``--rounds`` is kept. 40k is past ``TEXT_MAX``: no save can ask for it any more, but it
shows the growth. No database is needed. ``make bench`` runs it as one of its phases.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LENGTHS = (1_000, 5_000, 10_000, 40_000)


def paragraph(length: int) -> str:
    words = " ".join((ROOT / "tests" / "data" / "immunotherapy-article.txt").read_text(encoding="utf-8").split())
    return (words * (length // len(words) + 1))[:length].strip()


def split_seconds(lengths: tuple[int, ...] = LENGTHS, rounds: int = 1) -> dict[str, dict[str, float]]:
    """{channel: {length: seconds}}: one paragraph of each length split for each channel."""
    from content_pages.foundations.limits import TEXT_MESSAGE_MAX
    from content_pages.rendering.channels import segmentation, sms, whatsapp
    from content_pages.rendering.channels.text import Run, plain, split_runs, utf16_length

    channels: dict[str, Any] = {
        "whatsapp": whatsapp._fits(""),
        "telegram": lambda runs: utf16_length(plain(runs)) <= TEXT_MESSAGE_MAX,
        "sms": lambda runs: sms._fits(sms._format(runs)),
    }
    results: dict[str, dict[str, float]] = {}
    for name, fits in channels.items():
        for length in lengths:
            text = paragraph(length)
            best = float("inf")
            for _ in range(rounds):
                segmentation._sentence_points.cache_clear()
                segmentation._line_points.cache_clear()
                started = time.perf_counter()
                split_runs([Run(text)], fits, channel=name)
                best = min(best, time.perf_counter() - started)
            results.setdefault(name, {})[str(length)] = round(best, 3)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lengths", nargs="*", type=int, default=list(LENGTHS))
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cms.settings.test")
    import django

    django.setup()
    results = split_seconds(tuple(options.lengths), options.rounds)
    print("channel   " + "".join(f"{length:>10,}" for length in options.lengths) + "  characters")
    for name, seconds in results.items():
        print(f"{name:<10}" + "".join(f"{seconds[str(length)]:>9.2f}s" for length in options.lengths))


if __name__ == "__main__":
    main()
