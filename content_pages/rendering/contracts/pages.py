"""Page list and detail shapes, one detail shape per page type."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, TypeAdapter

from content_pages.rendering.contracts.blocks import AsideBlock, BodyBlock
from content_pages.rendering.contracts.common import Alternate, Fallback, ImageRenditions, Language, ListMeta, Strict


class TranslationStatus(Strict):
    language: str
    total: int = Field(description="Translatable texts of the page and the snippets it shows.")
    translated: int
    missing: int
    stale: int = Field(description="Translated, but the source changed since.")
    stale_paths: list[str] = Field(
        description="Where the page's stale texts are, named like fallback paths. Depending on the site's policy "
        "they are served marked as possibly out of date, or from the source language (then also in fallbacks)."
    )
    percent: float
    awaiting_review: list[str] = Field(
        description="Where a new translation into this language waits for a reviewer of the language, named like "
        "fallback paths. Readers get the last approved text there, or the source language (then also in fallbacks)."
    )


class PageMeta(Strict):
    type: str
    detail_url: str
    html_url: str
    slug: str
    first_published_at: str | None
    last_published_at: str | None
    parent_id: int | None
    seo_title: str
    search_description: str
    language: str = Field(description="The language this response is in.")
    available_languages: list[Language]
    alternates: list[Alternate] = Field(description="This page in every language.")
    fallbacks: list[Fallback] = Field(description="Every part served from a fallback language; empty when none.")
    translation: TranslationStatus = Field(description="How much of the page is translated into this language.")
    preview: bool = Field(
        default=False, description="True when this is an unpublished draft seen with a preview token."
    )


class Topic(Strict):
    id: int
    slug: str
    name: str


class Author(Strict):
    family: str
    given: str


class Reference(Strict):
    id: int
    authors: list[Author]
    year: int
    title: str
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str
    doi_url: str = Field(description="`https://doi.org/<doi>`, or empty without a DOI.")
    url: str
    apa: str = Field(description="APA 7 citation, plain text.")
    apa_html: str = Field(description="APA 7 citation, HTML with italics and a DOI link.")
    lay_summary: str


class Contributor(Strict):
    name: str
    kind: Literal["person", "organization"]
    role: str
    url: str


class Review(Strict):
    author: Contributor | None
    medical_reviewer: Contributor | None
    last_reviewed: str | None
    next_review_due: str | None
    last_reviewed_display: str = Field(description="Formatted for the requested language.")
    next_review_due_display: str
    overdue: bool = Field(
        description="Whether the next review is past due, as of the moment the response is served: "
        "a due date passing flips it without a new publish."
    )


class HeroImage(Strict):
    image_id: int
    url: str = Field(description="Absolute URL of the 1200x630 crop that social networks show (`og:image`).")
    width: int
    height: int
    renditions: ImageRenditions = Field(description="The whole image at every width, for the page itself.")


class ReadabilityScored(Strict):
    """The body's readability in a language that has a formula (today English)."""

    supported: Literal[True]
    formula: Literal["flesch_reading_ease"] = Field(description="The formula `score` comes from.")
    score: float | None = Field(
        description="Flesch reading ease, one decimal: higher is easier (60-70 is plain English). "
        "Null when the body has no text of its own in this language."
    )
    grade_formula: Literal["flesch_kincaid_grade"] = Field(description="The formula `grade` comes from.")
    grade: float | None = Field(description="Flesch–Kincaid (US school) grade, one decimal; null as `score`.")
    words: int = Field(description="Words scored: the body's own text in this language, fallbacks left out.")


class ReadabilityUnsupported(Strict):
    """No readability formula exists for this language (Malay, Chinese): no figure at all."""

    supported: Literal[False]


class ArticleMeta(PageMeta):
    type: Literal["content_pages.ArticlePage"]
    readability: ReadabilityScored | ReadabilityUnsupported = Field(
        description="Readability of the body's paragraphs, headings, lists and callouts as served in this "
        "language; text served from a fallback language is never scored. Articles only."
    )


class ArticlePageDetail(Strict):
    id: int
    channel: Literal["web"] = Field(description="What this payload is: the page for a website (`getPageChannel`).")
    mode: Literal["full"]
    meta: ArticleMeta
    title: str
    standfirst: str
    topics: list[Topic]
    hero_image: HeroImage | None
    body: list[BodyBlock]
    references: list[Reference]
    aside: list[AsideBlock]
    review: Review
    json_ld: dict[str, Any] = Field(description="schema.org MedicalWebPage, ready for a <script> element.")


class IntroMeta(PageMeta):
    type: Literal["content_pages.HomePage", "content_pages.ArticleIndexPage"]


class IntroPageDetail(Strict):
    id: int
    channel: Literal["web"] = Field(description="What this payload is: the page for a website (`getPageChannel`).")
    mode: Literal["full"]
    meta: IntroMeta
    title: str
    intro: str = Field(description="HTML.")


class FormChoice(Strict):
    value: str = Field(description="What a submission stores (source language).")
    label: str = Field(description="What the reader sees.")


class FormField(Strict):
    name: str
    type: str
    required: bool
    label: str
    help_text: str
    choices: list[FormChoice]
    autocomplete: str = Field(
        description="The HTML `autocomplete` token for the input (`name`, `email`, `tel`, `off`), or empty for none."
    )


class PrivacyNotice(Strict):
    text: str = Field(description="Plain text, to show with the form and before anything is sent.")
    language: str = Field(description="The language `text` is in: the requested one, or a fallback.")
    link_label: str = Field(description="The words of the link to the full notice; empty when there is no link.")
    link_url: str = Field(description="The full notice; empty when there is no link.")


class FormMeta(PageMeta):
    type: Literal["content_pages.EnquiryFormPage"]


class EnquiryFormPageDetail(Strict):
    id: int
    channel: Literal["web"] = Field(description="What this payload is: the page for a website (`getPageChannel`).")
    mode: Literal["full"]
    meta: FormMeta
    title: str
    intro: str
    thank_you_text: str
    fields: list[FormField]
    privacy_notice: PrivacyNotice | None = Field(
        description="The site's enquiry privacy notice in the requested language; null when the site has none."
    )


PageDetail = ArticlePageDetail | IntroPageDetail | EnquiryFormPageDetail


class WebRendering(RootModel[PageDetail]):
    """The ``web`` channel: the page detail itself, which names its ``channel`` and ``mode`` like
    every other rendering, so one discriminator on ``channel`` tells the renderings apart."""


class PageListItemMeta(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    detail_url: str
    html_url: str
    slug: str
    first_published_at: str | None
    fallbacks: list[Fallback]


class PageListItem(BaseModel):
    """`id`, `meta` and `title`, plus whatever `fields=` asks for."""

    model_config = ConfigDict(extra="allow")

    id: int
    meta: PageListItemMeta
    title: str | None = None


class PageListMeta(ListMeta):
    next_cursor: str | None = Field(
        description="Pass as `cursor` (with the same `order` and filters) for the next page; null on the last page. "
        "Opaque: use it unchanged.",
    )


class PageList(Strict):
    meta: PageListMeta
    items: list[PageListItem]


PAGE_DETAIL_ADAPTER: TypeAdapter[PageDetail] = TypeAdapter(PageDetail)


def validate_page_detail(payload: dict[str, Any]) -> None:
    """Raise if a rendered payload does not match what the OpenAPI document promises."""
    PAGE_DETAIL_ADAPTER.validate_python(payload)
