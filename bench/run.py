"""`make bench`: the website and the API side by side with an empty Django view and
Wagtail's own API v2, measured in one run on a fresh database.

    .venv/bin/python -m bench.run                    # what `make bench` runs
    .venv/bin/python -m bench.run --articles 10000   # `make bench ARTICLES=10000`

1. A fresh SQLite file under var/bench/ (or, with DATABASE_URL naming a PostgreSQL server,
   a fresh database beside the one it names), migrated and set up by the same commands, in the
   same order, as `make setup`, then the generated articles (bench/corpus.py): 10, 100 and
   500 blocks published through the Medical review workflow (timed), and a corpus of
   ``--articles`` (BENCH_ARTICLES, 1,000) articles built in bulk (bench/derived.py: one
   article of each variant published, the others derived from its rows and checked), then
   the stored sitemaps, built once for the whole corpus.
2. gunicorn (2 sync workers, 127.0.0.1) with `site_cms.settings.bench`, and wrk (4
   connections, BENCH_SECONDS per endpoint, BENCH_ROUNDS interleaved rounds).
3. In process, against the same database: queries per request by article size, publish
   time and queries, PO export and import, pyinstrument profiles.
4. bench/results/<date>.json and <date>.md (and the profiles beside them).

Environment knobs: BENCH_ARTICLES, BENCH_PO_ARTICLES, BENCH_SECONDS, BENCH_ROUNDS,
BENCH_CONNECTIONS, BENCH_PORT.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import secrets
import shlex
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
MAKEFILE = ROOT / "Makefile"
SIZES = (10, 100, 500)


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _cpu() -> float:
    """CPU seconds used by this process and the processes it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Wall time and CPU time of each phase: on a shared machine, CPU seconds well below
    wall seconds mean other processes had the CPUs."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.phases: dict[str, dict[str, float]] = {}
        self._last, self._last_cpu = self.started, _cpu()

    def phase(self, name: str) -> None:
        now, cpu = time.perf_counter(), _cpu()
        self.phases[name] = {"wall": round(now - self._last, 2), "cpu": round(cpu - self._last_cpu, 2)}
        self._last, self._last_cpu = now, cpu
        print(
            f"[{now - self.started:6.1f} s] {name} done ({self.phases[name]['wall']:.1f} s, "
            f"{self.phases[name]['cpu']:.1f} s CPU)",
            flush=True,
        )


def environment(port: int, database_url: str) -> dict[str, str]:
    """What production settings need from the environment, for this run only."""
    return {
        "DJANGO_SETTINGS_MODULE": "site_cms.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "BENCH_DATABASE_URL": database_url,
        "CMS_BASE_URL": f"http://127.0.0.1:{port}",
        "CMS_ADMIN_PASSWORD": secrets.token_urlsafe(16),
        "CMS_LOG_LEVEL": "WARNING",
    }


def _database_version() -> str:
    from django.db import connection

    version = ".".join(str(part) for part in connection.get_database_version())
    return f"{connection.display_name} {version}" + (" (file)" if connection.vendor == "sqlite" else "")


def fresh_database() -> tuple[str, str, str]:
    """A new, empty database for this run: (its URL, how the results name it, the file
    names' suffix). With ``DATABASE_URL`` naming a PostgreSQL server, a database beside
    the one it names (``<name>_bench``), dropped and created again; otherwise a SQLite file
    under var/bench/, deleted first."""
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        database = WORK / "bench.sqlite3"
        for stale in WORK.glob("bench.sqlite3*"):
            stale.unlink()
        return f"sqlite:///{database}", str(database.relative_to(ROOT)), ""
    import psycopg
    from psycopg import sql

    parts = urlsplit(server)
    name = f"{parts.path.lstrip('/')}_bench"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    where = f"{parts.hostname}:{parts.port or 5432}/{name}"
    return urlunsplit(parts._replace(path=f"/{name}")), f"postgresql://{where}", "-postgresql"


def setup_commands() -> list[list[str]]:
    """The `manage.py` commands of the Makefile's `setup` target, in its order, so the bench
    database is set up exactly as `make setup` sets one up (the make target compiles the
    catalogues first)."""
    commands, inside = [], False
    for line in MAKEFILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("setup:"):
            inside = True
        elif inside and line.startswith("\t"):
            if line.strip().startswith("$(MANAGE) "):
                commands.append(shlex.split(line.strip().removeprefix("$(MANAGE) ")))
        elif inside:
            break
    if not commands or commands[0][0] != "migrate":
        raise SystemExit("Could not read the manage.py commands of the Makefile's setup target.")
    return commands


def setup_database(commands: list[list[str]], log: Path) -> None:
    from django.core.management import call_command

    with log.open("w") as out, contextlib.redirect_stdout(out):
        # Pages rendered at publish name the hashed static files (production settings).
        call_command("collectstatic", "--noinput", stdout=out, stderr=out)
        for name, *arguments in commands:
            call_command(name, *arguments, stdout=out, stderr=out)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--articles",
        type=int,
        default=_int("BENCH_ARTICLES", 1000),
        help="bulk articles in the corpus (default: BENCH_ARTICLES, or 1000)",
    )
    options = parser.parse_args()
    if options.articles < 1:
        parser.error("--articles must be at least 1")
    return options


def build_corpus(articles: int, parts: Any) -> tuple[Any, dict[str, Any]]:
    """The bulk corpus (``derived.build``), then sampled derived articles checked against
    what ``refresh_page`` writes for them, which fails the run if they differ."""
    from bench import derived

    started = time.perf_counter()
    built = derived.build(1000, articles, 10, parts, progress=lambda line: print(line, flush=True))
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    checked = derived.check_samples(built)
    check_seconds = time.perf_counter() - started
    print(
        f"  corpus: {articles} bulk articles built in {build_seconds:.1f} s: {len(built.published)} published "
        f"({built.variants} variants), {len(built.derived)} derived; articles {', '.join(map(str, checked)) or '-'} "
        f"checked against refresh_page in {check_seconds:.1f} s",
        flush=True,
    )
    return built, {
        "bulk_articles": len(built.page_ids),
        "bulk_published": len(built.published),
        "bulk_derived": len(built.derived),
        "variants": built.variants,
        "bulk_build_seconds": round(build_seconds, 2),
        "bulk_build_steps_seconds": {step: round(seconds, 2) for step, seconds in built.seconds.items()},
        "checked_articles": checked,
        "check_seconds": round(check_seconds, 2),
    }


LIST = "/api/v2/pages/?type=content_pages.ArticlePage&limit=20&lang=ms"
# A word of every bulk article's text in each language (bench/corpus.py), so that a search
# ranks the whole corpus: the slowest a search of one word gets.
SEARCH_PATHS = {
    "en": "/api/v2/pages/?search=treatment&lang=en",
    "ms": "/api/v2/pages/?search=rawatan&lang=ms",
    "zh-hans": "/api/v2/pages/?search=%E6%B2%BB%E7%96%97&lang=zh-hans",
}


def deep_list(path: str) -> str:
    """The list page that starts half-way through the corpus, as a client that followed
    ``meta.next_cursor`` from the first page reaches it."""
    from django.test import Client

    client = Client()
    total = client.get(path).json()["meta"]["total_count"]
    before = client.get(f"{path}&offset={max(total // 2 - 20, 0)}").json()["meta"]["next_cursor"]
    return f"{path}&cursor={before}" if before else path


def sitemap_endpoints() -> list[Any]:
    """The sitemaps as stored: the index, and one language's (Malay's) with every page."""
    from bench import load

    return [
        load.Endpoint("sitemap", "sitemap.xml (stored index of the language sitemaps)", "/sitemap.xml"),
        load.Endpoint("sitemap_ms", "sitemap-ms.xml (stored, every live page in Malay)", "/sitemap-ms.xml", window=3),
    ]


def main() -> None:  # noqa: PLR0915 the benchmark's timed phases in order; split it with a `make bench` run to compare
    articles = arguments().articles
    # PO import writes and validates every page (each channel rendered to check its limits):
    # 1,000 articles x 2 languages would take most of the 10-minute budget, so 25 are
    # measured and the totals are scaled to 1,000, labelled as extrapolated.
    po_articles = _int("BENCH_PO_ARTICLES", 25)
    seconds = _int("BENCH_SECONDS", 3)
    rounds = _int("BENCH_ROUNDS", 3)
    connections = _int("BENCH_CONNECTIONS", 4)

    from bench import load

    load.wrk_path()  # fail early, with the install hint
    port = _int("BENCH_PORT", 0) or load.free_port()
    WORK.mkdir(parents=True, exist_ok=True)
    database_url, database, suffix = fresh_database()
    os.environ.update(environment(port, database_url))
    clock = Clock()
    today = datetime.datetime.now(datetime.UTC).date().isoformat() + suffix
    print(f"make bench: fresh database {database}, port {port}", flush=True)

    import django

    django.setup()
    commands = setup_commands()
    setup_database(commands, WORK / "setup.log")
    clock.phase("migrate and setup: " + ", ".join(" ".join(command) for command in commands))
    from django import db
    from django.conf import settings
    from django.test import Client
    from django.utils import translation

    from bench import corpus, measure
    from bench.report import markdown, targets
    from content_pages.foundations.languages import target_languages
    from content_pages.models import ArticlePage

    parts = corpus.SeedParts.load()
    seed = ArticlePage.objects.order_by("pk").first()
    assert seed is not None
    # Warm the process (imports, caches) before anything is timed.
    measure.republish(seed, parts.approver, 1)
    sized: dict[int, Any] = {}
    first_publish = []
    for number, blocks in enumerate(SIZES, start=1):
        sized[blocks], result = measure.publish_article(number, blocks, parts)
        first_publish.append(result)
    clock.phase("publish the 10/100/500-block articles (Medical review workflow)")
    republish = {"seed": measure.republish(seed, parts.approver, 3)}
    for blocks in SIZES:
        republish[str(blocks)] = measure.republish(sized[blocks], parts.approver, 1)
    republish["seed"]["blocks"] = len(seed.body_en)
    for blocks in SIZES:
        republish[str(blocks)]["blocks"] = blocks
    clock.phase("re-publish the seed 3 times and the 10/100/500-block articles once")

    built, bulk = build_corpus(articles, parts)
    bulk_ids: list[int] = built.ids
    clock.phase(f"bulk corpus of {articles} articles ({bulk['bulk_published']} published, the rest derived)")
    from content_pages.publishing.sitemaps import refresh_sitemaps

    # The derived articles are written in bulk, past what marks the sitemaps stale.
    started = time.perf_counter()
    sitemaps: dict[str, Any] = {"parts": refresh_sitemaps()}
    sitemaps["seconds"] = round(time.perf_counter() - started, 2)
    clock.phase("stored sitemaps (refresh_sitemaps)")
    # The editor's publish again, now that the site is the corpus's size: what grows with it
    # (sitemaps, listings, counts) shows here and not in the publishes timed before.
    at_size = measure.republish(seed, parts.approver, 3)
    at_size["blocks"] = len(seed.body_en)
    at_size["articles"] = ArticlePage.objects.live().count()
    clock.phase(f"re-publish the seed 3 times at {articles} articles")
    from bench.shared_snippet import publish_and_store

    shared = publish_and_store(parts.ctas[1], parts.approver, WORK / "shared-snippet-worker.log")
    clock.phase(f"publish a call to action shown by {shared['pages']} articles; a worker stores them again")

    def web_path(page: Any, language: str) -> str:
        with translation.override(language):
            return str(page.specific.get_url())

    def api_detail(page_id: int) -> str:
        return f"/api/v2/pages/{page_id}/?lang=ms"

    big = sized[500].pk
    etag = Client().get(api_detail(seed.pk))["ETag"]
    endpoints = [
        load.Endpoint("empty", "empty Django view", "/bench/empty/"),
        load.Endpoint("wagtail_api", "Wagtail API v2 detail, fields=*", f"/wagtail-api/v2/pages/{seed.pk}/?fields=*"),
        load.Endpoint("api_detail", "this API's detail (seed, ms)", api_detail(seed.pk)),
        load.Endpoint("api_detail_500", "this API's detail (500 blocks, ms)", api_detail(big)),
        load.Endpoint(
            "whatsapp", "WhatsApp rendition (seed, ms)", f"/api/v2/pages/{seed.pk}/channels/whatsapp/?lang=ms"
        ),
        load.Endpoint("list", "list of 20 articles (ms)", LIST),
        load.Endpoint("list_deep", "list of 20 articles past the first half (ms, cursor)", deep_list(LIST)),
        *(
            load.Endpoint(f"search_{language}", f"search= for a word every article has ({language})", path, window=3)
            for language, path in SEARCH_PATHS.items()
        ),
        load.Endpoint("web_page", "article web page (seed, ms)", web_path(seed, "ms")),
        *sitemap_endpoints(),
        load.Endpoint(
            "revalidate",
            "304 revalidation (API detail, If-None-Match)",
            api_detail(seed.pk),
            {"If-None-Match": etag},
            304,
        ),
    ]
    db.connections.close_all()
    load_before = os.getloadavg()
    server = load.Server(port, 2, WORK / "gunicorn.log")
    try:
        server.start()
        load_results = load.interleaved(
            server, endpoints, rounds=rounds, seconds=seconds, connections=connections, warmup=1
        )
        server_memory = server.peak_memory_kib()
    finally:
        server.stop()
    load_after = os.getloadavg()
    clock.phase(f"load: {len(endpoints)} endpoints x {rounds} rounds x {seconds:g} s")

    client = Client()
    for endpoint in load_results:
        source = next(e for e in endpoints if e.key == endpoint["key"])
        endpoint["in_process"] = measure.request_queries(client, source.path, source.headers)
    by_size: dict[str, dict[str, Any]] = {}
    for blocks in SIZES:
        page = sized[blocks]
        by_size[str(blocks)] = {
            "api_detail": measure.request_queries(client, api_detail(page.pk)),
            "whatsapp": measure.request_queries(client, f"/api/v2/pages/{page.pk}/channels/whatsapp/?lang=ms"),
            "web_page": measure.request_queries(client, web_path(page, "ms")),
            "wagtail_api": measure.request_queries(client, f"/wagtail-api/v2/pages/{page.pk}/?fields=*"),
        }
    clock.phase("queries per request")

    profiles = {
        "api_detail": measure.profile(client, api_detail(seed.pk), 200),
        "web_page": measure.profile(client, web_path(seed, "ms"), 20),
    }
    for name, result in profiles.items():
        (RESULTS / f"{today}.profile-{name}.txt").write_text(result.pop("text"), encoding="utf-8")
    clock.phase("profiles")

    translator_views = measure.translator_views()
    clock.phase("translator views: the status report, My work and translation_status")

    po_pages = list(ArticlePage.objects.filter(pk__in=bulk_ids[:po_articles]).order_by("pk"))
    po = measure.po_round_trip(po_pages, list(target_languages()))
    clock.phase(f"PO export and import of {len(po_pages)} articles x {len(po)} languages")

    # Channel splitting of one paragraph by length, per channel (bench/split_timing.py): it
    # must grow linearly; tests/channels/test_linear_splitting.py counts the work.
    from bench.split_timing import split_seconds

    splitting = split_seconds()
    clock.phase("splitting by length")

    results: dict[str, Any] = {
        "date": today,
        "command": "make bench",
        "machine": {
            "cpus": load.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "django": django.get_version(),
            "wagtail": __import__("wagtail").__version__,
            "sqlite": __import__("sqlite3").sqlite_version,
            "database": _database_version(),
            "wrk": load.wrk_version(),
            # 1/5/15-minute load averages before and after the load phase: other processes
            # on the machine take CPU from gunicorn and wrk.
            "loadavg_before_load": load_before,
            "loadavg_after_load": load_after,
        },
        "settings": {
            "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"],
            "database": database,
            "CONN_MAX_AGE": settings.DATABASES["default"]["CONN_MAX_AGE"],
            "gunicorn_workers": 2,
            "wrk": {"threads": 1, "connections": connections, "seconds": seconds, "rounds": rounds},
        },
        "corpus": {
            "seed_article": seed.pk,
            "sized_articles": {str(blocks): sized[blocks].pk for blocks in SIZES},
            **bulk,
            "bulk_blocks_each": 10,
            "live_articles": ArticlePage.objects.live().count(),
            "sitemaps": sitemaps,
        },
        "load": load_results,
        "queries_by_size": by_size,
        "translator_views": translator_views,
        "publish": {
            "first": first_publish,
            "republish": republish,
            "republish_at_size": at_size,
            "shared_snippet": shared,
        },
        "po": po,
        "splitting_seconds": splitting,
        "profiles": profiles,
        "memory_kib": {
            "gunicorn": server_memory,
            "bench_process": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        },
    }
    results["targets"] = targets(results)
    clock.phase("results")
    results["phases_seconds"] = clock.phases
    results["total_seconds"] = round(time.perf_counter() - clock.started, 1)
    results["total_cpu_seconds"] = round(sum(phase["cpu"] for phase in clock.phases.values()), 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{today}.json").write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    table = markdown(results)
    (RESULTS / f"{today}.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"Wrote bench/results/{today}.json and .md in {results['total_seconds']:.0f} s.")


if __name__ == "__main__":
    main()
