"""The versions of a page that translation works with: as stored, its latest draft, and
its live revision when that differs from the draft.

A PO file names hundreds of pages. Loaded one by one, each costs a query for the row,
one for its specific row, one per revision, one for its parent (which rebuilding a
revision asks for), and more each time its texts are read, checked or saved: its inline
rows (an article's references, a form's fields), its chosen topics, the references,
author and reviewer they point to. Here each of those is read once for all the pages
(one query per page type, per revision table, per relation and per model pointed to)
and held on the versions, whatever the number of pages.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision

from content_pages.foundations import translated_fields
from content_pages.foundations.languages import localized_field_name, target_languages


@dataclass
class PageVersions:
    stored: Page  # the specific row as stored now
    draft: Page  # the latest revision as an object; ``stored`` itself when there is no pending draft
    # The live revision as an object, only when its source texts may differ from the
    # draft's: a draft that changed translations only (an earlier import in another
    # language) has the live texts to translate already.
    live: Page | None

    @property
    def unpublished(self) -> bool:
        """Nothing of the page is live: every text is in a draft only."""
        return not self.stored.live or self.stored.live_revision_id is None


def _draft_is_live(page: Page) -> bool:
    return page.latest_revision_id == page.live_revision_id and not page.has_unpublished_changes


def load_versions(page_ids: Iterable[int]) -> dict[int, PageVersions]:
    """The versions of every page in ``page_ids`` that exists, by id."""
    ids = sorted(set(page_ids))
    pages: dict[int, Page] = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    _cache_parents(list(pages.values()))
    wanted: set[int] = set()
    for page in pages.values():
        if page.has_unpublished_changes and page.latest_revision_id:
            wanted.add(page.latest_revision_id)
        if page.live and page.live_revision_id and not _draft_is_live(page):
            wanted.add(page.live_revision_id)
    revisions = Revision.objects.in_bulk(wanted)
    versions = {}
    for pk, page in pages.items():
        # As ``get_latest_revision_as_object`` and ``Revision.as_object`` build them, on the
        # row already loaded instead of a fresh one per revision.
        latest = revisions.get(page.latest_revision_id) if page.has_unpublished_changes else None
        draft = page.with_content_json(latest.content) if latest is not None else page
        live = None
        if page.live and page.live_revision_id and not _draft_is_live(page):
            content = revisions[page.live_revision_id].content
            if latest is None or not _same_but_translations(type(page), content, latest.content):
                live = page.with_content_json(content)
        versions[pk] = PageVersions(stored=page, draft=draft, live=live)
    objects = [obj for v in versions.values() for obj in (v.draft, v.live) if obj is not None]
    _hold_children(objects)
    _hold_choices(objects)
    _hold_chosen([*objects, *(child for obj in objects for child in _held_children(obj))])
    return versions


# Revision fields that say where a version stands, not what it says.
_BOOKKEEPING = frozenset(
    {
        "draft_title",
        "expire_at",
        "expired",
        "first_published_at",
        "go_live_at",
        "has_unpublished_changes",
        "last_published_at",
        "latest_revision",
        "latest_revision_created_at",
        "live",
        "live_revision",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "wagtail_admin_comments",
    }
)


def _translations(model: type[models.Model]) -> frozenset[str]:
    """The columns of translator text in the target languages: what a translation changes
    (slugs and URL paths are not among them, so a draft with another slug differs)."""
    names = translated_fields.translator_fields(model)
    return frozenset(localized_field_name(name, code) for name in names for code in target_languages())


def _same_but_translations(model: type[models.Model], live: dict[str, Any], draft: dict[str, Any]) -> bool:
    """Whether two revisions of a page differ in nothing but translations and bookkeeping,
    inline rows included (a form's field labels): then the draft's source texts, notes
    and URLs are the live ones."""
    ignored = _BOOKKEEPING | _translations(model)
    children = {relation.get_accessor_name(): relation.related_model for relation in get_all_child_relations(model)}
    for key in live.keys() | draft.keys():
        if key in ignored:
            continue
        if key in children:
            rows, other = live.get(key) or [], draft.get(key) or []
            if len(rows) != len(other):
                return False
            if not all(_same_but_translations(children[key], a, b) for a, b in zip(rows, other, strict=True)):
                return False
        elif live.get(key) != draft.get(key):
            return False
    return True


def _cache_parents(pages: list[Page]) -> None:
    """Give every page its parent (treebeard's cache), read in one query."""
    paths = {page.pk: page.path[: -page.steplen] for page in pages if page.depth > 1}
    parents = {parent.path: parent for parent in Page.objects.filter(path__in=set(paths.values()))}
    for page in pages:
        parent = parents.get(paths.get(page.pk, ""))
        if parent is not None:
            page._cached_parent_obj = parent


@functools.cache
def _pointers(model: type[models.Model]) -> tuple[models.ForeignKey[Any, Any], ...]:
    """The foreign keys of ``model`` to rows with texts (a parental key names the parent
    being read, not a row to read)."""
    return tuple(
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and not isinstance(field, ParentalKey)
        and translated_fields.is_translated(field.related_model)
    )


def _with_texts(model: type[models.Model]) -> bool:
    """Whether translation reads rows of ``model``: it has translated fields, or points to
    a model that has (an article's reference rows point to references)."""
    return translated_fields.is_translated(model) or bool(_pointers(model))


def _by_class(objects: list[Page]) -> dict[type[Page], list[Page]]:
    grouped: dict[type[Page], list[Page]] = defaultdict(list)
    for obj in objects:
        grouped[type(obj)].append(obj)
    return grouped


def _in_memory(obj: models.Model, name: str) -> bool:
    """A relation rebuilt from a revision (or already held) is in memory; a stored row's
    is read from the database at every use."""
    return name in getattr(obj, "_cluster_related_objects", {})


def _hold_children(objects: list[Page]) -> None:
    """Inline rows with texts (or pointing to texts), read for all stored pages at once and
    held in memory, as a revision holds them; saving a revision commits none of them."""
    for model, pages in _by_class(objects).items():
        for relation in get_all_child_relations(model):
            name = relation.get_accessor_name()
            stored = [page for page in pages if not _in_memory(page, name)]
            if not stored or not _with_texts(relation.related_model):
                continue
            children: dict[Any, list[models.Model]] = defaultdict(list)
            parent = relation.field
            for child in relation.related_model._default_manager.filter(**{f"{parent.name}__in": stored}):
                children[getattr(child, parent.attname)].append(child)
            for page in stored:
                setattr(page, name, children[page.pk])


def _hold_choices(objects: list[Page]) -> None:
    """Many-to-many choices with texts (an article's topics), as ``_hold_children``."""
    for model, pages in _by_class(objects).items():
        for field in model._meta.many_to_many:
            stored = [page for page in pages if not _in_memory(page, field.name)]
            if not stored or not isinstance(field, ParentalManyToManyField):
                continue
            if not translated_fields.is_translated(field.related_model):
                continue
            through = field.remote_field.through
            own, chosen = field.m2m_field_name(), field.m2m_reverse_field_name()
            choices: dict[Any, list[models.Model]] = defaultdict(list)
            for row in through._default_manager.filter(**{f"{own}__in": stored}).select_related(chosen):
                choices[getattr(row, f"{own}_id")].append(getattr(row, chosen))
            for page in stored:
                setattr(page, field.name, choices[page.pk])


def _held_children(obj: models.Model) -> list[models.Model]:
    held = getattr(obj, "_cluster_related_objects", {})
    return [child for children in held.values() for child in children if isinstance(child, models.Model)]


def _hold_chosen(objects: list[models.Model]) -> None:
    """The rows with texts that ``objects`` point to (an article's author and reviewer, a
    reference row's reference), one query per model for all of them."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    pointers = []
    for obj in objects:
        for field in _pointers(type(obj)):
            key = getattr(obj, field.attname)
            if key is None or field.is_cached(obj):
                continue
            related = field.related_model
            wanted[related].add(key)
            pointers.append((obj, field, related, key))
    found = {model: model._default_manager.in_bulk(keys) for model, keys in wanted.items()}
    for obj, field, related, key in pointers:
        if key in found[related]:
            field.set_cached_value(obj, found[related][key])
