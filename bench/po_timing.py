"""PO export and import timed on a database of bulk articles, without the rest of `make bench`.

    .venv/bin/python -m bench.po_timing                       # 1,000 articles, files of 25
    .venv/bin/python -m bench.po_timing --po-articles 100 --rounds 3
    .venv/bin/python -m bench.po_timing --code /tmp/before    # another checkout's code

The first run builds `var/bench-po/<articles>.sqlite3` as `make bench` builds its corpus
(the Makefile's setup commands, the seed, `derived.build` and its sample check), which
takes about a minute for 1,000 articles; later runs reuse it. Each round then runs in a
new process on a fresh copy: `measure.po_round_trip` over `--po-articles` bulk articles
per target language (the file exported, every entry changed, imported), printing wall
and CPU seconds and queries of each step, and the import scaled to 1,000 articles x 2
languages as `make bench` reports it. `--code` puts another checkout first on the path (a `git archive` of an
earlier commit, say), so before and after run against the same database.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-po"


def _environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_cms.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "BENCH_DATABASE_URL": f"sqlite:///{database}",
        "CMS_ADMIN_PASSWORD": secrets.token_urlsafe(16),
        "CMS_LOG_LEVEL": "WARNING",
    }


def _setup(code: str) -> None:
    sys.path.insert(0, code or str(ROOT))
    import django

    django.setup()


def build(articles: int) -> None:
    """The seeded database with ``articles`` bulk articles (run in its own process)."""
    _setup("")
    from django.core.management import call_command

    from bench import corpus, derived
    from bench.run import setup_commands

    call_command("ui_catalogues", "compile", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    for name, *arguments in setup_commands():
        call_command(name, *arguments, verbosity=0)
    derived.check_samples(derived.build(1000, articles, 10, corpus.SeedParts.load()))


def measure(po_articles: int, code: str) -> None:
    """One round (run in its own process, on its own copy of the database)."""
    _setup(code)
    from django.core.management import call_command

    from bench import measure as bench_measure
    from content_pages.foundations.languages import target_languages
    from content_pages.models import ArticlePage

    timed = bench_measure.timed

    def timed_with_cpu(action: Any) -> tuple[Any, float, int]:
        started = time.process_time()
        result = timed(action)
        print(f"    {result[1]:6.2f} s wall, {time.process_time() - started:6.2f} s CPU, {result[2]:5d} queries")
        return result

    bench_measure.timed = timed_with_cpu
    call_command("ui_catalogues", "compile", verbosity=0)  # a checkout from git has none
    pages = list(ArticlePage.objects.filter(slug_en__startswith="bench-article-").order_by("pk")[:po_articles])
    print(f"  export, then import, per language ({', '.join(target_languages())}):")
    results = bench_measure.po_round_trip(pages, list(target_languages()))
    scale = 1000 / len(pages)
    total = sum(result["import_seconds"] for result in results) * scale
    print(f"  import of 1,000 articles x {len(results)} languages, scaled: {total:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--po-articles", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--code", default="", help="a checkout whose content_pages to run")
    parser.add_argument("--step", choices=["build", "measure"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step == "build":
        build(options.articles)
        return
    if options.step == "measure":
        measure(options.po_articles, options.code)
        return
    WORK.mkdir(parents=True, exist_ok=True)
    base = WORK / f"{options.articles}.sqlite3"
    command = [sys.executable, "-m", "bench.po_timing", "--articles", str(options.articles)]
    if not base.exists():
        print(f"Building {base} ({options.articles} bulk articles)…", flush=True)
        partial = base.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build_step = [*command, "--step", "build"]
        subprocess.run(build_step, env=_environment(partial), cwd=ROOT, check=True)  # noqa: S603 - this module
        partial.rename(base)
    run = WORK / "round.sqlite3"
    for number in range(1, options.rounds + 1):
        print(f"Round {number}: {options.po_articles} of {options.articles} articles", flush=True)
        shutil.copyfile(base, run)
        step = [*command, "--po-articles", str(options.po_articles), "--code", options.code, "--step", "measure"]
        subprocess.run(step, env=_environment(run), cwd=ROOT, check=True)  # noqa: S603 - this module


if __name__ == "__main__":
    main()
