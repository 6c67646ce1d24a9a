"""A workbook's import costs what the same PO file's does: its queries do not grow with
the number of rows, and the same texts cost the same queries whichever file brings them.

Built as ``test_import_queries.py`` builds its articles (``bench/corpus.py``), with every
row changed as ``bench.measure.translator_edit`` changes every PO entry.
"""

import io

import pytest
from babel.messages.pofile import read_po
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.corpus import SeedParts, bulk_articles
from bench.measure import translator_edit
from content_pages.models import ArticlePage
from content_pages.publishing.translations.export import export_pages
from content_pages.publishing.translations.importing import import_po
from content_pages.publishing.translations.spreadsheets.export import export_workbook
from content_pages.publishing.translations.spreadsheets.reading import import_workbook

from .conftest import edit_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts(seeded):
    return SeedParts.load()


def _articles(parts, numbers, blocks=10):
    """Numbers chosen as ``test_import_queries`` chooses them: every group shows the same
    references and topics, so groups differ by their pages only."""
    ids = [pk for number in numbers for pk in bulk_articles(number, 1, blocks, parts)]
    return list(ArticlePage.objects.filter(pk__in=ids).order_by("pk"))


def _edited(pages, language):
    """The PO file and the workbook of ``pages``, each with every text changed the same way."""
    po, changed = translator_edit(export_pages(pages, language))
    assert changed
    texts = {message.context: message.string for message in read_po(io.BytesIO(po)) if message.id}

    def change(_sheet, _row, cells):
        cells["Translation"].value = texts[cells["Context id"].value]
        cells["Translation"].data_type = "s"
        cells["State"].value = "translated"

    return po, edit_workbook(export_workbook(pages, language), change)


def _queries(action):
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured), result


def test_workbook_import_queries_do_not_grow_with_the_rows(parts, django_assert_max_num_queries):
    warm, short = _articles(parts, [890, 893]), _articles(parts, [932, 935, 938])
    long = _articles(parts, [941, 944, 947], blocks=40)
    import_workbook(_edited(warm, "ms")[1])
    (_po, short_file), (_po, long_file) = _edited(short, "ms"), _edited(long, "ms")
    small, short_report = _queries(lambda: import_workbook(short_file))
    # As for a PO file: translation records are written in batches (90 rows a statement on SQLite).
    with django_assert_max_num_queries(small + 2):
        long_report = import_workbook(long_file)
    assert len(long_report.imported) > 3 * len(short_report.imported)


def test_a_workbook_costs_the_queries_of_the_same_po_file(parts):
    warm, pages = _articles(parts, [890, 893]), _articles(parts, [950, 953, 956])
    import_workbook(_edited(warm, "ms")[1])
    po, workbook = _edited(pages, "ms")
    cache.clear()  # both imports start with the same empty cache
    with transaction.atomic():
        savepoint = transaction.savepoint()
        through_po, po_report = _queries(lambda: import_po(po))
        transaction.savepoint_rollback(savepoint)
    cache.clear()
    through_workbook, workbook_report = _queries(lambda: import_workbook(workbook))
    # In another order (a workbook lists the pages' texts before the snippets'), the same texts.
    assert sorted(workbook_report.imported) == sorted(po_report.imported)
    assert len(workbook_report.imported) > 3 * 10
    assert through_workbook == through_po, (through_workbook, through_po)
