"""The flush: everything counted since the last one, added in one upsert per batch; counts
for pages no longer live dropped in the same statement; kept when the database fails."""

import datetime
import logging

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext, override_settings

from content_pages.models import EnquiryFormPage, PageReach
from content_pages.publishing import reach

pytestmark = pytest.mark.django_db


def rows():
    return {
        (row.page_id, row.language, row.channel, row.day): (row.reads, row.deliveries)
        for row in PageReach.objects.all()
    }


def test_a_flush_adds_and_a_second_accumulates(seeded):
    today = reach.today()
    for _read in range(3):
        reach.count_read(seeded.pk, "ms", "web")
    reach.count_read(seeded.pk, "en", "whatsapp")
    with CaptureQueriesContext(connection) as queries:
        assert reach.flush() == 2
    upserts = [q["sql"] for q in queries if "INSERT" in q["sql"].upper()]
    assert len(upserts) == 1
    assert rows() == {(seeded.pk, "ms", "web", today): (3, 0), (seeded.pk, "en", "whatsapp", today): (1, 0)}
    assert reach.pending() == {}

    for _read in range(2):
        reach.count_read(seeded.pk, "ms", "web")
    reach.flush()
    assert rows()[(seeded.pk, "ms", "web", today)] == (5, 0)
    assert reach.flush() == 0  # nothing new: no statement


def test_the_day_is_the_utc_date(seeded):
    reach.count_read(seeded.pk, "en", "api")
    (key,) = reach.pending()
    assert key[3] == datetime.datetime.now(datetime.UTC).date()


def test_counts_for_pages_not_live_or_never_there_are_dropped_in_the_same_statement(seeded):
    other = EnquiryFormPage.objects.live().get()
    other.unpublish()
    reach.count_read(seeded.pk, "en", "web")
    reach.count_read(other.pk, "en", "web")
    reach.count_read(999999, "en", "web")
    with CaptureQueriesContext(connection) as queries:
        assert reach.flush() == 1
    assert len([q for q in queries if "INSERT" in q["sql"].upper()]) == 1
    assert set(rows()) == {(seeded.pk, "en", "web", reach.today())}
    assert reach.pending() == {}


def test_a_failed_flush_keeps_its_counts_for_the_next(seeded, monkeypatch, caplog):
    def unavailable(_batch):
        raise DatabaseError("database is locked")

    reach.count_read(seeded.pk, "ms", "sms")
    with monkeypatch.context() as patch:
        patch.setattr(reach, "_upsert", unavailable)
        with caplog.at_level(logging.WARNING, logger="content_pages.publishing.reach"):
            assert reach.flush() == 0
    assert "1 counts could not be written (DatabaseError); kept for the next flush" in caplog.text
    reach.count_read(seeded.pk, "ms", "sms")
    assert reach.pending() == {(seeded.pk, "ms", "sms", reach.today()): 2}
    reach.flush()
    assert rows() == {(seeded.pk, "ms", "sms", reach.today()): (2, 0)}


def test_memory_is_bounded_and_what_is_dropped_is_logged_as_a_number(seeded, monkeypatch, caplog):
    monkeypatch.setattr(reach, "MAX_PENDING", 2)
    reach.count_read(seeded.pk, "en", "web")
    reach.count_read(seeded.pk, "ms", "web")
    reach.count_read(seeded.pk, "zh-hans", "web")  # a third key: dropped
    reach.count_read(seeded.pk, "en", "web")  # a key already held: still counted
    assert sorted(reads for reads in reach.pending().values()) == [1, 2]
    with caplog.at_level(logging.WARNING, logger="content_pages.publishing.reach"):
        reach.flush()
    assert "1 reads were not counted" in caplog.text


def test_many_keys_go_in_batches_of_one_transaction(seeded, monkeypatch):
    monkeypatch.setattr(reach, "ROWS_PER_STATEMENT", 2)
    for language in ("en", "ms", "zh-hans"):
        for channel in ("web", "api"):
            reach.count_read(seeded.pk, language, channel)
    assert reach.flush() == 6
    assert sum(reads for reads, _deliveries in rows().values()) == 6


def test_deliveries_reported_meanwhile_are_kept_by_a_flush(seeded):
    from content_pages.publishing import deliveries

    deliveries.record(seeded.pk, "ms", "whatsapp", 40)
    reach.count_read(seeded.pk, "ms", "whatsapp")
    reach.flush()
    assert rows() == {(seeded.pk, "ms", "whatsapp", reach.today()): (1, 40)}


@override_settings(CMS_REACH_FLUSH_SECONDS=0)
def test_with_no_interval_no_flusher_starts(seeded):
    reach.count_read(seeded.pk, "en", "web")
    assert reach._here.state.flusher is None
