"""Profiles of the costs `make bench` reports, on the database its last run left behind.

    .venv/bin/python -m bench.profile_costs     # after `make bench`

pyinstrument over: rebuilding the stored sitemaps (what the worker does after a change),
a re-publish of the seed article (gate, records, every
rendition), and a PO import of 5 bulk articles. Prints each profile's tree (library
frames folded) and the functions with the most own time. Writes nothing to the results.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATABASE = ROOT / "var" / "bench" / "bench.sqlite3"


def _profile(label: str, action: Callable[[], Any]) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    action()
    profiler.stop()
    print(f"\n===== {label} =====")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    flat = profiler.output_text(unicode=True, color=False, flat=True, flat_time="self")
    print("Functions by own time:\n" + "\n".join(flat.splitlines()[:25]))


def rendered_base_url() -> str:
    """The address the bench's server ran on, which its stored pages link to: under any
    other ``CMS_BASE_URL`` every page counts as out of date and is rendered live, which is
    not what the bench measured."""
    with closing(sqlite3.connect(f"file:{DATABASE}?mode=ro", uri=True)) as database:
        row = database.execute(
            "SELECT base_url FROM content_pages_channelrendition WHERE base_url <> '' LIMIT 1"
        ).fetchone()
    if row is None:
        raise SystemExit(f"{DATABASE} has no stored pages: run `make bench` again.")
    return str(row[0])


def main() -> None:
    if not DATABASE.exists():
        raise SystemExit("Run `make bench` first: it leaves its database in var/bench/.")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "site_cms.settings.bench",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "BENCH_DATABASE_URL": f"sqlite:///{DATABASE}",
            "CMS_BASE_URL": rendered_base_url(),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    from bench.measure import translator_edit
    from content_pages.models import ArticlePage
    from content_pages.publishing.sitemaps import refresh_sitemaps
    from content_pages.publishing.translations.export import export_pages
    from content_pages.publishing.translations.importing import import_po

    seed = ArticlePage.objects.order_by("pk").first()
    assert seed is not None
    _profile("stored sitemaps rebuilt, every language", refresh_sitemaps)
    _profile("re-publish the seed article", lambda: seed.save_revision(clean=False).publish())
    pages = list(ArticlePage.objects.order_by("-pk")[:5])
    data, _ = translator_edit(export_pages(pages, "ms"))
    _profile("PO import, 5 articles, Malay", lambda: import_po(data))


if __name__ == "__main__":
    main()
