"""PO files of many pages: queries do not grow with the number of texts, and grow by a
small constant per page.

The articles are bulk-built as the benchmark builds them (``bench/corpus.py``), and every
entry of an exported file is changed as a translator would (``bench.measure.translator_edit``),
so every page in it gets a new draft revision.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.corpus import SeedParts, bulk_articles
from bench.measure import translator_edit
from content_pages.models import ArticlePage
from content_pages.publishing.translations.export import export_pages
from content_pages.publishing.translations.importing import import_po

pytestmark = pytest.mark.django_db

# Queries per page an import may add, on pages without a pending draft (measured: 18):
# its revision as Wagtail saves it (the revision, the page's pointers, the log entry and
# the checks and savepoints around them, its comments), and what checking its channel
# limits reads per page (its translation records).
PER_PAGE = 20
# On pages with a pending draft (the second language of the same pages; measured: 28),
# also what rebuilding the draft from its revision reads: Wagtail checks that every
# foreign key in it still exists (author, reviewer, each reference, revisions, locale).
PER_PAGE_FROM_DRAFT = 30
# Queries per page an export may add when drafts are pending (measured: 11): the same
# rebuilding of each draft. Without drafts, an export reads the same whatever its size.
EXPORT_PER_PAGE = 12


@pytest.fixture
def parts(seeded):
    return SeedParts.load()


def _articles(parts, numbers, blocks=10):
    """Bulk articles with these numbers. Every number used here is 2 more than a multiple
    of 3 and each group holds an odd one: each article then shows three references, and
    every group shows all five references and both topics, so that groups of different
    sizes write the same snippets and differ by their pages only."""
    ids = [pk for number in numbers for pk in bulk_articles(number, 1, blocks, parts)]
    return list(ArticlePage.objects.filter(pk__in=ids).order_by("pk"))


def _edited(pages, language):
    data, changed = translator_edit(export_pages(pages, language))
    assert changed
    return data


def _queries(action):
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured), result


def test_import_queries_grow_by_a_constant_per_page(parts, django_assert_max_num_queries):
    warm, three = _articles(parts, [890, 893]), _articles(parts, [902, 905, 908])
    six = _articles(parts, [911, 914, 917, 920, 923, 926])
    for language, per_page in (("zh-hans", PER_PAGE), ("ms", PER_PAGE_FROM_DRAFT)):
        # Every snippet gets its draft in this language first, so that both files below
        # find the same snippets in the same state; the second language finds every page
        # with the first one's draft pending.
        import_po(_edited(warm, language))
        small_file, large_file = _edited(three, language), _edited(six, language)
        small, report = _queries(lambda: import_po(small_file))  # noqa: B023
        assert sorted(report.pages) == [page.pk for page in three]
        with django_assert_max_num_queries(small + 3 * per_page):
            report = import_po(large_file)
        assert sorted(report.pages) == [page.pk for page in six]
        assert len(report.imported) > 6 * 10  # every text of the file, each one changed


def test_import_queries_do_not_grow_with_the_texts(parts, django_assert_max_num_queries):
    warm, short = _articles(parts, [890, 893]), _articles(parts, [932, 935, 938])
    long = _articles(parts, [941, 944, 947], blocks=40)
    import_po(_edited(warm, "ms"))
    short_file, long_file = _edited(short, "ms"), _edited(long, "ms")
    small, short_report = _queries(lambda: import_po(short_file))
    # Translation records are written in batches (90 rows a statement on SQLite).
    with django_assert_max_num_queries(small + 2):
        long_report = import_po(long_file)
    assert len(long_report.imported) > 3 * len(short_report.imported)


def test_export_queries_grow_by_a_constant_per_page(parts, django_assert_max_num_queries):
    # One article of each group has half its Malay missing (a multiple of 7), so both ask
    # translation memory for suggestions.
    three = _articles(parts, [938, 941, 944])
    six = _articles(parts, [959, 962, 965, 968, 971, 974])
    small, _ = _queries(lambda: export_pages(three, "ms"))
    with django_assert_max_num_queries(small):
        export_pages(six, "ms")
    # With a draft pending on every page, as after a file in another language.
    import_po(_edited(three, "zh-hans"))
    import_po(_edited(six, "zh-hans"))
    small, _ = _queries(lambda: export_pages(three, "ms"))
    with django_assert_max_num_queries(small + 3 * EXPORT_PER_PAGE):
        data = export_pages(six, "ms")
    assert all(f"page:{page.pk}:title" in data.decode() for page in six)
