"""The targets `make bench` reports against, and the Markdown table of a run."""

from __future__ import annotations

from typing import Any

PO_TARGET_ARTICLES = 1000
PO_TARGET_SECONDS = 60.0
WEB_PAGE_MAX_QUERIES = 3
SEED_PUBLISH_MAX_SECONDS = 0.5
SEED_PUBLISH_MAX_QUERIES = 150
BIG_ARTICLE_BLOCKS = 500
BIG_PUBLISH_MAX_SECONDS = 1
SHARED_PUBLISH_MAX_SECONDS = 1
# Delivery at the server's limit: what is stored at publish, served near an empty view.
DELIVERY_VS_EMPTY = 0.8
DELIVERED = ("api_detail", "whatsapp", "web_page", "revalidate")
# Lists and the sitemap index, read from stored rows.
LISTING_VS_EMPTY = 0.5
LISTINGS = ("list", "list_deep", "sitemap")
# A search in each language, ranked by relevance: the median request, under load.
SEARCH_P50_MAX_MS = 20.0
# Translators' views, in process (``measure.translator_views``): the median request.
TRANSLATOR_VIEW_MAX_MS = 50.0
TRANSLATOR_VIEWS = {
    "report": "translation status report, first page (every language)",
    "report_to_do": "translation status report, one language's pages with work left",
    "report_last_page": "translation status report, last page",
    "my_work": "a translator's dashboard with My work",
    "command_rows": "translation_status's rows, every page and language",
}
SEARCHES = ("search_en", "search_ms", "search_zh-hans")
WORKER_PEAK_MAX_MIB = 250


def _load(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {endpoint["key"]: endpoint for endpoint in results["load"]}


def _ratio(value: float, base: float) -> float:
    return value / base if base else 0.0


def _po_totals(results: dict[str, Any]) -> dict[str, Any]:
    """Export and import seconds over all languages, scaled to 1,000 articles when fewer were measured."""
    po = results["po"]
    pages = po[0]["pages"] if po else 0
    scale = PO_TARGET_ARTICLES / pages if pages else 0.0
    export = sum(item["export_seconds"] for item in po)
    imported = sum(item["import_seconds"] for item in po)
    return {
        "pages": pages,
        "languages": len(po),
        "export_seconds": export,
        "import_seconds": imported,
        "scale": scale,
        "export_seconds_1000": export * scale,
        "import_seconds_1000": imported * scale,
        "extrapolated": pages != PO_TARGET_ARTICLES,
    }


def _publish_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The editor's publishes: the seed before and after the corpus, the 500-block article."""
    found: list[dict[str, Any]] = []

    def add(key: str, what: str, value: str, met: bool) -> None:
        found.append({"key": key, "target": what, "measured": value, "met": met})

    seed = results["publish"]["republish"]["seed"]
    add(
        "publish_seed",
        f"publish the seed article with all renditions < {SEED_PUBLISH_MAX_SECONDS} s"
        f" and < {SEED_PUBLISH_MAX_QUERIES} queries",
        f"{seed['seconds']:.2f} s, {seed['queries']:.0f} queries",
        seed["seconds"] < SEED_PUBLISH_MAX_SECONDS and seed["queries"] < SEED_PUBLISH_MAX_QUERIES,
    )
    at_size = results["publish"].get("republish_at_size")
    if at_size:
        add(
            "publish_seed_at_size",
            f"the same publish with {at_size['articles']:,} live articles < {SEED_PUBLISH_MAX_SECONDS} s"
            f" and < {SEED_PUBLISH_MAX_QUERIES} queries",
            f"{at_size['seconds']:.2f} s, {at_size['queries']:.0f} queries",
            at_size["seconds"] < SEED_PUBLISH_MAX_SECONDS and at_size["queries"] < SEED_PUBLISH_MAX_QUERIES,
        )
    shared = results["publish"].get("shared_snippet")
    if shared:
        stored = shared["stored_seconds"]
        add(
            "publish_shared_snippet",
            f"publish a call to action shown by {shared['pages']:,} articles < {SHARED_PUBLISH_MAX_SECONDS} s"
            " (a reader gets its text at once; a worker stores every page again: time measured)",
            f"{shared['publish_seconds']:.2f} s, {shared['publish_queries']} queries; stored again by the worker in "
            + (
                f"{stored:.0f} s ({shared['pages_per_second']} pages/s, {shared['tasks']} tasks)"
                if stored
                else "**never**"
            ),
            shared["publish_seconds"] < SHARED_PUBLISH_MAX_SECONDS
            and bool(stored)
            and shared["reader_saw_change_before_worker"]
            and shared["stale_rows_after_worker"] == 0,
        )
    big_first = next(item for item in results["publish"]["first"] if item["blocks"] == BIG_ARTICLE_BLOCKS)
    big_again = results["publish"]["republish"][str(BIG_ARTICLE_BLOCKS)]
    add(
        "publish_500",
        f"publish a {BIG_ARTICLE_BLOCKS}-block article < {BIG_PUBLISH_MAX_SECONDS} s (first publish and re-publish)",
        f"{big_first['seconds']:.2f} s first, {big_again['seconds']:.2f} s again",
        big_first["seconds"] < BIG_PUBLISH_MAX_SECONDS and big_again["seconds"] < BIG_PUBLISH_MAX_SECONDS,
    )
    return found


def targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of the issue, with the measured value and whether it is met."""
    load = _load(results)
    empty, wagtail = load["empty"]["req_s"], load["wagtail_api"]["req_s"]
    found: list[dict[str, Any]] = []

    def add(key: str, what: str, value: str, met: bool) -> None:
        found.append({"key": key, "target": what, "measured": value, "met": met})

    least_by_key = {**dict.fromkeys(DELIVERED, DELIVERY_VS_EMPTY), **dict.fromkeys(LISTINGS, LISTING_VS_EMPTY)}
    for key, least in least_by_key.items():
        if key not in load:
            continue
        req_s = load[key]["req_s"]
        add(
            f"{key}_vs_empty",
            f"{load[key]['label']} >= {least}x the empty view's req/s",
            f"{_ratio(req_s, empty):.2f}x",
            req_s >= least * empty,
        )
    for key in SEARCHES:
        if key in load:
            p50 = load[key]["p50_ms"]
            add(
                f"{key}_p50",
                f"{load[key]['label']} p50 <= {SEARCH_P50_MAX_MS:g} ms",
                f"{p50:.1f} ms",
                p50 <= SEARCH_P50_MAX_MS,
            )
    for key in ("api_detail", "whatsapp"):
        req_s = load[key]["req_s"]
        add(
            f"{key}_vs_wagtail",
            f"{load[key]['label']} >= 10x Wagtail's API v2 detail",
            f"{_ratio(req_s, wagtail):.1f}x",
            req_s >= 10 * wagtail,
        )
    web = load["web_page"]
    web_queries = web["in_process"]["queries"]
    add(
        "web_queries",
        f"article web page <= {WEB_PAGE_MAX_QUERIES} queries",
        str(web_queries),
        web_queries <= WEB_PAGE_MAX_QUERIES,
    )
    sizes = results["queries_by_size"]
    for key, limit in (("api_detail", 3), ("whatsapp", 3), ("web_page", None)):
        counts = [sizes[size][key]["queries"] for size in sizes]
        flat = len(set(counts)) == 1
        within = limit is None or max(counts) <= limit
        what = f"{key} queries flat from 10 to 500 blocks" + (f" (<= {limit})" if limit else "")
        add(f"{key}_flat", what, " / ".join(str(count) for count in counts), flat and within)
    found += _publish_targets(results)
    workers = {name: kib for name, kib in results.get("memory_kib", {}).get("gunicorn", {}).items() if "worker" in name}
    if workers:
        peak = max(workers.values()) / 1024
        add(
            "worker_memory",
            f"peak memory per gunicorn worker <= {WORKER_PEAK_MAX_MIB} MiB",
            f"{peak:.0f} MiB",
            peak <= WORKER_PEAK_MAX_MIB,
        )
    views = results.get("translator_views", {})
    for key, what in TRANSLATOR_VIEWS.items():
        if key in views:
            add(
                f"translator_{key}",
                f"{what} <= {TRANSLATOR_VIEW_MAX_MS:g} ms",
                f"{views[key]['ms']:.1f} ms, {views[key]['queries']} queries",
                views[key]["ms"] <= TRANSLATOR_VIEW_MAX_MS,
            )
    po = _po_totals(results)
    label = "extrapolated from " + str(po["pages"]) if po["extrapolated"] else "measured"
    for stage in ("export", "import"):
        seconds = po[f"{stage}_seconds_1000"]
        add(
            f"po_{stage}",
            f"PO {stage} of 1,000 articles x {po['languages']} languages < 60 s",
            f"{seconds:.1f} s ({label})",
            seconds < PO_TARGET_SECONDS,
        )
    return found


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"


def _bulk_build(corpus: dict[str, Any]) -> str:
    """How the bulk corpus was built and in how long (runs before bench/derived.py say nothing)."""
    if "bulk_published" not in corpus:
        return ""
    return (
        f" (built in {corpus['bulk_build_seconds']:.0f} s: {corpus['bulk_published']} published, "
        f"{corpus['bulk_derived']} derived from them and {len(corpus['checked_articles'])} of those checked "
        "against a new rendering)"
    )


def markdown(results: dict[str, Any]) -> str:
    load = _load(results)
    empty, wagtail = load["empty"]["req_s"], load["wagtail_api"]["req_s"]
    verdicts = {item["key"]: item for item in results["targets"]}
    endpoint_targets = {
        "api_detail": ("api_detail_vs_empty", "api_detail_vs_wagtail", "api_detail_flat"),
        "whatsapp": ("whatsapp_vs_empty", "whatsapp_vs_wagtail", "whatsapp_flat"),
        "web_page": ("web_page_vs_empty", "web_queries"),
        "revalidate": ("revalidate_vs_empty",),
        "list": ("list_vs_empty",),
        "list_deep": ("list_deep_vs_empty",),
        **{key: (f"{key}_p50",) for key in SEARCHES},
        "sitemap": ("sitemap_vs_empty",),
    }
    machine, wrk = results["machine"], results["settings"]["wrk"]
    lines = [
        f"# make bench, {results['date']}",
        "",
        f"{machine['cpus']} CPUs, Python {machine['python']}, Django {machine['django']}, "
        f"Wagtail {machine['wagtail']}, "
        f"{machine.get('database') or 'SQLite ' + machine['sqlite']} (persistent connections); "
        "gunicorn 2 sync workers on 127.0.0.1; "
        f"{machine['wrk']}, {wrk['connections']} connections, {wrk['seconds']:g} s per endpoint, "
        f"{wrk['rounds']} interleaved rounds (medians). Corpus: the seed, 10/100/500-block articles and "
        f"{results['corpus']['bulk_articles']} bulk-built 10-block articles{_bulk_build(results['corpus'])} "
        f"({results['corpus']['live_articles']} live articles). Whole run: {results.get('total_seconds', 0):.0f} s "
        f"({results.get('total_cpu_seconds', 0):.0f} CPU seconds of the bench, gunicorn and wrk); load average "
        f"{machine['loadavg_before_load'][0]:.1f} before the load phase, {machine['loadavg_after_load'][0]:.1f} after.",
        "",
        "| what | req/s | p50 ms | p95 ms | p99 ms | × empty view | × Wagtail API | queries | target met? |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for endpoint in results["load"]:
        keys = [key for key in endpoint_targets.get(endpoint["key"], ()) if key in verdicts]
        met = "–" if not keys else ", ".join(f"{_yes(verdicts[k]['met'])} ({verdicts[k]['measured']})" for k in keys)
        errors = f" ({endpoint['errors']} errors)" if endpoint["errors"] else ""
        lines.append(
            f"| {endpoint['label']} `{endpoint['path']}` | {endpoint['req_s']:.0f}{errors} | "
            f"{endpoint['p50_ms']:.1f} | "
            f"{endpoint['p95_ms']:.1f} | {endpoint['p99_ms']:.1f} | {_ratio(endpoint['req_s'], empty):.2f} | "
            f"{_ratio(endpoint['req_s'], wagtail):.1f} | {endpoint['in_process']['queries']} | {met} |"
        )
    lines += [
        "",
        "Queries per request by article size (in process, Django's test client, second request):",
        "",
        "| blocks | this API's detail | WhatsApp rendition | web page | Wagtail API v2 detail |",
        "|---:|---:|---:|---:|---:|",
    ]
    for size, row in results["queries_by_size"].items():
        lines.append(
            f"| {size} | {row['api_detail']['queries']} | {row['whatsapp']['queries']} | "
            f"{row['web_page']['queries']} | "
            f"{row['wagtail_api']['queries']} |"
        )
    publish = results["publish"]
    lines += [
        "",
        "Publishing (in process, renditions rendered inside the publish):",
        "",
        "| article | blocks | first draft saved (not publishing) | first publish (Medical review approval) "
        "| re-publish |",
        "|---|---:|---:|---:|---:|",
    ]
    seed = publish["republish"]["seed"]
    lines.append(
        f"| seed | {seed['blocks']} | – | – | {seed['seconds']:.2f} s, {seed['queries']:.0f} queries "
        f"(median of {len(seed['runs'])}) |"
    )
    for first in publish["first"]:
        again = publish["republish"][str(first["blocks"])]
        draft = f"{first['draft_seconds']:.2f} s, {first['draft_queries']} queries" if "draft_seconds" in first else "–"
        lines.append(
            f"| generated | {first['blocks']} | {draft} | {first['seconds']:.2f} s, {first['queries']} queries | "
            f"{again['seconds']:.2f} s, {again['queries']:.0f} queries |"
        )
    po = _po_totals(results)
    lines += [
        "",
        f"PO files ({po['pages']} bulk articles per file; import writes every page as a draft revision):",
        "",
        "| language | export | import | entries (changed) | imported | pages written |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for item in results["po"]:
        lines.append(
            f"| {item['language']} | {item['export_seconds']:.1f} s ({item['export_queries']} queries) | "
            f"{item['import_seconds']:.1f} s ({item['import_queries']} queries) | "
            f"{item['entries']} ({item['entries_changed']}) | {item['imported']} | {item['pages_written']} |"
        )
    if po["extrapolated"]:
        lines += [
            "",
            f"Extrapolated to 1,000 articles × {po['languages']} languages (linear, × {po['scale']:.1f}): export "
            f"{po['export_seconds_1000']:.0f} s, import {po['import_seconds_1000']:.0f} s.",
        ]
    views = results.get("translator_views")
    if views:
        lines += [
            "",
            "Translators' views (in process, stored counts current; median of 5, the request's own queries"
            f" included; {views['count_all_seconds']:.2f} s to count what was outdated first):",
            "",
            "| view | ms | queries |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {what} | {views[key]['ms']:.1f} | {views[key]['queries']} |"
            for key, what in TRANSLATOR_VIEWS.items()
            if key in views
        ]
    memory = results["memory_kib"]
    workers = {name: kib for name, kib in memory["gunicorn"].items()}
    lines += [
        "",
        "Peak memory (resident): "
        + ", ".join(f"gunicorn {name} {kib / 1024:.0f} MiB" for name, kib in workers.items())
        + f"; bench process (corpus, publishes, PO) {memory['bench_process'] / 1024:.0f} MiB.",
        "",
        "Targets:",
        "",
        "| target | measured | met? |",
        "|---|---|---|",
    ]
    for item in results["targets"]:
        lines.append(f"| {item['target']} | {item['measured']} | {_yes(item['met'])} |")
    return "\n".join(lines) + "\n"
