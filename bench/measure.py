"""The in-process half of `make bench`: queries per request, publishing, PO export and
import, and profiles, against the same database the server used."""

from __future__ import annotations

import io
import re
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from babel.messages.pofile import read_po, write_po
from django.db import connection
from django.test import Client

from bench.corpus import SeedParts, approve, create_draft


@dataclass
class Counter:
    queries: int = 0


@contextmanager
def counting() -> Iterator[Counter]:
    """Every SQL statement run on the default connection (no cap, unlike the test
    runner's 9,000-query log)."""
    counter = Counter()

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        counter.queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield counter


def meta_headers(headers: dict[str, str]) -> dict[str, str]:
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}


def request_queries(client: Client, path: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Queries and size of one request, after a first one that warms the process's caches."""
    extra = meta_headers(headers or {})
    client.get(path, **extra)  # type: ignore[arg-type]
    with counting() as counter:
        started = time.perf_counter()
        response = client.get(path, **extra)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - started
    return {
        "path": path,
        "status": response.status_code,
        "queries": counter.queries,
        "bytes": len(response.content),
        "ms": round(elapsed * 1000, 2),
    }


def timed(action: Callable[[], Any]) -> tuple[Any, float, int]:
    with counting() as counter:
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
    return result, elapsed, counter.queries


def publish_article(number: int, blocks: int, parts: SeedParts) -> tuple[Any, dict[str, Any]]:
    """A new article: its first draft saved (timed apart: authoring, not publishing), then
    its first publish through the Medical review workflow (workflow, gate, renditions)."""
    draft, draft_seconds, draft_queries = timed(partial(create_draft, number, blocks, parts))
    page, seconds, queries = timed(partial(approve, draft, parts))
    return page, {
        "blocks": blocks,
        "page_id": page.pk,
        "seconds": seconds,
        "queries": queries,
        "draft_seconds": draft_seconds,
        "draft_queries": draft_queries,
    }


def republish(page: Any, user: Any, repeats: int) -> dict[str, Any]:
    """Publish a new revision of a live article ``repeats`` times (the gate's rules, Wagtail's
    publish, translation records and every channel x language rendition); the median run.
    Saving the revision is not counted."""
    runs = []
    for _ in range(repeats):
        revision = page.save_revision(user=user, clean=False)
        _, seconds, queries = timed(partial(revision.publish, user=user))
        runs.append({"seconds": seconds, "queries": queries})
        page.refresh_from_db()
    return {
        "seconds": statistics.median(run["seconds"] for run in runs),
        "queries": statistics.median(run["queries"] for run in runs),
        "runs": runs,
    }


_LIMIT = re.compile(r"At most (\d+) characters")
# What the generated translator adds to a text, so that every entry is a change.
_EDIT = " ·"


def translator_edit(data: bytes) -> tuple[bytes, int]:
    """The exported file as a translator sends it back: every entry changed (an empty one
    gets its source text, so placeholders hold; a translated one gets two more characters
    where its limit allows) and no longer fuzzy, so every text in the file is imported."""
    catalog = read_po(io.BytesIO(data))
    edited = 0
    for message in catalog:
        if not message.id:
            continue
        text = message.string if isinstance(message.string, str) else ""
        limit = next((int(m.group(1)) for note in message.auto_comments if (m := _LIMIT.search(note))), None)
        new = text + _EDIT if text else message.id
        if limit is not None and len(new) > limit:
            new = text or message.id
        if new != text:
            edited += 1
        message.string = new
        message.flags.discard("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    return buffer.getvalue(), edited


def po_round_trip(pages: list[Any], languages: list[str]) -> list[dict[str, Any]]:
    """Export the pages' PO file per language, then import it back with every entry
    changed (every page written as a new draft revision, nothing published), timing each."""
    from content_pages.publishing.translations.export import export_pages
    from content_pages.publishing.translations.importing import import_po

    # One page first, untimed: the first export in a process also pays for imports and
    # caches filled once, which scaling 25 articles' time to 1,000 would multiply by 40.
    export_pages(pages[:1], languages[0])
    results = []
    for language in languages:
        data, export_s, export_q = timed(partial(export_pages, pages, language))
        edited, changed = translator_edit(data)
        report, import_s, import_q = timed(partial(import_po, edited))
        results.append(
            {
                "language": language,
                "pages": len(pages),
                "export_seconds": export_s,
                "export_queries": export_q,
                "po_bytes": len(data),
                "entries": sum(1 for line in data.splitlines() if line.startswith(b"msgctxt ")),
                "entries_changed": changed,
                "import_seconds": import_s,
                "import_queries": import_q,
                "imported": len(report.imported),
                "pages_written": len(getattr(report, "pages", [])),
            }
        )
    return results


def profile(client: Client, path: str, requests: int, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """pyinstrument over ``requests`` in-process requests: the text report and the time per request."""
    from pyinstrument import Profiler

    extra = meta_headers(headers or {})
    client.get(path, **extra)  # type: ignore[arg-type]
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        client.get(path, **extra)  # type: ignore[arg-type]
    profiler.stop()
    session = profiler.last_session
    duration = session.duration if session is not None else 0.0
    tree = profiler.output_text(unicode=True, color=False, show_all=False)
    flat = profiler.output_text(unicode=True, color=False, flat=True, flat_time="self")
    text = tree + "\n\nFunctions by own time (flat):\n" + "\n".join(flat.splitlines()[:40]) + "\n"
    return {"path": path, "requests": requests, "ms_per_request": duration * 1000 / requests, "text": text}


def translator_views(repeats: int = 5) -> dict[str, Any]:
    """The translation status report, *My work* and ``translation_status``'s rows: the
    median time and the queries of each, after everything outdated is counted (as the
    worker's sweep leaves it), in process against the benchmark's database."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from content_pages.foundations.languages import target_languages
    from content_pages.publishing.translation_counts import count_all
    from content_pages.publishing.translations.report import status_rows
    from content_pages.publishing.translators import ensure_translator_groups, group_name

    languages = list(target_languages())
    _result, count_seconds, _queries = timed(lambda: count_all(languages))
    ensure_translator_groups()
    users = get_user_model()
    translator, _created = users.objects.get_or_create(username="bench-translator")
    translator.groups.add(Group.objects.get(name=group_name(languages[0])))
    editor = users.objects.filter(is_superuser=True).order_by("pk").first()
    report = reverse("content_pages_translations_report")
    views: dict[str, tuple[Any, str]] = {
        "report": (editor, report),
        "report_to_do": (editor, f"{report}?language={languages[0]}&state=to_do"),
        "report_last_page": (editor, f"{report}?p=999999"),
        "my_work": (translator, reverse("wagtailadmin_home")),
    }
    found: dict[str, Any] = {"count_all_seconds": round(count_seconds, 2)}
    for key, (user, path) in views.items():
        client = Client()
        client.force_login(user)
        runs = [request_queries(client, path) for _ in range(repeats)]
        found[key] = {
            "path": path,
            "status": runs[0]["status"],
            "queries": runs[0]["queries"],
            "ms": statistics.median(run["ms"] for run in runs),
        }
    runs_ms, queries = [], 0
    for _ in range(repeats):
        rows, seconds, queries = timed(lambda: status_rows(languages))
        runs_ms.append(seconds * 1000)
    found["command_rows"] = {"rows": len(rows), "queries": queries, "ms": round(statistics.median(runs_ms), 2)}
    return found
