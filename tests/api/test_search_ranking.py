"""search= reads a full-text index of the listed web rows that the database's triggers keep
(migration 0035): whatever writes the rows, the index finds exactly the listed rows whose
text has every word, on SQLite and PostgreSQL alike."""

import re

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_pages.interfaces.api.params import parse_search
from content_pages.models import ChannelRendition
from content_pages.reads import search
from content_pages.reads.api_pages import PageFilter
from tests.api.test_query_budget import build_article

WORDS = ("alpha", "beta", "gamma", "delta")


def _listed_matches(terms, language):
    """The pages a search must find, read row by row: public web rows in the language
    whose text has every term."""
    rows = ChannelRendition.objects.filter(channel="web", language=language, public=True)
    wanted = {term.casefold() for term in terms}
    return {
        row.page_id
        for row in rows
        if wanted <= set(re.findall(r"\w+", f"{row.search_text} {row.sort_title}".casefold()))
    }


FOUND = {("Section", "en"), ("apples", "en"), ("immunotherapy", "en"), ("imunoterapi", "ms"), ("免疫疗法", "zh-hans")}


@pytest.mark.parametrize(
    ("query", "language"),
    [
        ("immunotherapy", "en"),
        ("Section", "en"),
        ("section paragraph", "en"),
        ("Paragraph 1", "en"),
        ("apples", "en"),
        ("imunoterapi", "ms"),
        ("免疫疗法", "zh-hans"),
        ("nothing-like-this", "en"),
        ("immunotherapy", "ms"),
    ],
)
def test_the_index_finds_every_listed_page_with_every_word(seeded, django_capture_on_commit_callbacks, query, language):
    for number, title in enumerate(["Apples and section", "Section apples", "Pears"]):
        build_article(f"ranked-{number}", 3 + number * 4, django_capture_on_commit_callbacks, title=title)
    terms = parse_search(query)
    found = search.search_page_ids(terms, language)
    assert len(found) == len(set(found))
    assert set(found) == _listed_matches(terms, language)
    if (query, language) in FOUND:
        assert found


def test_a_word_in_the_title_ranks_first(seeded, django_capture_on_commit_callbacks):
    """Pears has "section" in every heading of its text, Apples only once, in its title."""
    pears = build_article("pears", 12, django_capture_on_commit_callbacks, title="Pears")
    apples = build_article("apples", 1, django_capture_on_commit_callbacks, title="Apples section")
    found = search.search_page_ids(["section"], "en")
    assert {pears.pk, apples.pk} <= set(found)
    assert found.index(apples.pk) < found.index(pears.pk)


def test_a_word_every_page_has_is_one_query(seeded, django_capture_on_commit_callbacks, django_assert_num_queries):
    for number in range(6):
        build_article(f"common-{number}", 4, django_capture_on_commit_callbacks)
    with django_assert_num_queries(1):
        assert len(search.search_page_ids(["section"], "en")) == 6


def test_withdrawn_and_private_pages_leave_the_index(seeded, django_capture_on_commit_callbacks):
    from content_pages.publishing import renditions

    kept = build_article("kept", 4, django_capture_on_commit_callbacks, title="Quince")
    private = build_article("private", 4, django_capture_on_commit_callbacks, title="Quince")
    withdrawn = build_article("withdrawn", 4, django_capture_on_commit_callbacks, title="Quince")
    assert set(search.search_page_ids(["quince"], "en")) == {kept.pk, private.pk, withdrawn.pk}
    renditions.set_public([private.pk], public=False)
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn.unpublish()
    assert search.search_page_ids(["quince"], "en") == [kept.pk]
    renditions.set_public([private.pk], public=True)
    assert set(search.search_page_ids(["quince"], "en")) == {kept.pk, private.pk}


@pytest.mark.parametrize("token", [search.language_token("en"), search.language_lexeme("en")])
def test_the_language_token_is_no_word_a_reader_can_search_for(seeded, token):
    assert search.search_page_ids(["immunotherapy"], "en")
    assert search.search_page_ids(parse_search(token), "en") == []


def test_a_changed_text_is_found_by_its_new_words_only(seeded, django_capture_on_commit_callbacks):
    page = build_article("renamed", 4, django_capture_on_commit_callbacks, title="Medlar")
    page.title_en = "Loquat"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert search.search_page_ids(["medlar"], "en") == []
    assert search.search_page_ids(["loquat"], "en") == [page.pk]


# Any sequence of writes to the rows, by any of the ways the code writes them: the index
# answers as the rows themselves do.
_rows = st.tuples(st.integers(0, 2), st.sampled_from(["web", "whatsapp"]), st.sampled_from(["en", "ms"]))
_operations = st.lists(
    st.one_of(
        st.tuples(st.just("put"), _rows, st.booleans(), st.lists(st.sampled_from(WORDS), max_size=4)),
        st.tuples(st.just("drop"), _rows),
        st.tuples(st.just("flip"), st.integers(0, 2), st.booleans()),
        st.tuples(st.just("retitle"), st.integers(0, 2), st.sampled_from(WORDS)),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=_operations)
def test_the_index_always_answers_as_the_rows_do(seeded, operations):
    pages = [seeded.get_parent(), seeded, seeded.get_parent().get_parent()]
    ChannelRendition.objects.filter(page__in=pages).delete()
    for operation in operations:
        if operation[0] == "put":
            (number, channel, language), public, words = operation[1:]
            ChannelRendition.objects.update_or_create(
                page=pages[number],
                channel=channel,
                language=language,
                defaults={
                    "public": public,
                    "search_text": " ".join(words),
                    "body": "{}",
                    "etag": "x",
                    "last_modified": timezone.now(),
                },
            )
        elif operation[0] == "drop":
            number, channel, language = operation[1]
            ChannelRendition.objects.filter(page=pages[operation[1][0]], channel=channel, language=language).delete()
        elif operation[0] == "flip":
            ChannelRendition.objects.filter(page=pages[operation[1]]).update(public=operation[2])
        else:
            rows = list(ChannelRendition.objects.filter(page=pages[operation[1]]))
            for row in rows:
                row.sort_title = operation[2].title()
            ChannelRendition.objects.bulk_update(rows, ["sort_title"])
    own = {page.pk for page in pages}
    for language in ("en", "ms"):
        for word in WORDS:
            found = [pk for pk in search.search_page_ids([word], language) if pk in own]
            assert set(found) == _listed_matches([word], language) & own, (word, language)
            selection = PageFilter(language=language)
            listed = search.search_listing(selection, [word], 50, 0)
            assert [pk for pk in listed.page_ids if pk in own] == found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's flush deletes, which the row triggers see")
def test_a_truncate_of_the_renditions_empties_the_index(seeded, django_capture_on_commit_callbacks):
    build_article("truncated", 4, django_capture_on_commit_callbacks, title="Sloe")
    assert search.search_page_ids(["sloe"], "en")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as a flush, which runs outside the test's transaction
        cursor.execute(f"TRUNCATE {ChannelRendition._meta.db_table} CASCADE")
        cursor.execute(f"SELECT COUNT(*) FROM {search.TABLE}")
        assert cursor.fetchone()[0] == 0
