"""The page's Translations screen offers each language's workbook beside its PO file, to
the same people, and its upload takes a workbook as it takes a PO file."""

import io

import openpyxl
import pytest
from django.urls import reverse

from content_pages.publishing.translations.spreadsheets.export import page_workbook
from tests.refusals import assert_refused

from .conftest import fill_workbook, with_workbook_translation, workbook_rows

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, page, data, name="ms.xlsx", follow=True):
    file = io.BytesIO(data)
    file.name = name
    return client.post(reverse("content_pages_page_translations", args=[page.pk]), {"po_file": file}, follow=follow)


def test_a_translator_downloads_their_languages_workbook(seeded, client, translator):
    translator("ms")
    page = client.get(reverse("content_pages_page_translations", args=[seeded.pk])).content.decode()
    url = reverse("content_pages_download_workbook", args=[seeded.pk, "ms"])
    assert url.endswith(f"/{seeded.pk}/ms.xlsx")
    assert f'href="{url}"' in page
    assert "Download ms.xlsx" in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == f'attachment; filename="{seeded.slug}-ms.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Pages", "Snippets", "About"]
    assert f"page:{seeded.pk}:title" in workbook_rows(response.content)


def test_a_translator_of_another_language_cannot_download_it(seeded, client, translator):
    translator("zh-hans")
    refused = client.get(reverse("content_pages_download_workbook", args=[seeded.pk, "ms"]))
    assert_refused(refused)
    assert not refused.content.startswith(b"PK")
    assert client.get(reverse("content_pages_download_workbook", args=[seeded.pk, "zh-hans"])).status_code == 200
    assert_refused(client.get(reverse("content_pages_download_workbook", args=[seeded.pk, "fr"])))


def test_the_upload_takes_a_workbook(seeded, partly_translated, client, translator):
    translator("ms")
    response = upload(client, seeded, fill_workbook(page_workbook(seeded, "ms")))
    # As the PO upload counts it: 33 texts left empty and filled, 32 kept as they were.
    assert "Imported 33 Malay translations that changed (32 unchanged;" in response.content.decode()
    seeded.refresh_from_db()
    assert seeded.has_unpublished_changes


def test_a_refused_workbook_shows_each_problem_by_sheet_and_row(seeded, client, translator):
    translator("ms")
    data = page_workbook(seeded, "ms")
    label = next(context for context, (_s, _r, values) in workbook_rows(data).items() if values["Limit"] == 20)
    _sheet, row, _values = workbook_rows(data)[label]
    content = upload(client, seeded, with_workbook_translation(data, label, "x" * 21)).content.decode()
    assert "Nothing was imported." in content
    assert f"sheet &quot;Snippets&quot;, row {row} ({label}): 21 characters; at most 20 allowed here" in content


def test_the_upload_refuses_another_languages_workbook_and_a_text_file_named_xlsx(seeded, client, translator, malay_po):
    translator("zh-hans")
    content = upload(client, seeded, page_workbook(seeded, "ms")).content.decode()
    assert "this is a Malay file; you translate Chinese (Simplified) only" in content
    content = upload(client, seeded, malay_po, name="zh.xlsx").content.decode()
    assert "not an Excel workbook (.xlsx): an .xlsx file is a ZIP archive and this one is not" in content
