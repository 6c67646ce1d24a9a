"""A new page's renditions are inserted with one parameter per value: on PostgreSQL,
Django's bulk insert otherwise sends each column as an array that psycopg escapes in
Python, which cost 1.5 s for the 16 MB of a 500-block article's rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content_pages.models import ChannelRendition
from content_pages.publishing.renditions import refresh_page

pytestmark = pytest.mark.django_db


def test_a_first_rendering_inserts_its_rows_without_arrays(seeded):
    ChannelRendition.objects.filter(page=seeded).delete()
    with CaptureQueriesContext(connection) as queries:
        rows = refresh_page(seeded.pk)
    inserts = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "content_pages_channelrendition"')
    ]
    assert len(inserts) == 1, inserts
    assert "UNNEST" not in inserts[0].upper()
    assert len(rows) == ChannelRendition.objects.filter(page=seeded).count() > 20
    stored = ChannelRendition.objects.get(page=seeded, channel="whatsapp", language="ms")
    assert stored.body == next(row.body for row in rows if (row.channel, row.language) == ("whatsapp", "ms"))
