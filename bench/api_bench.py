"""Benchmark: API detail/list latency and publish cost for small and large articles.

    .venv/bin/python bench/api_bench.py [--requests 200]

Runs against a throwaway in-memory database (test settings), loads the seed, builds
articles of 5 and 200 blocks, publishes them (timing the publish, which renders every
channel and language), then times API requests with Django's test client (query counts are asserted
in tests/api/test_query_budget.py). Numbers are for comparing changes on one machine, not absolutes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from http import HTTPStatus
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cms.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def build(slug: str, blocks: int) -> int:
    from content_pages.models import ArticleIndexPage, ArticlePage, CallToAction

    stream = []
    for number in range(blocks):
        kind = ("heading", "paragraph", "bullet_list", "cta")[number % 4]
        if kind == "heading":
            value: object = {"level": "h2", "text": f"Section {number}", "anchor": ""}
        elif kind == "paragraph":
            value = f"<p>Paragraph {number}. " + "Some sentence about treatment. " * 12 + "</p>"
        elif kind == "bullet_list":
            value = {"items": [{"type": "item", "id": str(uuid.uuid4()), "value": f"Item {i}"} for i in range(4)]}
        else:
            cta = CallToAction.objects.create(
                name=f"{slug}-{number}", kind="link", link_url="https://example.org/", button_label_en="Open"
            )
            value = {"cta": cta.pk, "heading_override": "", "body_override": "", "button_label_override": ""}
        stream.append({"type": kind, "id": str(uuid.uuid4()), "value": value})
    page = ArticlePage(title_en=f"Bench {slug}", slug_en=slug, body_en=stream)
    ArticleIndexPage.objects.get().add_child(instance=page)
    started = time.perf_counter()
    page.save_revision().publish()
    print(f"publish {blocks:>3} blocks (validation + 15 renditions): {time.perf_counter() - started:6.2f} s")
    return int(page.pk)


def timed(client: Client, url: str, requests: int) -> None:
    client.get(url)  # warm up
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == HTTPStatus.OK, url
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    size = len(response.content) / 1024
    print(f"{url:<70} p50 {statistics.median(samples):6.2f} ms  p95 {p95:6.2f} ms  {size:6.1f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    from content_pages.seed.loader import load_seed_content

    load_seed_content()
    small, large = build("small", 5), build("large", 200)
    client = Client()
    for url in (
        f"/api/v2/pages/{small}/?lang=ms",
        f"/api/v2/pages/{large}/?lang=ms",
        f"/api/v2/pages/{large}/channels/whatsapp/?lang=ms",
        "/api/v2/pages/?type=content_pages.ArticlePage&fields=standfirst",
        "/api/v2/pages/?search=immunotherapy&lang=en",
        "/en/articles/how-immunotherapy-targets-cancer-cells/",
    ):
        timed(client, url, args.requests)


if __name__ == "__main__":
    main()
