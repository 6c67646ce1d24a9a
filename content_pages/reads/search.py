"""search=: the listed web rows whose text in one language has every word, best first.

The words are indexed by the database itself, in a table of the listed web rows alone
that triggers on the renditions keep (migration 0035): an FTS5 table on SQLite, a
``tsvector`` with a GIN index on PostgreSQL. Each document carries its language, page
type and parent as tokens of its own, so the index finds the matches of one language
and one list without reading a row, and ranks only those: Wagtail's search backend
indexed every language's rows together, and each match was joined to its entry and its
row before the list's conditions could apply (150 ms at 10,000 articles on SQLite,
330 ms on PostgreSQL, for a word every article has).

Ranking: BM25 on SQLite, ``ts_rank`` on PostgreSQL, a word in the title weighing more
than one in the text; ties in the newest row's favour. The terms are words
(``api.params.parse_search``), quoted as strings of each engine's query language, so
nothing in them is search syntax.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from wagtail.models import Page

from content_pages.models import ChannelRendition
from content_pages.reads.api_pages import Listing, PageFilter, Param, Position, listing, quote_name
from content_pages.reads.rendition_sql import listed_columns, read_listed

# Written by the triggers of migration 0035, which build the same tokens.
TABLE = "content_pages_searchdocument"

# BM25's weight of each FTS5 column (language, kind, parent, title, body): the tokens of
# the list's conditions count for nothing, a title word for ten of the text's.
_SQLITE_WEIGHTS = "0.0, 0.0, 0.0, 10.0, 1.0"


def language_token(language: str) -> str:
    """The language as one token of the FTS5 table's own column: ``l`` and its UTF-8 in
    hex (a search's words are matched in the title and body columns only)."""
    return "l" + language.encode().hex()


def language_lexeme(language: str) -> str:
    """The language's lexeme in a PostgreSQL document, as a ``tsquery``: ``language`` and
    its UTF-8 in hex, with a space between, which no word the parser finds ever has."""
    return f"'language {language.encode().hex()}'"


def search_page_ids(terms: list[str], language: str) -> list[int]:
    """Every listed page whose text in ``language`` has every term, best first."""
    if not terms:
        return []
    matches, params = _matches(PageFilter(language=language), terms)
    rendition_table = quote_name(ChannelRendition._meta.db_table)
    sql = (
        f"WITH m AS MATERIALIZED ({matches}) SELECT r.page_id FROM m "  # noqa: S608
        f"INNER JOIN {rendition_table} r ON r.id = m.rid ORDER BY {_ORDER}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def search_listing(selection: PageFilter, terms: list[str], limit: int, offset: int, *, body: bool = False) -> Listing:
    """One page of the listed matches, best first, and how many there are: one query,
    whose ranked matches are materialized once, then counted and cut to the page; only
    the ``limit`` chosen rows are read whole."""
    if not terms or selection.content_type_ids == ():
        return Listing([], {}, 0)
    matches, params = _matches(selection, terms)
    rendition_table, page_table = quote_name(ChannelRendition._meta.db_table), quote_name(Page._meta.db_table)
    sql = (
        f"WITH m AS MATERIALIZED ({matches}) "  # noqa: S608
        f"SELECT {listed_columns(body=body)}, (SELECT COUNT(*) FROM m) "
        f"FROM (SELECT rid, score FROM m ORDER BY {_ORDER} LIMIT %s OFFSET %s) m "
        f"INNER JOIN {rendition_table} r ON r.id = m.rid INNER JOIN {page_table} p ON p.id = r.page_id "
        f"WHERE p.live = %s ORDER BY {_ORDER}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset, True])
        found = cursor.fetchall()
        if found:
            total = int(found[0][-1])  # the matches, counted by the same query (its last column)
        elif not offset:
            total = 0
        else:  # past the last match: counted alone
            cursor.execute(f"SELECT COUNT(*) FROM ({matches}) m", params)  # noqa: S608
            total = int(cursor.fetchone()[0])
    rows = read_listed(found)
    return Listing([row.page_id for row in rows], {row.page_id: row for row in rows}, total)


def ordered_listing(
    selection: PageFilter,
    terms: list[str],
    order: str,
    limit: int,
    offset: int,
    *,
    body: bool = False,
    after: Position | None = None,
) -> Listing:
    """One page of the listed matches in one of the list's own orders (``order=``), and
    how many there are, in two queries: the list's own, restricted to the rows the index
    matches, and the count of the matches, which carry every condition of the list
    (language, type, parent; only listed rows are indexed). Neither the matches nor
    their number travel through Python: 10,000 ids as parameters took 150 ms, and more
    than 32,766 are more than SQLite takes."""
    if not terms or selection.content_type_ids == ():
        return Listing([], {}, 0)
    matches, params = _matches(selection, terms, ranked=False)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({matches}) m", params)  # noqa: S608
        total = int(cursor.fetchone()[0])
    if not total:
        return Listing([], {}, 0)
    restricted = replace(selection, rows_in=(matches, tuple(params)))
    return listing(restricted, order, limit, offset, body=body, after=after, total=total)


# The better match first (both engines' scores are made so that lower is better), then
# the newer row.
_ORDER = "score ASC, rid DESC"


def _matches(selection: PageFilter, terms: list[str], *, ranked: bool = True) -> tuple[str, list[Param]]:
    """A query of the matches' rendition ids (``rid``) and, if ``ranked``, their scores
    (``score``)."""
    if connection.vendor == "sqlite":
        sql, params = _sqlite_matches(selection, terms, ranked=ranked)
    elif connection.vendor == "postgresql":
        sql, params = _postgres_matches(selection, terms, ranked=ranked)
    else:
        raise NotImplementedError(f"search= has an index on SQLite and PostgreSQL, not on {connection.vendor}.")
    if selection.parent_id is not None:
        # A restricted parent's children are restricted too, so their rows are not listed;
        # a withdrawn parent's children are not listed under it either.
        page_table = quote_name(Page._meta.db_table)
        listable = "parent.id = %s AND (parent.depth = 1 OR parent.live = %s)"
        sql += f" AND EXISTS (SELECT 1 FROM {page_table} parent WHERE {listable})"  # noqa: S608
        params += [selection.parent_id, True]
    return sql, params


def _sqlite_matches(selection: PageFilter, terms: list[str], *, ranked: bool) -> tuple[str, list[Param]]:
    conditions = [f'language : "{language_token(selection.language)}"']
    if selection.content_type_ids is not None:
        conditions.append("kind : (" + " OR ".join(f'"t{pk}"' for pk in selection.content_type_ids) + ")")
    if selection.parent_id is not None:
        conditions.append(f'parent : "p{int(selection.parent_id)}"')
    conditions.append("{title body} : (" + " AND ".join(f'"{term}"' for term in terms) + ")")
    table = quote_name(TABLE)
    score = f", bm25({table}, {_SQLITE_WEIGHTS}) AS score" if ranked else ""
    sql = f"SELECT {table}.rowid AS rid{score} FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    return sql, [" AND ".join(conditions)]


def _postgres_matches(selection: PageFilter, terms: list[str], *, ranked: bool) -> tuple[str, list[Param]]:
    words = "plainto_tsquery('pg_catalog.simple', %s)"
    text = " ".join(terms)
    score = f", -ts_rank(d.vector, {words}) AS score" if ranked else ""
    sql = (
        f"SELECT d.rendition_id AS rid{score} "  # noqa: S608
        f"FROM {quote_name(TABLE)} d WHERE d.vector @@ (%s::tsquery && {words})"
    )
    params: list[Param] = [*([text] if ranked else []), language_lexeme(selection.language), text]
    if selection.content_type_ids is not None:
        sql += f" AND d.page_type_id IN ({', '.join(['%s'] * len(selection.content_type_ids))})"
        params += list(selection.content_type_ids)
    if selection.parent_id is not None:
        sql += " AND d.parent_page_id = %s"
        params.append(selection.parent_id)
    return sql, params
