"""The bulk corpus of `make bench`, built fast: two articles of each variant published for
real, every other article derived from the rows of the first.

Why: publishing a bulk article (``corpus.publish_new``) renders every channel and mode
in every language and the stored web pages (``renditions.refresh_page``), after the
page, revision and translation record saves: about 0.15-0.3 s an article, so 1,000
articles took 150 s and 10,000 did not fit in a working session. Yet two bulk articles
of one variant (``corpus.variant``: the same languages, topics, references and width of
number) are stored as the same rows but for their own texts and ids: the number in their
title, slug, standfirst and paragraphs, their block ids, their page id and what follows
from those (paths, URLs, short-link codes, hashes, ETags).

So each variant's first article is published as ``bulk_articles`` publishes one, and its
rows are read back and cut into stencils at its own number, page id, block ids and
short-link codes (``Cutter``). Every other article of the variant gets those rows with its
own values filled in and its hashes and ETags computed from its own texts: the page and
ArticlePage rows (tree path computed, the index's ``numchild`` raised once per batch),
its live revision, references, topics, creation log entry, reference index, translation
records, renditions of every channel and language, rendition dependencies, short links
and search index entries, a few thousand rows a statement.

Why the result can be trusted (the run stops with the first difference otherwise):

- Each variant's second article is published for real too, and the rows the stencil
  gives for it must be the rows publishing wrote (``check_stencil``). A number or id the
  cutter missed, or one it cut that was something else (a template numbered like a year
  in a reference), shows there, before anything is derived from that stencil; the other
  article's stencil is tried then.
- Sampled derived articles are re-rendered by ``refresh_page`` afterwards, which must
  write exactly the rows stored for them; their live revision must hold the texts of
  their page row, their translation records must be current for ``record_page``, search
  must find them, and the API and the website must serve them (``check_samples``).
"""

from __future__ import annotations

import datetime
import functools
import json
import random
import re
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.test import Client
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry

from bench import corpus
from content_pages.foundations.languages import source_language
from content_pages.foundations.urls import page_full_url
from content_pages.models import (
    ArticlePage,
    ArticlePageReference,
    ChannelRendition,
    RenditionDependency,
    ShortLink,
    SitemapEntry,
    TranslationCount,
    TranslationRecord,
)
from content_pages.publishing import renditions
from content_pages.publishing.translation_counts import count_pages
from content_pages.publishing.translations.records import record_page
from content_pages.reads.search import search_page_ids
from content_pages.reads.segments import text_hash
from content_pages.reads.translation_memory import source_key
from content_pages.rendering.short_links import CODE_LENGTH, short_code, short_url

Row = dict[str, Any]
Progress = Callable[[str], None]
# The ETag ``refresh_page`` gives a body, by the name its module has for it (defined there
# in earlier versions of the project, imported from ``foundations.etags`` since).
_strong_etag: Callable[[str], str] = vars(renditions)["strong_etag"]

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# Where a page's own id shows in its rows, found by publishing pages with ids no other
# number has: at the start of a rendition's JSON (body, then summary as the database
# keeps it), the pages API's detail URL, the chat feedback buttons, the WhatsApp
# template's name, the web page's feedback form and reach beacon, and translation
# segment ids. Elsewhere the same digits are some other number (a topic's id, a count).
_PAGE_ID_AFTER = (
    r'^\{"id":',
    r'^\{"id": ',
    "/api/v2/pages/",
    "feedback:",
    "article_",
    "/feedback/",
    "/reach/",
    "^page:",
)
# The reference index names an inline reference by its row's id: ``references.<id>.reference``.
_INLINE_ROW = re.compile(r"^(references\.)(\d+)(?=\.)")
# Text columns and revision fields that hold the article's own texts; the others are ids,
# flags, dates and tree positions, set or copied as they are.
_TEXT_TYPES = frozenset({"CharField", "TextField", "SlugField", "JSONField"})
# What may differ between a derived row and the row publishing writes for the same article
# (``check_stencil``): ids the database assigns, and the moment each row was written.
_WRITTEN_AT = {
    "page": {"latest_revision_created_at"},
    "revision": {"created_at"},
    "log": {"id", "timestamp"},
    "topics": {"id"},
    "reference_index": {"id"},
    "records": {"id", "updated_at"},
    "counts": {"id", "counted_at"},
    "renditions": {"last_modified"},
    "entries": {"id"},
    "dependencies": {"id"},
    "links": {"id", "created_at"},
    # Wagtail's SQLite index scales a title's weight by the mean title length when the
    # entry is added, which grows with the corpus.
    "index": {"id", "title_norm"},
}
_TABLES: dict[str, type[models.Model]] = {
    "page": Page,
    "article": ArticlePage,
    "revision": Revision,
    "references": ArticlePageReference,
    "topics": ArticlePage.topics.through,
    "log": PageLogEntry,
    "reference_index": ReferenceIndex,
    "records": TranslationRecord,
    "counts": TranslationCount,
    "renditions": ChannelRendition,
    "entries": SitemapEntry,
    "dependencies": RenditionDependency,
    "links": ShortLink,
    "index": IndexEntry,
}


# Articles of each variant published for real: the template, and the one it is checked against.
_PUBLISHED = 2
# Published articles per transaction, as ``corpus.bulk_articles`` commits them.
_PUBLISH_BATCH = 50


class CorpusMismatch(AssertionError):
    """A derived article's rows are not what publishing writes for it."""


class Stencil:
    """One text of a template article, cut where its own values are."""

    __slots__ = ("literals", "slots")

    def __init__(self, literals: list[str], slots: list[str]) -> None:
        self.literals, self.slots = literals, slots

    def fill(self, values: dict[str, str]) -> str:
        if not self.slots:
            return self.literals[0]
        parts = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            parts += (values[slot], literal)
        return "".join(parts)


class Cutter:
    """Cuts a template article's texts at its number (as a whole number), its page id
    (where a page id shows, ``_PAGE_ID_AFTER``), its own block ids and its own short-link
    codes; each text is cut once, however many articles are filled from it."""

    def __init__(self, number: int, page_id: int, own_uuids: Iterable[str], own_codes: Iterable[str]) -> None:
        page_context = "|".join(f"(?<={context})" for context in _PAGE_ID_AFTER)
        self.pattern = re.compile(
            f"(?P<uuid>{_UUID})"
            f"|(?<={re.escape(short_url(''))})(?P<code>[A-Za-z0-9]{{{CODE_LENGTH}}})(?![A-Za-z0-9])"
            f"|(?:{page_context})(?P<page>{page_id})(?![0-9])"
            f"|(?<![0-9A-Za-z])(?P<number>{number})(?![0-9A-Za-z])"
        )
        self.uuids, self.codes = frozenset(own_uuids), frozenset(own_codes)
        self._cut: dict[str, Stencil] = {}

    def __call__(self, text: str) -> Stencil:
        stencil = self._cut.get(text)
        if stencil is None:
            stencil = self._cut[text] = self._stencil(text)
        return stencil

    def _stencil(self, text: str) -> Stencil:
        literals, slots, start = [], [], 0
        for match in self.pattern.finditer(text):
            kind = str(match.lastgroup)
            token = match.group(kind)
            if kind == "uuid":
                if token not in self.uuids:
                    continue  # a snippet's or a shared block's id: the same in every article
                slot = "u:" + token
            elif kind == "code":
                if token not in self.codes:
                    continue  # a call to action's link: the same in every article
                slot = "c:" + token
            else:
                slot = kind
            literals.append(text[start : match.start(kind)])
            slots.append(slot)
            start = match.end(kind)
        literals.append(text[start:])
        return Stencil(literals, slots)


@dataclass(frozen=True)
class Identity:
    """What a derived article has of its own besides its texts: the ids it is given."""

    number: int
    page_id: int
    path: str
    revision_id: int
    translation_key: uuid.UUID
    rendition_ids: tuple[int, ...]  # one per template rendition, in its order
    reference_ids: tuple[int, ...]  # one per template reference, in its order


@dataclass
class Template:
    """A published article's rows, read back to derive the others of its variant from."""

    number: int
    page_id: int
    blocks: int
    rows: dict[str, list[Row]]
    links: dict[str, str]  # its own short links: code -> URL
    cut: Cutter = field(repr=False)


def _qn(name: str) -> str:
    return str(connection.ops.quote_name(name))


def _table(key: str) -> str:
    return str(_TABLES[key]._meta.db_table)


def _select(key: str, where: str, params: Sequence[Any]) -> list[Row]:
    """Rows as SQLite keeps them (JSON as text, UUIDs as hex), to be copied as they are;
    PostgreSQL's UUIDs are read as such too, so that one stencil cuts both."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {_qn(_table(key))} WHERE {where}", params)  # noqa: S608 - our names
        names = [column[0] for column in cursor.description]
        return [{name: _as_text(value) for name, value in zip(names, row, strict=True)} for row in cursor.fetchall()]


def _as_text(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dict | list):  # JSON a driver decoded
        return json.dumps(value, cls=DjangoJSONEncoder)
    return value


@functools.cache
def _json_columns(key: str) -> frozenset[str]:
    return frozenset(
        str(f.column) for f in _TABLES[key]._meta.local_concrete_fields if f.get_internal_type() == "JSONField"
    )


def _db(value: Any) -> Any:
    """A value read by ``_select`` as the database is given it again (SQLite's converters
    hand back dates and flags as Python values; PostgreSQL takes them as they are)."""
    if connection.vendor != "sqlite":
        return value
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):  # stored in UTC without its offset, as Django stores it
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _insert(key: str, rows: list[Row]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    sql = (
        f"INSERT INTO {_qn(_table(key))} ({', '.join(_qn(c) for c in columns)}) "  # noqa: S608 - our names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[_db(row[column]) for column in columns] for row in rows])


@functools.cache
def _text_columns(model: type[models.Model]) -> frozenset[str]:
    return frozenset(
        str(f.column)
        for f in model._meta.local_concrete_fields
        if f.get_internal_type() in _TEXT_TYPES and f.column not in {"path", "translation_key"}
    )


def _content_type(model: type[models.Model]) -> int:
    return int(ContentType.objects.get_for_model(model).pk)


def read_rows(page_id: int) -> dict[str, list[Row]]:
    """Every row publishing wrote for bulk article ``page_id``, by table, in a set order."""
    page_type = _content_type(Page)
    page = _select("page", "id = %s", [page_id])
    if len(page) != 1 or page[0]["live_revision_id"] is None:
        raise CorpusMismatch(f"page {page_id}: no live page")
    rows = {
        "page": page,
        "article": _select("article", "page_ptr_id = %s", [page_id]),
        "revision": _select("revision", "id = %s", [page[0]["live_revision_id"]]),
        "references": _select("references", "page_id = %s ORDER BY sort_order", [page_id]),
        "topics": _select("topics", "articlepage_id = %s ORDER BY topic_id", [page_id]),
        "log": _select("log", "page_id = %s ORDER BY id", [page_id]),
        "reference_index": _select(
            "reference_index", "base_content_type_id = %s AND object_id = %s ORDER BY id", [page_type, str(page_id)]
        ),
        "records": _select("records", "segment_id LIKE %s ORDER BY segment_id, language", [f"page:{page_id}:%"]),
        "counts": _select("counts", "page_id = %s ORDER BY language", [page_id]),
        "renditions": _select("renditions", "page_id = %s ORDER BY channel, language", [page_id]),
        "entries": _select("entries", "page_id = %s ORDER BY language", [page_id]),
        "dependencies": _select("dependencies", "page_id = %s ORDER BY content_type_id, object_id", [page_id]),
    }
    # The article's own entry; the renditions' words are indexed by the database's triggers
    # as their rows go in (migration 0035).
    rows["index"] = _select(
        "index", "content_type_id = %s AND object_id = %s ORDER BY id", [_content_type(ArticlePage), str(page_id)]
    )
    return rows


def _links(codes: list[str]) -> list[Row]:
    if not codes:
        return []
    return _select("links", f"code IN ({', '.join(['%s'] * len(codes))}) ORDER BY code", codes)


def _codes_in(rows: dict[str, list[Row]]) -> set[str]:
    pattern = re.compile(re.escape(short_url("")) + f"([A-Za-z0-9]{{{CODE_LENGTH}}})(?![A-Za-z0-9])")
    return {code for row in rows["renditions"] for code in pattern.findall(row["body"])}


def read_template(number: int, page_id: int, blocks: int) -> Template:
    """Article ``number`` (published for real as ``page_id``) as a template: its rows and
    the short links that are its own (those whose URL holds its number or id)."""
    rows = read_rows(page_id)
    own_uuids = corpus.article_uuids(number, blocks)
    plain = Cutter(number, page_id, own_uuids, ())
    links = {
        link.code: link.url for link in ShortLink.objects.filter(code__in=_codes_in(rows)) if plain(link.url).slots
    }
    rows["links"] = _links(list(links))
    return Template(number, page_id, blocks, rows, links, Cutter(number, page_id, own_uuids, links))


def _values(template: Template, who: Identity) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """What fills the template's slots for ``who``, and its own short links (its code and
    URL for each of the template's codes)."""
    values = {"number": str(who.number), "page": str(who.page_id)}
    mine = corpus.article_uuids(who.number, template.blocks)
    values |= {
        "u:" + theirs: own
        for theirs, own in zip(corpus.article_uuids(template.number, template.blocks), mine, strict=True)
    }
    links = {}
    for code, url in template.links.items():
        own_url = template.cut(url).fill(values)
        links[code] = (short_code(own_url), own_url)
    values |= {"c:" + code: own for code, (own, _url) in links.items()}
    return values, links


def derive(template: Template, who: Identity, now: datetime.datetime) -> dict[str, list[Row]]:
    """The rows of article ``who``, from the template's with its own texts and ids."""
    values, own_links = _values(template, who)
    rows = template.rows

    def fill(text: Any) -> Any:
        return template.cut(text).fill(values) if isinstance(text, str) else text

    def texts(row: Row, columns: frozenset[str]) -> Row:
        return {name: fill(value) if name in columns else value for name, value in row.items()}

    page = texts(rows["page"][0], _text_columns(Page))
    page.update(
        id=who.page_id,
        path=who.path,
        numchild=0,
        translation_key=who.translation_key.hex,
        latest_revision_id=who.revision_id,
        live_revision_id=who.revision_id,
    )
    article = texts(rows["article"][0], _text_columns(ArticlePage)) | {"page_ptr_id": who.page_id}
    reference_ids = {row["id"]: own for row, own in zip(rows["references"], who.reference_ids, strict=True)}
    revision = dict(rows["revision"][0])
    content = json.loads(revision["content"])
    text_fields = _text_columns(Page) | _text_columns(ArticlePage)
    content = {name: fill(value) if name in text_fields else value for name, value in content.items()}
    content.update(
        pk=who.page_id,
        path=who.path,
        translation_key=str(who.translation_key),
        references=[
            {**reference, "pk": reference_ids[reference["pk"]], "page": who.page_id}
            for reference in content["references"]
        ],
    )
    revision.update(
        id=who.revision_id,
        object_id=str(who.page_id),
        object_str=fill(revision["object_str"]),
        content=json.dumps(content, cls=DjangoJSONEncoder),
    )
    rendition_ids = {row["id"]: own for row, own in zip(rows["renditions"], who.rendition_ids, strict=True)}
    renditions_rows = []
    for row in rows["renditions"]:
        body = fill(row["body"])
        renditions_rows.append(
            row
            | {
                "id": rendition_ids[row["id"]],
                "page_id": who.page_id,
                "revision_id": who.revision_id,
                "path": fill(row["path"]),
                "tree_path": who.path,
                "sort_title": fill(row["sort_title"]),
                "body": body,
                "summary": fill(row["summary"]),
                "search_text": fill(row["search_text"]),
                "etag": _strong_etag(body),
            }
        )
    records = []
    for row in rows["records"]:
        source, translation = fill(row["source_text"]), fill(row["translation_text"])
        records.append(
            _without_id(row)
            | {
                "segment_id": fill(row["segment_id"]),
                "source_text": source,
                "translation_text": translation,
                "source_hash": text_hash(source),
                "translation_hash": text_hash(translation),
                "source_key": source_key(source),
                "updated_at": now,
            }
        )
    page_type = _content_type(Page)
    index = []
    for row in rows["index"]:
        # The indexed texts: SQLite's title, autocomplete and body; PostgreSQL's title_text
        # and body_text besides, and its tsvector columns, read as text ('1000':3 …).
        own_texts = frozenset(name for name, value in row.items() if isinstance(value, str) and name != "object_id")
        index.append(texts(_without_id(row), own_texts) | {"object_id": str(who.page_id)})
    reference_index = []
    for row in rows["reference_index"]:
        content_path = _INLINE_ROW.sub(lambda m: f"{m[1]}{reference_ids[int(m[2])]}", fill(row["content_path"]))
        reference_index.append(
            _without_id(row)
            | {
                "object_id": str(who.page_id),
                "content_path": content_path,
                "content_path_hash": ReferenceIndex._get_content_path_hash(content_path).hex,
            }
        )
    return {
        "page": [page],
        "article": [article],
        "revision": [revision],
        "references": [row | {"id": reference_ids[row["id"]], "page_id": who.page_id} for row in rows["references"]],
        "topics": [_without_id(row) | {"articlepage_id": who.page_id} for row in rows["topics"]],
        "log": [
            texts(_without_id(row), frozenset({"label", "data"})) | {"page_id": who.page_id} for row in rows["log"]
        ],
        "reference_index": reference_index,
        "records": records,
        "counts": [
            _without_id(row)
            | {
                "page_id": who.page_id,
                "stale_paths": fill(row["stale_paths"]),
                "latest_revision_id": who.revision_id,
                "live_revision_id": who.revision_id,
                "counted_at": now,
            }
            for row in rows["counts"]
        ],
        "renditions": renditions_rows,
        "entries": [
            _without_id(row)
            | {"page_id": who.page_id, "rendition_id": rendition_ids[row["rendition_id"]], "xml": fill(row["xml"])}
            for row in rows["entries"]
        ],
        "dependencies": [
            _without_id(row)
            | {
                "page_id": who.page_id,
                "object_id": str(who.page_id)
                if row["content_type_id"] == page_type and row["object_id"] == str(template.page_id)
                else row["object_id"],
            }
            for row in rows["dependencies"]
        ],
        "links": [
            _without_id(row) | dict(zip(("code", "url"), own_links[row["code"]], strict=True)) | {"created_at": now}
            for row in rows["links"]
        ],
        "index": index,
    }


def _without_id(row: Row) -> Row:
    return {name: value for name, value in row.items() if name != "id"}


def check_stencil(template: Template, number: int, page_id: int) -> None:
    """The rows ``template`` gives article ``number`` must be those publishing wrote for it
    (as ``page_id``), but for ids the database assigns and the moments rows were written."""
    actual = read_rows(page_id)
    page = actual["page"][0]
    keys = [(row["channel"], row["language"]) for row in actual["renditions"]]
    if keys != [(row["channel"], row["language"]) for row in template.rows["renditions"]]:
        raise CorpusMismatch(f"article {number}: other channels or languages than article {template.number}")
    who = Identity(
        number=number,
        page_id=page_id,
        path=page["path"],
        revision_id=page["live_revision_id"],
        translation_key=uuid.UUID(str(page["translation_key"])),
        rendition_ids=tuple(row["id"] for row in actual["renditions"]),
        reference_ids=tuple(row["id"] for row in actual["references"]),
    )
    derived = derive(template, who, timezone.now())
    actual["links"] = _links([row["code"] for row in derived["links"]])
    problems = [
        f"{key}: {problem}"
        for key in derived
        for problem in _differences(derived[key], actual[key], _WRITTEN_AT.get(key, set()), _json_columns(key))
    ]
    if problems:
        raise CorpusMismatch(
            f"article {number} derived from article {template.number} differs from article {number} published:\n  "
            + "\n  ".join(problems[:8])
        )


def _comparable(row: Row, ignored: set[str], json_columns: frozenset[str]) -> dict[str, Any]:
    # JSON is compared as values: PostgreSQL keeps its own order of an object's keys.
    found = {name: _db(value) for name, value in row.items() if name not in ignored}
    for name in json_columns & set(found):
        if isinstance(found[name], str):
            found[name] = json.loads(found[name])
    return found


def _differences(derived: list[Row], actual: list[Row], ignored: set[str], json_columns: frozenset[str]) -> list[str]:
    ours = sorted((_comparable(row, ignored, json_columns) for row in derived), key=repr)
    theirs = sorted((_comparable(row, ignored, json_columns) for row in actual), key=repr)
    if len(ours) != len(theirs):
        return [f"{len(ours)} rows derived, {len(theirs)} published"]
    found = []
    for mine, real in zip(ours, theirs, strict=True):
        for name in sorted(set(mine) | set(real)):
            if mine.get(name) != real.get(name):
                found.append(f"{name}: {_first_difference(mine.get(name), real.get(name))}")
    return found


def _first_difference(mine: Any, real: Any, names: tuple[str, str] = ("derived", "published")) -> str:
    """Both values around where they first differ."""
    left, right = str(mine), str(real)
    at = next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), min(len(left), len(right)))
    return f"{names[0]} …{left[max(0, at - 60) : at + 40]!r}… {names[1]} …{right[max(0, at - 60) : at + 40]!r}…"


@dataclass
class Corpus:
    """What ``build`` made: page ids by number, which were published and which derived."""

    page_ids: dict[int, int]
    published: list[int]
    derived: list[int]
    variants: int
    seconds: dict[str, float]

    @property
    def ids(self) -> list[int]:
        return [self.page_ids[number] for number in sorted(self.page_ids)]


def build(
    first: int, count: int, blocks: int, parts: corpus.SeedParts, *, progress: Progress = print, batch: int = 250
) -> Corpus:
    """``count`` live bulk articles numbered from ``first``: the first two of each variant
    published (``corpus.publish_new``), the first checked as the template of the second
    (``check_stencil``), every other one derived from it."""
    numbers = range(first, first + count)
    by_variant: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for number in numbers:
        by_variant[corpus.variant(number, parts)].append(number)
    publish = sorted(number for members in by_variant.values() for number in members[:_PUBLISHED])
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    page_ids: dict[int, int] = {}
    now = timezone.now()
    parts.index.refresh_from_db()
    with override(source_language()):
        # One publish moment for all, as derived articles copy their template's.
        for start in range(0, len(publish), _PUBLISH_BATCH):
            with transaction.atomic():
                for number in publish[start : start + _PUBLISH_BATCH]:
                    page_ids[number] = corpus.publish_new(number, blocks, parts, now)
            progress(f"  {len(page_ids)}/{len(publish)} articles published, {time.perf_counter() - started:.0f} s")
    seconds["publish"] = time.perf_counter() - started

    started = time.perf_counter()
    templates: dict[int, Template] = {}
    for members in by_variant.values():
        if len(members) > _PUBLISHED:
            template = _checked_template(members[0], members[1], page_ids, blocks)
            templates.update(dict.fromkeys(members[_PUBLISHED:], template))
    seconds["check_stencils"] = time.perf_counter() - started

    started = time.perf_counter()
    derived = sorted(templates)
    for start in range(0, len(derived), batch):
        chunk = derived[start : start + batch]
        page_ids |= _derive_batch(chunk, templates, parts, now)
        done = start + len(chunk)
        if done // 1000 != start // 1000 or done == len(derived):
            progress(f"  {done}/{len(derived)} articles derived, {time.perf_counter() - started:.0f} s")
    seconds["derive"] = time.perf_counter() - started
    parts.index.refresh_from_db()
    return Corpus(page_ids, publish, derived, len(by_variant), seconds)


def _checked_template(first: int, second: int, page_ids: dict[int, int], blocks: int) -> Template:
    """The variant's template: its first article, checked against its second; the second,
    checked against the first, if the first's numbers are cut wrong."""
    template = read_template(first, page_ids[first], blocks)
    try:
        check_stencil(template, second, page_ids[second])
    except CorpusMismatch as first_problem:
        template = read_template(second, page_ids[second], blocks)
        try:
            check_stencil(template, first, page_ids[first])
        except CorpusMismatch:
            raise first_problem from None
    return template


def _next_id(model: type[models.Model]) -> int:
    found = model._default_manager.aggregate(highest=models.Max("pk"))["highest"]
    return int(found or 0) + 1


def _derive_batch(
    numbers: list[int], templates: dict[int, Template], parts: corpus.SeedParts, now: datetime.datetime
) -> dict[int, int]:
    """Derive and write ``numbers`` in one transaction; their page ids."""
    index = Page.objects.get(pk=parts.index.pk)
    last = index.get_last_child()
    position = Page._str2int(last.path[-Page.steplen :]) if last is not None else 0
    next_page, next_revision = _next_id(Page), _next_id(Revision)
    next_rendition, next_reference = _next_id(ChannelRendition), _next_id(ArticlePageReference)
    tables: dict[str, list[Row]] = defaultdict(list)
    page_ids = {}
    for offset, number in enumerate(numbers):
        template = templates[number]
        renditions_count, references_count = len(template.rows["renditions"]), len(template.rows["references"])
        who = Identity(
            number=number,
            page_id=next_page + offset,
            path=Page._get_path(index.path, index.depth + 1, position + offset + 1),
            revision_id=next_revision + offset,
            translation_key=uuid.uuid4(),
            rendition_ids=tuple(range(next_rendition, next_rendition + renditions_count)),
            reference_ids=tuple(range(next_reference, next_reference + references_count)),
        )
        next_rendition += renditions_count
        next_reference += references_count
        for key, rows in derive(template, who, now).items():
            tables[key] += rows
        page_ids[number] = who.page_id
    with transaction.atomic():
        for key in _TABLES:
            _insert(key, tables[key])
        Page.objects.filter(pk=index.pk).update(numchild=models.F("numchild") + len(numbers))
        # Sequences that do not follow explicit ids (PostgreSQL) continue after them.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Page, Revision, ChannelRendition, ArticlePageReference]
            ):
                cursor.execute(sql)
    return page_ids


def check_samples(built: Corpus, samples: int = 3) -> list[int]:
    """Check ``samples`` derived articles (chosen at random, reproducibly) against what
    publishing them would store (``check_article``); their numbers."""
    chosen = sorted(random.Random(len(built.page_ids)).sample(built.derived, min(samples, len(built.derived))))  # noqa: S311 - a sample, not a secret
    for number in chosen:
        check_article(number, built.page_ids[number])
    return chosen


_STORED = (
    *("path", "site_root_id", "body", "etag", "summary", "review_due", "search_text", "public"),
    *("fingerprint", "base_url", "revision_id", "generation", "rendered_generation"),
)


def _stored(page_id: int) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (row.channel, row.language): {name: getattr(row, name) for name in _STORED}
        for row in ChannelRendition.objects.filter(page_id=page_id)
    }


def _records(page_id: int) -> set[tuple[str, str, str, str]]:
    return set(
        TranslationRecord.objects.filter(segment_id__startswith=f"page:{page_id}:").values_list(
            "segment_id", "language", "source_hash", "translation_hash"
        )
    )


def _counts(page_id: int) -> list[tuple[Any, ...]]:
    return list(
        TranslationCount.objects.filter(page_id=page_id)
        .order_by("language")
        .values_list("language", "total", "translated", "missing", "stale", "stale_paths", "latest_revision_id")
    )


def check_article(number: int, page_id: int) -> None:
    """A derived article is what publishing makes: ``refresh_page`` writes the rows stored
    for it, as they were; its live revision holds the texts of its page row; its
    translation records are current; its web rows name its own URLs; search finds it in
    every language; and the API and the website serve it."""
    page = ArticlePage.objects.get(pk=page_id)
    problems = []
    if not page.live or page.live_revision_id is None or page.has_unpublished_changes:
        problems.append("not live with its live revision")
    before, links, records = _stored(page_id), ShortLink.objects.count(), _records(page_id)
    renditions.refresh_page(page_id)
    after = _stored(page_id)
    problems += _rendition_problems(page, before, after)
    if ShortLink.objects.count() != links:
        problems.append("refresh_page stored short links the article did not have")
    record_page(page)
    if _records(page_id) != records:
        problems.append("record_page changed its translation records")
    counts = _counts(page_id)
    count_pages([page_id])
    if _counts(page_id) != counts:
        problems.append(f"its translation counts are not current: {counts} stored, {_counts(page_id)} counted")
    problems += _revision_problems(page_id)
    problems += _served_problems(number, page_id, {language: after[("web", language)]["path"] for _, language in after})
    if problems:
        raise CorpusMismatch(f"derived article {number} (page {page_id}):\n  " + "\n  ".join(problems[:12]))


def _rendition_problems(
    page: ArticlePage, before: dict[tuple[str, str], dict[str, Any]], after: dict[tuple[str, str], dict[str, Any]]
) -> list[str]:
    """What ``refresh_page`` wrote (``after``) is what was stored (``before``), and current."""
    problems = []
    if set(before) != set(after):
        problems.append(f"rendition keys {sorted(set(before) ^ set(after))} stored or rendered only")
    for key in sorted(set(before) & set(after)):
        for name, value in before[key].items():
            if after[key][name] != value:
                difference = _first_difference(value, after[key][name], ("stored", "refresh_page wrote"))
                problems.append(f"{key} {name}: {difference}")
    for (channel, language), row in after.items():
        if row["revision_id"] != page.live_revision_id or row["generation"] != row["rendered_generation"]:
            problems.append(f"{channel}/{language}: not current")
        if channel == "web" and row["summary"]["meta"]["html_url"] != page_full_url(page, language):
            problems.append(f"web/{language}: html_url {row['summary']['meta']['html_url']}, not the page's")
    return problems


def _served_problems(number: int, page_id: int, paths: dict[str, str]) -> list[str]:
    """Search finds the article by its number, the API and the website serve it, in each language."""
    problems = []
    client = Client()
    for language, path in paths.items():
        if page_id not in search_page_ids([str(number)], language):
            problems.append(f"search in {language} does not find it")
        detail = client.get(f"/api/v2/pages/{page_id}/?lang={language}")
        web = client.get(path)
        if detail.status_code != HTTPStatus.OK or web.status_code != HTTPStatus.OK:
            problems.append(f"{language}: API {detail.status_code}, website {web.status_code}")
        elif str(number) not in detail.content.decode() or str(number) not in web.content.decode():
            problems.append(f"{language}: its number is not in what the API or the website serve")
    return problems


def _revision_problems(page_id: int) -> list[str]:
    """The live revision holds the page row's texts (title, slug, standfirst, body, aside
    and the rest, in every language)."""
    rows = read_rows(page_id)
    stored = rows["page"][0] | rows["article"][0]
    content = json.loads(rows["revision"][0]["content"])
    problems = []
    for name in sorted((_text_columns(Page) | _text_columns(ArticlePage)) - {"draft_title"}):
        mine, theirs = stored[name], content.get(name)
        if name.startswith(("body", "aside")) and isinstance(mine, str) and isinstance(theirs, str):
            mine, theirs = json.loads(mine), json.loads(theirs)
        if mine != theirs:
            problems.append(f"revision {name}: {_first_difference(theirs, mine, ('revision', 'page row'))}")
    if stored["live_revision_id"] != rows["revision"][0]["id"]:
        problems.append("its revision is not its live revision")
    return problems
