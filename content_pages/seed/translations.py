"""The seed's translations, kept as PO files in the repository.

The product's own PO export names each text by database keys (``page:6:body:<block id>``,
``cta:3:heading``), which differ from one database to the next. The seed's files name it
by what the seed itself says instead, so one file fits every database the seed is loaded
into:

- pages by their role in the seed: ``home``, ``index``, ``form``, ``article``, then the
  field and, in a StreamField, the block and list item ids (deterministic in the seed):
  ``article:title``, ``article:body:<block id>:items:<item id>``;
- snippets by their natural key: ``cta:<name>:<field>``, ``reference:<doi>:<field>``,
  ``contributor:<name>:<field>``, ``topic:<slug>:<field>``;
- form fields by their clean name: ``form:field:<clean name>:<field>``.

``export_seed_template`` writes every seed text with those ids (``locale/content/
immunotherapy.pot`` and, with a language, that language's current translations);
``apply_seed_translations`` turns them back into the database's segment ids and imports
the file through the product's own import (``import_po``): checked, published in that
language only, recorded as needing medical review of the translation.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.db import models
from wagtail.models import Page, Site

from content_pages.foundations.languages import (
    babel_locale,
    english_name,
    localized_field_name,
    source_language,
    target_languages,
)
from content_pages.foundations.roles import AnyUser
from content_pages.foundations.translator_text import to_translator_text
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CallToAction,
    Contributor,
    EnquiryFormField,
    EnquiryFormPage,
    HomePage,
    Reference,
    Topic,
)
from content_pages.publishing.gate.language_review import approving_as
from content_pages.publishing.translations.importing import ImportOptions, import_po
from content_pages.publishing.translations.outcome import ImportReport
from content_pages.reads.segments import Segment, is_translated, translatable_segments

SEED_FILE = Path(__file__).resolve().parent / "immunotherapy.json"
LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "content"
DOMAIN = "immunotherapy"
ROLES = ("home", "index", "form", "article")
TITLE = "the seed content"


def template_path(directory: Path = LOCALE_DIR) -> Path:
    return directory / f"{DOMAIN}.pot"


def po_path(language: str, directory: Path = LOCALE_DIR) -> Path:
    """``locale/content/ms/immunotherapy.po``, ``locale/content/zh_Hans/immunotherapy.po``."""
    return directory / str(babel_locale(language)) / f"{DOMAIN}.po"


def child_with_slug(parent: Page, model: type[Page], slug: str) -> Page | None:
    name = localized_field_name("slug", source_language())
    return model.objects.child_of(parent).filter(**{name: slug}).first()


def seed_pages(data: dict[str, Any]) -> dict[str, Page]:
    """The seed's pages in this database, by role; a role the database lacks is left out."""
    pages: dict[str, Page] = {}
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    home = site.root_page.specific if site is not None else None
    if not isinstance(home, HomePage):
        return pages
    pages["home"] = home
    source = source_language()
    for role, model in (("index", ArticleIndexPage), ("form", EnquiryFormPage)):
        found = child_with_slug(home, model, data[role]["slug"][source])
        if found is not None:
            pages[role] = found.specific
    if "index" in pages:
        article = child_with_slug(pages["index"], ArticlePage, data["article"]["slug"][source])
        if article is not None:
            pages["article"] = article.specific
    return {role: pages[role] for role in ROLES if role in pages}


def _stable_owner(owner: models.Model, roles: dict[int, str]) -> str | None:  # noqa: PLR0911 one return per owner type
    """The part of a stable id that names the object: a role, a natural key."""
    if isinstance(owner, Page):
        return roles.get(owner.pk)
    if isinstance(owner, CallToAction):
        return f"cta:{owner.name}"
    if isinstance(owner, Reference):
        return f"reference:{owner.doi}" if owner.doi else None
    if isinstance(owner, Contributor):
        return f"contributor:{owner.name}"
    if isinstance(owner, Topic):
        return f"topic:{owner.slug}"
    if isinstance(owner, EnquiryFormField):
        role = roles.get(owner.page_id)
        return f"{role}:field:{owner.clean_name}" if role and owner.clean_name else None
    return None


def stable_id(segment: Segment, roles: dict[int, str]) -> str | None:
    """``article:body:<block id>`` for ``page:6:body:<block id>``; None for a text of an
    object the seed does not know by a natural key."""
    owner = _stable_owner(segment.owner, roles)
    if owner is None:
        return None
    # Runtime ids are "<prefix>:<pk>:<rest>": the rest (field, block and item ids) is kept.
    rest = segment.id.split(":", 2)[2]
    return f"{owner}:{rest}"


@dataclass
class SeedSegments:
    """The seed's segments in one language, under their stable ids."""

    language: str
    by_stable: dict[str, Segment] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)  # runtime ids with no stable id

    def runtime_id(self, stable: str) -> str | None:
        segment = self.by_stable.get(stable)
        return segment.id if segment is not None else None


def seed_segments(language: str, data: dict[str, Any] | None = None) -> SeedSegments:
    """Every text of the seed's pages and of the snippets and form fields they show."""
    data = load_seed_data() if data is None else data
    pages = seed_pages(data)
    roles = {page.pk: role for role, page in pages.items()}
    result = SeedSegments(language)
    for page in pages.values():
        for segment in translatable_segments(page, language):
            stable = stable_id(segment, roles)
            if stable is None:
                result.unnamed.append(segment.id)
            else:
                result.by_stable.setdefault(stable, segment)
    return result


def load_seed_data(path: Path = SEED_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return data


def _catalog(segments: Iterable[tuple[str, Segment]], language: str | None) -> Catalog:
    """A PO catalogue with stable ids; a template (no language, empty translations) when
    ``language`` is None. Dates are left out of the headers, so that exporting an
    unchanged seed rewrites the same file."""
    what = f"{english_name(language)} translation" if language else "Translation template"
    catalog = Catalog(
        locale=babel_locale(language) if language else None,
        header_comment=(
            f"# {what} of {TITLE} ({settings.WAGTAIL_SITE_NAME}).\n"
            "# msgctxt names each text without database keys: a page by its role in the seed\n"
            "# (home, index, form, article), a snippet by its name, DOI or slug, a form field by\n"
            "# its clean name. Keep <a1>…</a1>-style placeholders as they are.\n"
            "# Translate as for patients, with a medical translator's care: drug, gene and protein\n"
            "# names (PD-1, PD-L1, CTLA-4, CAR-T) stay as written; reference titles are not\n"
            "# translated. Applied once when the seed is loaded, recorded as needing medical review.\n"
            "# Regenerate the template: manage.py seed_translations export; check: manage.py seed_translations check\n#"
        ),
        project=settings.WAGTAIL_SITE_NAME,
        version="1",
        charset="utf-8",
        language_team=english_name(language) if language else "",
        fuzzy=False,
    )
    for stable, segment in segments:
        catalog.add(
            segment.source,
            segment.translation if language else "",
            auto_comments=[segment.note] if segment.note else [],
            context=stable,
        )
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False, omit_header=False)
    # No creation or revision dates: an unchanged seed gives an unchanged file.
    lines = [
        line
        for line in buffer.getvalue().split(b"\n")
        if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))
    ]
    return b"\n".join(lines)


def export_seed_template(language: str | None = None) -> bytes:
    """Every seed text with its stable id and English source: the template when
    ``language`` is None, otherwise that language's current translations as msgstr."""
    found = seed_segments(language or target_languages()[0])
    return _po_bytes(_catalog(found.by_stable.items(), language))


def _same_source(msgid: object, segment: Segment) -> bool:
    """Is ``msgid`` the segment's English? Also true of a rich text field's English written
    as raw HTML (``<p>…</p>``), as exports made before rich text fields were shown to
    translators with placeholders wrote it: the same text, still to be applied."""
    if msgid == segment.source:
        return True
    if not isinstance(msgid, str):  # a plural entry: never a seed text
        return False
    return segment.markup is not None and "<" in msgid and to_translator_text(msgid).text == segment.source


@dataclass
class SeedApplyReport:
    language: str
    imported: ImportReport | None = None
    # Left out of the import: no such text in this database's seed, its English changed
    # since the file was written, or already translated here (never overwritten).
    unknown: list[str] = field(default_factory=list)
    source_changed: list[str] = field(default_factory=list)
    already_translated: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    # Applied, but the file writes the English as raw HTML: export the file again.
    raw_html_msgid: list[str] = field(default_factory=list)


def _read(data: bytes) -> Catalog:
    return read_po(io.BytesIO(data), abort_invalid=True)


def apply_seed_translations(
    language: str,
    data: bytes,
    user: AnyUser | None,
    *,
    fill_missing_only: bool = True,
    seed: dict[str, Any] | None = None,
) -> SeedApplyReport:
    """Import a seed PO file in ``language`` through ``import_po``, published in that
    language only and recorded as coming from the seed and needing medical review.

    With ``fill_missing_only`` (the seed loader's way) a text that is already translated,
    whose English changed or that this database's seed lacks is left out and reported,
    so that the seed never overwrites an editor's work; otherwise every entry goes to
    ``import_po``, which rejects the whole file on any problem (``ImportRejected``).
    ``seed`` is the seed data the pages were loaded from (the default seed file if None).
    """
    report = SeedApplyReport(language)
    catalog = _read(data)
    found = seed_segments(language, seed)
    for message in catalog:
        if not message.id:
            continue
        stable = message.context or ""
        segment = found.by_stable.get(stable)
        translation = message.string if isinstance(message.string, str) else ""
        if fill_missing_only:
            if segment is None:
                report.unknown.append(stable)
                message.string = ""
                continue
            if not translation.strip():
                report.empty.append(stable)
            elif not _same_source(message.id, segment):
                report.source_changed.append(stable)
                message.string = ""
            elif is_translated(segment):
                report.already_translated.append(stable)
                message.string = ""
        if segment is not None:
            if message.id != segment.source and _same_source(message.id, segment):
                report.raw_html_msgid.append(stable)
                message.id = segment.source
            message.context = segment.id
    messages = [message for message in catalog if message.id and (message.string or not fill_missing_only)]
    if not messages:
        return report
    rewritten = Catalog(locale=babel_locale(language), charset="utf-8", fuzzy=False)
    for message in messages:
        rewritten.add(message.id, message.string, flags=message.flags, context=message.context)
    # Approved at set-up by the local administrator, as the seed's English is; the review
    # records say so, and the review-due report lists them until a reviewer of the
    # language approves them.
    with approving_as(user, at_setup=True):
        report.imported = import_po(
            _po_bytes(rewritten),
            ImportOptions(publish=True, user=user, origin="seed", needs_review=True, allowed_languages={language}),
        )
    return report


@dataclass
class CheckResult:
    language: str
    path: Path
    unknown: list[str] = field(default_factory=list)  # msgctxt the seed does not have
    source_changed: list[str] = field(default_factory=list)  # msgid is no longer the English
    untranslated: list[str] = field(default_factory=list)  # seed texts with no msgstr
    missing_file: bool = False
    # The English written as raw HTML (an older export): applied all the same; a warning.
    raw_html_msgid: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unknown or self.source_changed or self.untranslated or self.missing_file)


def check_seed_translations(language: str, path: Path | None = None) -> CheckResult:
    """Does the language's seed PO file match the seed, and translate every text?"""
    path = po_path(language) if path is None else path
    result = CheckResult(language, path)
    if not path.exists():
        result.missing_file = True
        return result
    catalog = _read(path.read_bytes())
    found = seed_segments(language)
    translated: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        stable = message.context or ""
        segment = found.by_stable.get(stable)
        if segment is None:
            result.unknown.append(stable)
        elif not _same_source(message.id, segment):
            result.source_changed.append(stable)
        elif isinstance(message.string, str) and message.string.strip() and not message.fuzzy:
            translated.add(stable)
            if message.id != segment.source:
                result.raw_html_msgid.append(stable)
    changed = set(result.source_changed)
    result.untranslated = [stable for stable in found.by_stable if stable not in translated and stable not in changed]
    return result


def template_is_current(path: Path | None = None) -> list[str]:
    """Entries where the template differs from the seed (added, removed or changed)."""
    path = template_path() if path is None else path
    expected = {stable: segment.source for stable, segment in seed_segments(target_languages()[0]).by_stable.items()}
    if not path.exists():
        return [f"{path} is missing"]
    actual = {message.context or "": message.id for message in _read(path.read_bytes()) if message.id}
    differences = [f"not in the template: {stable}" for stable in expected if stable not in actual]
    differences += [f"not in the seed: {stable}" for stable in actual if stable not in expected]
    differences += [
        f"English changed: {stable}" for stable in expected if stable in actual and actual[stable] != expected[stable]
    ]
    return differences
