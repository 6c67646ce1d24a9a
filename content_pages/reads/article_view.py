"""Everything the web channel shows of an article, resolved for one language."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language, gettext

from content_pages.foundations.dates import bcp47, human_date
from content_pages.foundations.languages import is_content_language, source_language
from content_pages.foundations.localized import Localized, localized
from content_pages.foundations.sections import REFERENCES, REFERENCES_ANCHOR, section_id, starts_section
from content_pages.foundations.urls import page_full_url
from content_pages.models import ArticlePage, Contributor, EnquiryFormPage, Reference, Topic
from content_pages.reads import rich_text
from content_pages.reads.cta import cta_view
from content_pages.reads.privacy_notices import privacy_notice
from content_pages.reads.stale import StaleTexts, block_paths, stale_texts
from content_pages.reads.streams import LocalizedBlock, LocalizedStream, localize_stream
from content_pages.reads.visibility import reaches_readers


@dataclass(frozen=True)
class ReferenceView:
    reference: Reference
    number: int
    citation_html: str
    citation_text: str
    doi_url: str
    lay_summary: Localized[str]


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    name: Localized[str]

    @property
    def language(self) -> str:
        return self.name.language

    def __str__(self) -> str:
        return str(self.name)


@dataclass(frozen=True)
class ContributorView:
    name: str
    role: Localized[str]
    kind: str
    url: str


@dataclass(frozen=True)
class ContentsEntry:
    """One line of "On this page": a section of the body, by the id conversation mode
    gives it, linked to its heading's anchor on the page."""

    section: str
    anchor: str
    text: str
    language: str


@dataclass
class ArticleView:
    language: str
    title: Localized[str]
    standfirst: Localized[str]
    body: LocalizedStream
    aside: LocalizedStream
    references: list[ReferenceView]
    topics: list[TopicView]
    author: ContributorView | None
    reviewer: ContributorView | None
    last_reviewed: str
    next_review_due: str
    json_ld: dict[str, Any] = field(default_factory=dict)
    # Every snippet and page the view consulted, shown or skipped (not live): publishing
    # any of them changes what this view shows.
    consulted: list[Any] = field(default_factory=list)
    # Texts served from a translation whose source has changed since (policy "mark").
    stale: frozenset[str] = frozenset()

    @property
    def has_stale(self) -> bool:
        return bool(self.stale)

    @property
    def has_fallbacks(self) -> bool:
        return (
            self.title.is_fallback
            or (bool(self.standfirst.value) and self.standfirst.is_fallback)
            or bool(self.body.fallback_paths or self.aside.fallback_paths)
            or any(item.extra["cta"].is_fallback for item in self._cta_items())
            or any(bool(ref.lay_summary.value) and ref.lay_summary.is_fallback for ref in self.references)
        )

    @property
    def references_anchor(self) -> str:
        return REFERENCES_ANCHOR

    @property
    def contents(self) -> list[ContentsEntry]:
        """The body's sections (each h2 heading with a text and an anchor), then the
        references, in order."""
        entries = [
            ContentsEntry(section_id(item.id), item.value["anchor"], item.value["text"], item.language)
            for item in self.body.blocks
            if item.block_type == "heading"
            and starts_section(item.value["level"])
            and item.value.get("text")
            and item.value.get("anchor")
        ]
        if self.references:
            entries.append(ContentsEntry(REFERENCES, REFERENCES_ANCHOR, gettext("References"), self.language))
        return entries

    def _cta_items(self) -> list[LocalizedBlock]:
        return [item for item in [*self.body.blocks, *self.aside.blocks] if "cta" in item.extra]


def active_content_language() -> str:
    """The language Django's locale middleware activated, if the site publishes in it."""
    language = get_language() or source_language()
    return language if is_content_language(language) else source_language()


def _contributor(contributor: Contributor | None, language: str) -> ContributorView | None:
    if contributor is None or not reaches_readers(contributor):
        return None
    return ContributorView(
        name=contributor.name, role=localized(contributor, "role", language), kind=contributor.kind, url=contributor.url
    )


def _localized_text(item: LocalizedBlock, name: str, language: str) -> Localized[str]:
    served = source_language() if item.field_is_fallback(name) else language
    return Localized(value=item.value.get(name) or "", language=served, requested=language)


_CHOSEN = {"cta": "cta", "enquiry_form": "form_page"}


def _drop_unpublished_choices(stream: LocalizedStream, consulted: list[Any]) -> None:
    """Blocks whose chosen CTA or form page is missing or not live are not shown at all."""
    kept = []
    for item in stream.blocks:
        name = _CHOSEN.get(item.block_type)
        if name is not None:
            chosen = item.value.get(name)
            if chosen is not None:
                consulted.append(chosen)
            if not reaches_readers(chosen):
                continue
        kept.append(item)
    stream.blocks = kept


def _attach_block_extras(stream: LocalizedStream, language: str, request: HttpRequest | None) -> None:
    for item in stream.blocks:
        if item.block_type == "cta" and item.value.get("cta") is not None:
            item.extra["cta"] = cta_view(
                item.value["cta"],
                language,
                heading=_localized_text(item, "heading_override", language),
                body=_localized_text(item, "body_override", language),
                button_label=_localized_text(item, "button_label_override", language),
            )
        elif item.block_type == "enquiry_form" and item.value.get("form_page") is not None:
            form_page = item.value["form_page"].specific
            item.extra["form_page"] = form_page
            item.extra["heading"] = item.value.get("heading_override") or localized(form_page, "title", language)
            item.extra["intro"] = localized(form_page, "intro", language)
            item.extra["form"] = enquiry_form(form_page, request)
            item.extra["privacy_notice"] = privacy_notice(form_page, language)


ENQUIRY_FORM_PAGE_FIELD = "enquiry_form_page"


def posted_form_page_id(request: HttpRequest | None) -> str | None:
    """The form page an embedded enquiry form posted in place names in its hidden field."""
    if request is None or request.method != "POST":
        return None
    value = request.POST.get(ENQUIRY_FORM_PAGE_FIELD)
    return value if isinstance(value, str) else None


def enquiry_form(form_page: EnquiryFormPage, request: HttpRequest | None) -> Any:
    """The form embedded in an article: bound to the POST when it posted in place, so its
    errors show under its own fields on the article."""
    user = getattr(request, "user", None)
    if request is not None and posted_form_page_id(request) == str(form_page.pk):
        return form_page.get_form(request.POST, request.FILES, page=form_page, user=user)
    return form_page.get_form(page=form_page, user=user)


def _unless_replaced(page: ArticlePage, name: str, language: str, stale: StaleTexts) -> Localized[Any]:
    """The field in ``language``, or in the source language when policy replaces its stale
    translation (then reported as a fallback)."""
    if name not in stale.replaced:
        return localized(page, name, language)
    source = localized(page, name, source_language())
    return Localized(source.value, source.language, language)


# Set while one version of a page is rendered for every channel (``shared_views``): each
# channel asks for the same language's view, and it is built, with its queries, once.
_shared: contextvars.ContextVar[dict[tuple[int, str], ArticleView] | None] = contextvars.ContextVar(
    "shared_article_views", default=None
)
_shared_chosen: contextvars.ContextVar[dict[int, tuple[ArticlePage, tuple[list[Any], list[Any]]]] | None] = (
    contextvars.ContextVar("shared_article_choices", default=None)
)


@contextmanager
def shared_views() -> Iterator[None]:
    """Within this block, ``article_view`` of the same page object and language is built
    once; views are read-only to their consumers, and the object pins the version."""
    token = _shared.set({})
    chosen_token = _shared_chosen.set({})
    try:
        with rich_text.remembered():
            yield
    finally:
        _shared_chosen.reset(chosen_token)
        _shared.reset(token)


def article_view(page: ArticlePage, request: HttpRequest | None = None, language: str | None = None) -> ArticleView:
    language = language or active_content_language()
    shared = _shared.get()
    if shared is None or not _anonymous_read(request):
        return _build_view(page, request, language)
    key = (id(page), language)
    if key not in shared:
        shared[key] = _build_view(page, None, language)
    return shared[key]


def _anonymous_read(request: HttpRequest | None) -> bool:
    """No request, or a GET by nobody signed in (the web page rendered at publish): the
    view is the same as the channels' one, so it is shared with them."""
    if request is None:
        return True
    user = getattr(request, "user", None)
    return request.method == "GET" and user is not None and not user.is_authenticated


def _chosen(page: ArticlePage) -> tuple[list[Any], list[Any]]:
    """The page's references (with their authors) and topics: the same in every language,
    so read once per shared rendering of the page."""
    shared = _shared_chosen.get()
    entry = shared.get(id(page)) if shared is not None else None
    if entry is not None and entry[0] is page:  # the very object, not a successor at its address
        return entry[1]
    links = page.references.select_related("reference").prefetch_related("reference__authors").all()
    chosen = ([link.reference for link in links], list(page.topics.all()))
    if shared is not None:
        shared[id(page)] = (page, chosen)
    return chosen


def _build_view(page: ArticlePage, request: HttpRequest | None, language: str) -> ArticleView:
    consulted: list[Any] = []
    stale = stale_texts(page, language)
    body = localize_stream(page, "body", language, stale.replaced)
    aside = localize_stream(page, "aside", language, stale.replaced)
    for stream in (body, aside):
        for item in stream.blocks:
            item.stale_paths = block_paths(stale.shown, item.field_name, item.id)
        _drop_unpublished_choices(stream, consulted)
        _attach_block_extras(stream, language, request)
    chosen_references, chosen_topics = _chosen(page)
    consulted += [*chosen_references, *chosen_topics, page.author, page.medical_reviewer]
    live_references = [reference for reference in chosen_references if reaches_readers(reference)]
    references = [
        ReferenceView(
            reference=reference,
            number=number,
            citation_html=reference.citation_apa_html,
            citation_text=reference.citation_apa_text,
            doi_url=reference.doi_url,
            lay_summary=localized(reference, "lay_summary", language),
        )
        for number, reference in enumerate(live_references, start=1)
    ]
    view = ArticleView(
        language=language,
        title=_unless_replaced(page, "title", language, stale),
        standfirst=_unless_replaced(page, "standfirst", language, stale),
        body=body,
        aside=aside,
        references=references,
        topics=[
            TopicView(topic=topic, name=localized(topic, "name", language))
            for topic in chosen_topics
            if reaches_readers(topic)
        ],
        author=_contributor(page.author, language),
        reviewer=_contributor(page.medical_reviewer, language),
        last_reviewed=human_date(page.last_reviewed, language),
        next_review_due=human_date(page.next_review_due, language),
        consulted=[obj for obj in consulted if obj is not None],
        stale=stale.shown,
    )
    view.json_ld = medical_web_page_json_ld(page, view)
    return view


def _schema_contributor(contributor: ContributorView | None) -> dict[str, Any] | None:
    if contributor is None:
        return None
    data: dict[str, Any] = {
        "@type": "Organization" if contributor.kind == Contributor.Kind.ORGANIZATION else "Person",
        "name": contributor.name,
    }
    if contributor.url:
        data["url"] = contributor.url
    return data


def medical_web_page_json_ld(page: ArticlePage, view: ArticleView) -> dict[str, Any]:
    """schema.org ``MedicalWebPage``: how search engines learn who reviewed what, and when."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": str(view.title),
        "headline": str(view.title),
        "description": str(view.standfirst),
        "inLanguage": bcp47(view.language),
        "url": page_full_url(page, view.language),
        "citation": [
            {"@type": "CreativeWork", "name": ref.citation_text, **({"sameAs": ref.doi_url} if ref.doi_url else {})}
            for ref in view.references
        ],
    }
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date().isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.date().isoformat()
    if view.reviewer:
        data["reviewedBy"] = _schema_contributor(view.reviewer)
    if view.author:
        data["author"] = _schema_contributor(view.author)
    if view.topics:
        data["about"] = [{"@type": "Thing", "name": str(topic)} for topic in view.topics]
    return data
