import io

import pytest
from babel.messages.pofile import read_po, write_po
from django.urls import reverse

from content_pages.publishing.translations.export import page_catalog, po_bytes

from ..seed_fallbacks import leave_untranslated


def fill(data: bytes, translate=lambda source: f"MS {source}") -> bytes:
    """What a translator does in Poedit: fill every empty entry, keeping placeholders."""
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.id and not message.string:
            message.string = translate(message.id)
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@pytest.fixture
def partly_translated(seeded):
    """The seed article with its Malay paragraphs and lists untranslated and published (so
    they fall back to English), as the seed was before it was fully translated: its title,
    headings, calls to action and other Malay texts stay translated. ``seeded`` is this same
    object, refreshed."""
    return leave_untranslated(seeded, "ms")


@pytest.fixture
def malay_po(partly_translated):
    """The Malay PO export of the partly translated article: translated entries and empty ones."""
    return po_bytes(page_catalog(partly_translated, "ms"))


def stream_form_data(blocks):
    """Stream form data with the given block ids, as the admin posts them."""
    from wagtail.test.utils.form_data import streamfield

    data = streamfield([(kind, value) for kind, value, _id in blocks])
    for index, (_kind, _value, block_id) in enumerate(blocks):
        data[str(index)]["id"] = block_id
    return data


def review_form_data(slug):
    """The article's medical review and references as its edit form posts them: a new
    reference row for a new article, the existing rows (with their ids) for an edit."""
    from wagtail.test.utils.form_data import inline_formset

    from content_pages.models import ArticlePage, Contributor, Reference

    existing = ArticlePage.objects.filter(slug_en=slug).first()
    if existing is not None:
        rows = [
            {"id": link.pk, "reference": link.reference_id, "ORDER": str(number)}
            for number, link in enumerate(existing.references.all(), start=1)
        ]
    else:
        rows = [{"reference": Reference.objects.order_by("pk").first().pk, "ORDER": "1"}]
    return {
        "medical_reviewer": Contributor.objects.get(name="Cancer A-Z Medical Review Panel").pk,
        "last_reviewed": "2026-11-01",
        "next_review_due": "2027-11-01",
        "references": inline_formset(rows, initial=len(rows) if existing is not None else 0),
    }


def article_form_data(title_en, title_ms, heading_en, heading_ms, level="h2"):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    block_id = "7d3c6a4e-5a0e-4c1f-9b7e-0d6a1f2c3b4a"
    return nested_form_data(
        {
            "title_en": title_en,
            "title_ms": title_ms,
            "slug_en": "fatigue",
            "body_en": stream_form_data(
                [("heading", {"level": level, "text": heading_en, "anchor": "tiredness"}, block_id)]
            ),
            "body_ms": stream_form_data(
                [("heading", {"level": level, "text": heading_ms, "anchor": "tiredness"}, block_id)]
            ),
            "body_zh_hans": stream_form_data(
                [("heading", {"level": level, "text": "", "anchor": "tiredness"}, block_id)]
            ),
            "aside_en": streamfield([]),
            "aside_ms": streamfield([]),
            "aside_zh_hans": streamfield([]),
            "comments": inline_formset([]),
            **review_form_data("fatigue"),
        }
    )


@pytest.fixture
def small_article(seeded, admin_client):
    from content_pages.models import ArticleIndexPage, ArticlePage

    index = ArticleIndexPage.objects.get()
    data = article_form_data("Tiredness", "", "What it is", "")
    data["action-publish"] = "action-publish"
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk]), data
    )
    assert response.status_code == 302
    return ArticlePage.objects.get(slug_en="fatigue")


def with_translation(data: bytes, context: str, text: str) -> bytes:
    """The PO file with one entry translated anew, as a translator does in Poedit."""
    catalog = read_po(io.BytesIO(data))
    found = False
    for message in catalog:
        if message.context == context:
            message.string = text
            message.flags.discard("fuzzy")
            found = True
    assert found, context
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def workbook_rows(data: bytes) -> dict[str, tuple[str, int, dict]]:
    """A workbook's rows by Context id: (sheet, row number, column title -> value)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = {}
    for name in ("Pages", "Snippets"):
        sheet = book[name]
        titles = [cell.value for cell in sheet[1]]
        for cells in sheet.iter_rows(min_row=2):
            values = dict(zip(titles, (cell.value for cell in cells), strict=True))
            if values["Context id"]:
                rows[values["Context id"]] = (name, cells[0].row, values)
    return rows


def edit_workbook(data: bytes, change) -> bytes:
    """The workbook after ``change(sheet, row number, column title -> cell)`` of every
    text row, saved as Excel would: what a translator does in their spreadsheet."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for name in ("Pages", "Snippets"):
        sheet = book[name]
        titles = [cell.value for cell in sheet[1]]
        for cells in sheet.iter_rows(min_row=2):
            change(sheet, cells[0].row, dict(zip(titles, cells, strict=True)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill_workbook(data: bytes, translate=lambda source: f"MS {source}") -> bytes:
    """``fill`` for a workbook: every empty Translation cell filled, the State left as it is."""

    def change(_sheet, _row, cells):
        if cells["Context id"].value and not cells["Translation"].value:
            cells["Translation"].value = translate(cells["English"].value)

    return edit_workbook(data, change)


def with_workbook_translation(data: bytes, context: str, text: str, state: str = "translated") -> bytes:
    """The workbook with one row translated anew and its State set, as a translator does."""
    found = []

    def change(_sheet, _row, cells):
        if cells["Context id"].value == context:
            cells["Translation"].value = text
            cells["Translation"].data_type = "s"  # typed as text, whatever it starts with
            cells["State"].value = state
            found.append(context)

    edited = edit_workbook(data, change)
    assert found, context
    return edited
