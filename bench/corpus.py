"""Generated articles for `make bench`, built with the project's own models and services.

Every article looks like the seed: English source blocks (headings, paragraphs with bold
text and a link, lists, a note callout, calls to action), Malay and Simplified Chinese
translations with the same block ids, an author, a medical reviewer, review dates and
references, so it passes the publish rules (`publishing/gate/rules.py`). Some are
partly or wholly untranslated, so fallbacks are exercised too.

- `create_draft` then `approve`: one article saved as a first draft (as an editor's
  "Save draft" does, every channel's limits checked), then published the way the seed
  is, through the Medical review workflow (the publish gate, its rules and every
  rendition included); the bench times the two apart.
- `bulk_articles`: the large corpus. Built without the gate's rules and the workflow (they
  are measured on the articles above), but made live with a real revision, the same
  renditions (`publishing.renditions.refresh_page`, what the publish task runs) and the
  same translation records (`record_page`) a publish writes. `make bench` builds most of
  its corpus faster, from a few articles built this way (`bench/derived.py`).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override

from content_pages.foundations.languages import content_languages, localized_field_name, source_language
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageReference,
    CallToAction,
    Contributor,
    EnquiryFormPage,
    Reference,
    Topic,
)
from content_pages.publishing.article_structure import prepare_article_for_save
from content_pages.publishing.medical_review import approved_on, submit_and_approve
from content_pages.publishing.renditions import refresh_page
from content_pages.publishing.translation_counts import count_pages
from content_pages.publishing.translations.records import record_page

_NAMESPACE = uuid.UUID("0b3c1c55-8d7e-4b36-9c5e-be0c00000000")

# How each language words the generated texts (the numbers keep every text distinct).
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Bench article {n}: what patients ask about treatment",
        "slug": "bench-article-{n}",
        "standfirst": "A generated article, number {n}, shaped like the seed: sections, lists, notes, calls to action.",
        "heading": "Section {i}: what the evidence says",
        "paragraph": (
            "Paragraph {i} of article {n}. Immunotherapy helps the <b>immune system</b> recognise cancer cells, "
            'and <a href="https://example.org/evidence/{i}">the evidence</a> differs from one patient to another. '
            "Ask your doctor which tests apply to you."
        ),
        "paragraph_short": "Paragraph {i} of article {n}: what the <b>immune system</b> does.",
        "item": "Point {j} of list {i}: a question to ask at the next appointment",
        "note": "Note {i}: talk to your care team before changing any treatment.",
    },
    "ms": {
        "title": "Artikel penanda aras {n}: soalan pesakit tentang rawatan",
        "slug": "artikel-penanda-aras-{n}",
        "standfirst": "Artikel yang dijana, nombor {n}, berbentuk seperti artikel contoh.",
        "heading": "Bahagian {i}: apa kata bukti",
        "paragraph": (
            "Perenggan {i} artikel {n}. Imunoterapi membantu <b>sistem imun</b> mengenal pasti sel kanser, "
            'dan <a href="https://example.org/evidence/{i}">bukti</a> berbeza bagi setiap pesakit. '
            "Tanya doktor anda ujian mana yang sesuai."
        ),
        "paragraph_short": "Perenggan {i} artikel {n}: apa yang <b>sistem imun</b> lakukan.",
        "item": "Perkara {j} senarai {i}: soalan untuk temujanji seterusnya",
        "note": "Nota {i}: berbincang dengan pasukan penjagaan anda sebelum mengubah rawatan.",
    },
    "zh-hans": {
        "title": "基准文章 {n}：患者关于治疗的问题",
        "slug": "bench-article-{n}",
        "standfirst": "第 {n} 篇生成的文章，结构与示例文章相同。",
        "heading": "第 {i} 节：证据怎么说",
        "paragraph": (
            "第 {n} 篇文章的第 {i} 段。免疫疗法帮助<b>免疫系统</b>识别癌细胞，"
            '<a href="https://example.org/evidence/{i}">证据</a>因人而异。请询问您的医生哪些检测适合您。'
        ),
        "paragraph_short": "第 {n} 篇文章的第 {i} 段：<b>免疫系统</b>的作用。",
        "item": "第 {i} 个列表的第 {j} 点：下次就诊时要问的问题",
        "note": "注意 {i}：改变任何治疗前请先咨询您的医疗团队。",
    },
}
# The body repeats this pattern; every 50 blocks, one of them is a call to action instead.
# One block in 50, the eighth of each fifty, is a call to action.
_CTA_EVERY, _CTA_AT = 50, 7
# The bulk articles numbered here (the first 1,000 the bench builds) show the second call to
# action where the others show the first: a snippet shown by 1,000 pages, which
# `bench/shared_snippet.py` publishes and times the worker's re-rendering of.
SHARED_CTA_NUMBERS = range(1000, 2000)
_PATTERN = ("heading", "paragraph", "paragraph", "bullet_list", "paragraph", "callout", "paragraph", "paragraph")


@dataclass(frozen=True)
class SeedParts:
    """What the generated articles reuse from the loaded seed."""

    index: ArticleIndexPage
    form: EnquiryFormPage
    ctas: list[CallToAction]
    references: list[Reference]
    topics: list[Topic]
    author: Contributor | None
    reviewer: Contributor | None
    approver: Any

    @classmethod
    def load(cls) -> SeedParts:
        seed = ArticlePage.objects.order_by("pk").first()
        if seed is None:
            raise RuntimeError("Load the seed first (manage.py load_seed_content).")
        return cls(
            index=ArticleIndexPage.objects.get(),
            form=EnquiryFormPage.objects.get(),
            ctas=list(CallToAction.objects.filter(live=True).order_by("pk")),
            references=list(Reference.objects.filter(live=True).order_by("pk")),
            topics=list(Topic.objects.order_by("pk")),
            author=seed.author,
            reviewer=seed.medical_reviewer,
            approver=get_user_model().objects.filter(is_superuser=True).order_by("pk").first(),
        )


def _id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, ":".join(str(part) for part in parts)))


# Past this many blocks an article's paragraphs are short and carry no link, so that its
# body stays within what an editor may save (``STREAM_TEXT_MAX`` characters, a rich text
# counted with its markup: 500 blocks with the long paragraph are about 92,000, with the
# short one about 40,000).
_COMPACT_FROM = 100


def _block_value(kind: str, number: int, i: int, language: str, parts: SeedParts, *, compact: bool = False) -> Any:
    words = _WORDS[language]
    if kind == "heading":
        return {"level": "h2" if i % 16 == 0 else "h3", "text": words["heading"].format(i=i), "anchor": ""}
    if kind == "paragraph":
        return "<p>" + words["paragraph_short" if compact else "paragraph"].format(i=i, n=number) + "</p>"
    if kind == "bullet_list":
        return {
            "items": [
                {"type": "item", "id": _id(number, i, j), "value": escape(words["item"].format(i=i, j=j))}
                for j in range(3)
            ]
        }
    if kind == "callout":
        return {"style": "note", "text": words["note"].format(i=i), "attribution": ""}
    cta = parts.ctas[(i // 50 + (number in SHARED_CTA_NUMBERS)) % len(parts.ctas)]
    return {"cta": cta.pk, "heading_override": "", "body_override": "", "button_label_override": ""}


def _stream(number: int, blocks: int, language: str, translated: int, parts: SeedParts) -> list[dict[str, Any]]:
    """The body in ``language``; after the first ``translated`` blocks, empty translation
    slots (the same block ids, no text) that the reader gets in English."""
    stream = []
    for i in range(blocks):
        kind = "cta" if i % _CTA_EVERY == _CTA_AT else _PATTERN[i % len(_PATTERN)]
        text_language = language if i < translated or kind == "cta" else source_language()
        value = _block_value(kind, number, i, text_language, parts, compact=blocks > _COMPACT_FROM)
        if text_language != language:
            value = _empty_slot(kind, value)
        stream.append({"type": kind, "id": _id(number, "body", i), "value": value})
    return stream


def _empty_slot(kind: str, value: Any) -> Any:
    if kind == "heading":
        return {**value, "text": ""}
    if kind == "paragraph":
        return ""
    if kind == "bullet_list":
        return {"items": [{**item, "value": ""} for item in value["items"]]}
    if kind == "callout":
        return {**value, "text": ""}
    return value


def translated_share(number: int) -> dict[str, float]:
    """How much of article ``number`` each target language has: most are translated,
    every 7th has Malay for half its body only, every 5th has no Chinese at all."""
    return {"ms": 0.5 if number % 7 == 0 else 1.0, "zh-hans": 0.0 if number % 5 == 0 else 1.0}


def new_article(number: int, blocks: int, parts: SeedParts) -> ArticlePage:
    """An unsaved article of ``blocks`` body blocks, translated as ``translated_share`` says."""
    share = translated_share(number)
    page = ArticlePage()
    for language in content_languages():
        fraction = share.get(language, 1.0)
        words = _WORDS[language]
        if fraction > 0:
            for name in ("title", "slug", "standfirst"):
                setattr(page, localized_field_name(name, language), words[name].format(n=number))
        stream = _stream(number, blocks, language, round(blocks * fraction), parts)
        setattr(page, localized_field_name("body", language), stream)
        form = {"form_page": parts.form.pk, "heading_override": ""}
        aside = [{"type": "enquiry_form", "id": _id(number, "aside", 0), "value": form}]
        setattr(page, localized_field_name("aside", language), aside)
    page.author = parts.author
    page.medical_reviewer = parts.reviewer
    page.next_review_due = timezone.localdate() + datetime.timedelta(days=365)
    page.topics = _topics(number, parts)
    page.references = [  # type: ignore[misc]
        ArticlePageReference(reference=reference, sort_order=k)
        for k, reference in enumerate(_references(number, parts))
    ]
    return page


# What an article gets by its number, in one place for ``new_article`` and ``variant``.
def _topics(number: int, parts: SeedParts) -> list[Topic]:
    return parts.topics[: 1 + number % len(parts.topics)] if parts.topics else []


def _references(number: int, parts: SeedParts) -> list[Reference]:
    count = 1 + number % min(3, len(parts.references))
    return [parts.references[(number + k) % len(parts.references)] for k in range(count)]


def variant(number: int, parts: SeedParts) -> tuple[object, ...]:
    """What makes article ``number`` render otherwise than another, besides the number
    itself: which languages have how much text, its topics, references and calls to
    action (as ``new_article`` chooses them), and how many digits the number has, since the texts'
    lengths decide SMS segments and where messages split. Articles of one variant differ
    only in their own texts and ids, which ``bench/derived.py`` substitutes."""
    return (
        tuple(sorted(translated_share(number).items())),
        tuple(topic.pk for topic in _topics(number, parts)),
        tuple(reference.pk for reference in _references(number, parts)),
        len(str(number)),
        number in SHARED_CTA_NUMBERS,
    )


def article_uuids(number: int, blocks: int) -> list[str]:
    """Every block and list item id ``new_article`` gives article ``number``, in an order
    that is the same for every number, so that one article's ids map onto another's."""
    ids = [_id(number, "body", i) for i in range(blocks)]
    ids += [_id(number, i, j) for i in range(blocks) for j in range(3)]
    return [*ids, _id(number, "aside", 0)]


def create_draft(number: int, blocks: int, parts: SeedParts) -> ArticlePage:
    """What an editor's first "Save draft" costs: the article's rules and every channel's
    limits checked once, the page added under the index and its first revision saved.

    Wagtail's create view checks the page in its form, then adds it as a draft (only its
    title and slug checked) and saves the revision without cleaning it again
    (``wagtail/admin/views/pages/create.py``); here the one full check is the revision's,
    on the page as added (``tests/admin/test_channel_checks_once.py`` counts the admin's)."""
    with override(source_language()):
        page = new_article(number, blocks, parts)
        page.live = False
        parts.index.add_child(instance=page)
        page.save_revision(user=parts.approver)
    return page


def approve(page: ArticlePage, parts: SeedParts) -> ArticlePage:
    """The draft's first publish: submitted to Medical review and approved, which
    publishes it through the gate and renders every rendition."""
    with override(source_language()), approved_on(timezone.localdate()):
        submit_and_approve(page, parts.approver)
    return ArticlePage.objects.get(pk=page.pk)


def _save_without_clean(page: ArticlePage) -> None:
    """Make treebeard's ``add_child`` save this instance with ``clean=False``: Wagtail's
    clean runs the article hooks, which render every channel to check its limits."""
    save: Any = ArticlePage.save
    setattr(page, "save", partial(save, page, clean=False))  # noqa: B010


def bulk_articles(first: int, count: int, blocks: int, parts: SeedParts, batch: int = 50) -> list[int]:
    """``count`` live articles, numbered from ``first``, without the workflow or the gate's
    rules: a real revision made live, then the renditions and translation records a
    publish writes. One transaction per ``batch`` articles."""
    ids: list[int] = []
    now = timezone.now()
    with override(source_language()):
        for start in range(first, first + count, batch):
            with transaction.atomic():
                for number in range(start, min(start + batch, first + count)):
                    ids.append(publish_new(number, blocks, parts, now))
            parts.index.refresh_from_db()
    return ids


def publish_new(number: int, blocks: int, parts: SeedParts, now: datetime.datetime) -> int:
    """One article of the bulk corpus, added under the index and made live at ``now``
    (``bulk_articles``); its page id. Call it with the source language active."""
    page = new_article(number, blocks, parts)
    page.last_reviewed = timezone.localdate()
    page.live = False
    # The structure an editor's save gives it (block ids, heading anchors,
    # translation slots), without the channel validation of every save.
    problems = prepare_article_for_save(page)
    if problems:
        raise ValueError(f"generated article {number}: {problems}")
    _save_without_clean(page)
    parts.index.add_child(instance=page)
    del page.__dict__["save"]
    revision = page.save_revision(user=parts.approver, clean=False)
    # Made live as Wagtail's publish would, without its log entry and signals.
    published = {
        "live": True,
        "has_unpublished_changes": False,
        "live_revision": revision,
        "first_published_at": now,
        "last_published_at": now,
    }
    ArticlePage.objects.filter(pk=page.pk).update(**published)
    for name, value in published.items():
        setattr(page, name, value)
    record_page(page)
    refresh_page(page.pk)
    # What the worker's sweep stores for a published page: translators' views read it.
    count_pages([page.pk])
    return int(page.pk)
