"""The stored web page for a request's host and path: one indexed read.

Two Wagtail Sites may each have a page at the same path (``/en/about/`` on two
hostnames), so the path alone does not name a page: a row answers only a request whose
Site has the root the row was rendered under (``ChannelRendition.site_root``). The
request's Site is chosen inside the same query, by Wagtail's own rules
(``wagtail.models.sites.get_site_for_hostname``): the Site with the request's hostname and
port; else the default Site if it has that hostname; else the only Site with that
hostname; else the default Site. ``Site.find_for_request`` would cost a query of its own
on every reader's request, where this page is otherwise one query
(``tests/web/test_stored_pages.py``, ``tests/web/test_several_sites.py`` compares the two
choices).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.db import connection
from wagtail.models import Site

from content_pages.reads.rendition_sql import StoredRendition, fetch


@dataclass(frozen=True)
class Host:
    """Where a request was sent: its hostname (lower case, no port) and port."""

    hostname: str
    port: int


@functools.cache
def _by_site_and_path() -> str:
    quote = connection.ops.quote_name
    site = quote(Site._meta.db_table)
    hostname, port, default, root = (
        f"s.{quote(Site._meta.get_field(name).column)}" for name in ("hostname", "port", "is_default_site", "root_page")
    )
    other_hostname = f"t.{quote(Site._meta.get_field('hostname').column)}"
    # Only names from the models' own metadata go into the text; every value is a parameter.
    request_site_root = (
        f"SELECT {root} FROM {site} s "  # noqa: S608
        f"WHERE ({hostname} = %s AND {port} = %s) OR {default} = %s "
        f"OR ({hostname} = %s AND (SELECT COUNT(*) FROM {site} t WHERE {other_hostname} = %s) = 1) "
        f"ORDER BY CASE WHEN {hostname} = %s AND {port} = %s THEN 0 "
        f"WHEN {hostname} = %s AND {default} = %s THEN 1 "
        f"WHEN {hostname} = %s THEN 2 ELSE 3 END "
        "LIMIT 1"
    )
    return (
        f"r.path = %s AND r.channel = %s AND r.public = %s AND p.live = %s AND r.site_root_id = ({request_site_root})"
    )


def stored_page(host: Host, path: str, channel: str) -> StoredRendition | None:
    """The public, live page's stored ``channel`` row at ``path`` on the Site that ``host``
    names, with its page's ``live_revision_id`` alongside for ``renditions.is_stale``.

    Two rows of one Site can share a path for a moment (a page renamed and another given
    its old slug, before the first is refreshed); the one made from its page's live
    revision wins.
    """
    name, port = host.hostname, host.port
    site_params = [name, port, True, name, name, name, port, name, True, name]
    rows = fetch(_by_site_and_path(), [path, channel, True, True, *site_params])
    current = [row for row in rows if row.revision_id == row.live_revision_id]
    return next(iter(current or rows), None)
