"""Load the project's seed content: the home page, the article index, the enquiry form,
their snippets and the first real article.

Idempotent and conservative: anything that already exists (found by slug, name or
DOI) is kept as it is, so running it again never overwrites an editor's work.

The seed file holds the English (and each language's slugs, which are URLs); the other
languages' texts are PO files, ``locale/content/<language>/immunotherapy.po``
(``seed.translations``). When the article is created, after it went live through its
medical review, each language's file is imported through the product's own import,
published in that language and recorded as needing medical review of the translation.
A language without a file is skipped; an entry without a translation stays missing.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils.html import escape
from django.utils.translation import override
from wagtail.models import Page, Site

from content_pages.foundations.languages import (
    content_languages,
    english_name,
    localized_field_name,
    source_language,
    target_languages,
)
from content_pages.foundations.translated_fields import translator_fields
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageReference,
    CallToAction,
    Contributor,
    EnquiryFormField,
    EnquiryFormPage,
    EnquiryPrivacyNotice,
    GlossaryTerm,
    GlossaryTranslation,
    HomePage,
    Reference,
    ReferenceAuthor,
    Topic,
)
from content_pages.publishing.gate.language_review import approving_as
from content_pages.publishing.medical_review import approved_on, ensure_medical_review, submit_and_approve
from content_pages.publishing.translations.outcome import ImportRejected
from content_pages.seed.translations import (
    LOCALE_DIR,
    SEED_FILE,
    SeedApplyReport,
    apply_seed_translations,
    child_with_slug,
    po_path,
)

DEFAULT_SEED = SEED_FILE
# Block ids derive from this namespace and the block's position in the seed file, so
# every load produces the same ids and translations line up with their source blocks.
_SEED_NAMESPACE = uuid.UUID("6f1d4a52-3c0e-4f55-9a49-2f8f3b7c1e10")

Translations = dict[str, str]


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    # Per language: what the seed's PO file did (imported, left out and why).
    translations: dict[str, SeedApplyReport] = field(default_factory=dict)
    # Per language: why its PO file was not imported (ImportRejected's problems).
    translation_problems: dict[str, list[str]] = field(default_factory=dict)

    def note(self, created: bool, label: str) -> None:
        (self.created if created else self.kept).append(label)


def _block_id(*parts: object) -> str:
    return str(uuid.uuid5(_SEED_NAMESPACE, ":".join(str(part) for part in parts)))


def _set_translations(obj: Any, name: str, values: Translations | None, wrap: Callable[[str], str] = str) -> None:
    for language, text in (values or {}).items():
        setattr(obj, localized_field_name(name, language), wrap(text))


def _paragraph_html(text: str) -> str:
    return f"<p>{escape(text)}</p>" if text else ""


def _get_or_create(
    model: type[models.Model], lookup: dict[str, Any], build: Callable[[], Any], label: str, report: SeedReport
) -> Any:
    existing = model._default_manager.filter(**lookup).first()
    if existing is not None:
        report.note(False, label)
        return existing
    obj = build()
    report.note(True, label)
    return obj


def _build_glossary_term(item: dict[str, Any]) -> GlossaryTerm:
    term = GlossaryTerm(term=item["term"], keep_as_is=item.get("keep_as_is", False), note=item.get("note", ""))
    term.translations = [
        GlossaryTranslation(language=language, translation=text)
        for language, text in item.get("translations", {}).items()
    ]
    term.save()
    return term


def _build_topic(item: dict[str, Any]) -> Topic:
    topic = Topic(slug=item["slug"])
    _set_translations(topic, "name", item["name"])
    topic.save()
    topic.save_revision().publish()
    return topic


def _build_contributor(item: dict[str, Any]) -> Contributor:
    contributor = Contributor(name=item["name"], kind=item.get("kind", "person"))
    _set_translations(contributor, "role", item.get("role"))
    contributor.save()
    contributor.save_revision().publish()
    return contributor


def _build_reference(item: dict[str, Any]) -> Reference:
    reference = Reference(
        title=item["title"],
        journal=item.get("journal", ""),
        year=item["year"],
        volume=item.get("volume", ""),
        issue=item.get("issue", ""),
        pages=item.get("pages", ""),
        doi=item.get("doi"),
        url=item.get("url", ""),
    )
    # modelcluster takes a list for an inline child relation before the parent is saved.
    reference.authors = [  # type: ignore[misc]
        ReferenceAuthor(family=family, given=given) for family, given in item["authors"]
    ]
    reference.full_clean()
    reference.save()
    reference.save_revision().publish()
    return reference


def _new_page(model: type[Page], item: dict[str, Any], rich_fields: tuple[str, ...] = ()) -> Page:
    page = model()
    _set_translations(page, "title", item["title"])
    _set_translations(page, "slug", item["slug"])
    for name in rich_fields:
        _set_translations(page, name, item.get(name), _paragraph_html)
    return page


def _ensure_home(item: dict[str, Any], report: SeedReport) -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        report.note(False, "home page")
        return site.root_page.specific
    existing: HomePage | None = HomePage.objects.first()
    if existing is None:
        root = Page.get_first_root_node()
        # Wagtail's installer leaves a placeholder "Welcome" page; it is replaced.
        for placeholder in root.get_children().filter(content_type__model="page", numchild=0):
            placeholder.delete()
        existing = root.add_child(instance=_new_page(HomePage, item, ("intro",)))
        existing.save_revision().publish()
        report.note(True, "home page")
    site = site or Site(is_default_site=True, hostname="localhost", port=80)
    if (site.hostname, site.port) == ("localhost", 80):
        # Still the installer's placeholder: use the address this installation is served
        # at, so canonical, hreflang and sitemap URLs point somewhere real.
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = base.hostname or "localhost"
        site.port = base.port or (443 if base.scheme == "https" else 80)
    site.root_page = existing
    site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
    site.save()
    return existing


def _ensure_form(home: HomePage, item: dict[str, Any], report: SeedReport) -> EnquiryFormPage:
    existing: EnquiryFormPage | None = child_with_slug(home, EnquiryFormPage, item["slug"][source_language()])
    if existing is not None:
        report.note(False, "enquiry form page")
        return existing
    page: EnquiryFormPage = _new_page(EnquiryFormPage, item, ("intro", "thank_you_text"))
    page.to_address = settings.CMS_ENQUIRY_NOTIFY_EMAIL
    page.subject = "New enquiry"
    fields = []
    for position, spec in enumerate(item["fields"]):
        form_field = EnquiryFormField(
            field_type=spec["field_type"],
            required=spec["required"],
            autocomplete=spec.get("autocomplete", ""),
            sort_order=position,
        )
        for name in translator_fields(EnquiryFormField):  # label, help text, choices
            _set_translations(form_field, name, spec.get(name))
        fields.append(form_field)
    page.form_fields = fields
    home.add_child(instance=page)
    page.save_revision().publish()
    report.note(True, "enquiry form page")
    return page


def _ensure_privacy_notice(home: HomePage, item: dict[str, Any] | None, report: SeedReport) -> None:
    """The enquiry form's privacy notice of the home page's site, unless it has one."""
    site = home.get_site()
    if item is None or site is None:
        return
    if EnquiryPrivacyNotice.objects.filter(site=site).exists():
        report.note(False, "enquiry privacy notice")
        return
    notice = EnquiryPrivacyNotice(site=site)
    for name in ("text", "link_label", "link_url"):
        _set_translations(notice, name, item.get(name))
    notice.save()
    report.note(True, "enquiry privacy notice")


def _ensure_index(home: HomePage, item: dict[str, Any], report: SeedReport) -> ArticleIndexPage:
    existing: ArticleIndexPage | None = child_with_slug(home, ArticleIndexPage, item["slug"][source_language()])
    if existing is not None:
        report.note(False, "article index")
        return existing
    page: ArticleIndexPage = home.add_child(instance=_new_page(ArticleIndexPage, item, ("intro",)))
    page.save_revision().publish()
    report.note(True, "article index")
    return page


def _build_cta(item: dict[str, Any], targets: dict[str, Page]) -> CallToAction:
    cta = CallToAction(name=item["name"], kind=item["kind"], phone_number=item.get("phone_number", ""))
    for name in translator_fields(CallToAction):  # heading, body, button label, WhatsApp message
        _set_translations(cta, name, item.get(name))
    target = targets.get(item.get("target", ""))
    if item["kind"] == CallToAction.Kind.ENQUIRY_FORM:
        cta.form_page = target
    elif item["kind"] == CallToAction.Kind.LINK:
        cta.link_page = target
    cta.full_clean()
    cta.save()
    cta.save_revision().publish()
    return cta


def _block_value(spec: dict[str, Any], language: str, position: str, ctas: dict[str, CallToAction], form: Page) -> Any:
    kind = spec["type"]
    text = spec.get("text", {}).get(language, "")
    if kind == "heading":
        return {"level": spec["level"], "text": text, "anchor": ""}
    if kind == "paragraph":
        return _paragraph_html(text)
    if kind == "bullet_list":
        return {
            "items": [
                {"type": "item", "id": _block_id(position, number), "value": entry.get(language, "")}
                for number, entry in enumerate(spec["items"])
            ]
        }
    if kind == "callout":
        return {
            "style": spec.get("style", "quote"),
            "text": text,
            "attribution": "",
            "safety": bool(spec.get("safety", False)),
        }
    if kind == "cta":
        return {"cta": ctas[spec["cta"]].pk, "heading_override": "", "body_override": "", "button_label_override": ""}
    if kind == "enquiry_form":
        return {"form_page": form.pk, "heading_override": spec.get("heading", {}).get(language, "")}
    raise ValueError(f"Seed block type {kind!r} at {position} is not one the article body accepts.")


def _stream(
    specs: list[dict[str, Any]], name: str, language: str, ctas: dict[str, CallToAction], form: Page
) -> list[dict[str, Any]]:
    return [
        {
            "type": spec["type"],
            "id": _block_id(name, number),
            "value": _block_value(spec, language, f"{name}:{number}", ctas, form),
        }
        for number, spec in enumerate(specs)
    ]


def _ensure_article(
    index: ArticleIndexPage,
    item: dict[str, Any],
    *,
    topics: dict[str, Topic],
    contributors: dict[str, Contributor],
    references: dict[str, Reference],
    ctas: dict[str, CallToAction],
    form: EnquiryFormPage,
    approver: Any,
    report: SeedReport,
) -> ArticlePage | None:
    """The seed article, created and approved; None when it already exists (kept)."""
    existing = child_with_slug(index, ArticlePage, item["slug"][source_language()])
    if existing is not None:
        report.note(False, "seed article")
        return None
    page = _new_page(ArticlePage, item)  # Any: modelcluster sets its child relations from lists
    _set_translations(page, "standfirst", item.get("standfirst"))
    for language in content_languages():
        setattr(page, localized_field_name("body", language), _stream(item["body"], "body", language, ctas, form))
        setattr(page, localized_field_name("aside", language), _stream(item["aside"], "aside", language, ctas, form))
    page.author = contributors[item["author"]]
    page.medical_reviewer = contributors[item["reviewer"]]
    reviewed = datetime.date.fromisoformat(item["last_reviewed"])
    page.next_review_due = datetime.date.fromisoformat(item["next_review_due"])
    page.topics = [topics[slug] for slug in item["topics"]]
    page.references = [
        ArticlePageReference(reference=references[doi], sort_order=n) for n, doi in enumerate(item["references"])
    ]
    index.add_child(instance=page)
    # Reviewed before it was loaded: it goes live through the Medical review workflow,
    # approved by the local admin on the review date the seed records.
    page.save_revision(user=approver)
    with approved_on(reviewed):
        submit_and_approve(page, approver)
    report.note(True, "seed article")
    article: ArticlePage = page
    return article


def _apply_translations(data: dict[str, Any], directory: Path, approver: Any, report: SeedReport) -> None:
    """Import each target language's seed PO file, if there is one: published in that
    language only, recorded as needing medical review of the translation."""
    for language in target_languages():
        path = po_path(language, directory)
        if not path.exists():
            continue
        try:
            applied = apply_seed_translations(language, path.read_bytes(), approver, seed=data)
        except ImportRejected as rejected:
            report.translation_problems[language] = [str(problem) for problem in rejected.report.problems]
            continue
        report.translations[language] = applied
        if applied.imported is not None:
            count = len(applied.imported.imported)
            report.note(True, f"{english_name(language)} translation: {count} texts, to be medically reviewed")


def _local_admin() -> Any:
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


@transaction.atomic
def load_seed_content(path: Path = DEFAULT_SEED, approver: Any = None, translations: Path = LOCALE_DIR) -> SeedReport:
    """Load the seed; the article's medical review is approved by ``approver``, by default
    the first superuser (``make setup`` creates the local admin first). When the article
    is created, the seed's translations (PO files under ``translations``) are applied."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    approver = approver if approver is not None else _local_admin()
    report = SeedReport()
    # Every language of the seed (the pages' translated slugs and titles, the PO files'
    # texts) is approved at set-up by the local administrator, as its English is; the
    # review records say so until a reviewer of each language approves it.
    with override(source_language()), approving_as(approver, at_setup=True):
        topics = {
            t["slug"]: _get_or_create(
                Topic, {"slug": t["slug"]}, partial(_build_topic, t), f"topic {t['slug']}", report
            )
            for t in data["topics"]
        }
        contributors = {
            c["name"]: _get_or_create(
                Contributor, {"name": c["name"]}, partial(_build_contributor, c), f"contributor {c['name']}", report
            )
            for c in data["contributors"]
        }
        references = {
            r["doi"]: _get_or_create(
                Reference, {"doi": r["doi"]}, partial(_build_reference, r), f"reference {r['doi']}", report
            )
            for r in data["references"]
        }
        for item in data.get("glossary", []):
            # The translators' first glossary: names that stay as written, and the
            # article's key terms as the seed's translations render them.
            _get_or_create(
                GlossaryTerm,
                {"term": item["term"]},
                partial(_build_glossary_term, item),
                f"glossary {item['term']}",
                report,
            )
        home = _ensure_home(data["home"], report)
        form = _ensure_form(home, data["form"], report)
        _ensure_privacy_notice(home, data.get("privacy_notice"), report)
        index = _ensure_index(home, data["index"], report)
        ensure_medical_review([index])
        targets: dict[str, Page] = {"form": form, "index": index}
        ctas = {
            c["name"]: _get_or_create(
                CallToAction,
                {"name": c["name"]},
                partial(_build_cta, c, targets),
                f"call to action {c['name']}",
                report,
            )
            for c in data["ctas"]
        }
        article = _ensure_article(
            index,
            data["article"],
            topics=topics,
            contributors=contributors,
            references=references,
            ctas=ctas,
            form=form,
            approver=approver,
            report=report,
        )
        if article is not None:
            # Once, when the seed is created: a kept seed keeps its translations too.
            _apply_translations(data, translations, approver, report)
    return report
