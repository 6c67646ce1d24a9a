"""The shared counter: one statement per count, windows apart, stale windows removed."""

import pytest

from content_pages.models import RateCounter
from content_pages.publishing.access import rate_counters as counters

pytestmark = pytest.mark.django_db


def test_a_count_is_one_statement(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert counters.increment("test:a", 1000) == 1
    with django_assert_num_queries(1):
        assert counters.increment("test:a", 1000) == 2
    assert counters.increment("test:b", 1000) == 1
    assert counters.increment("test:a", 1060) == 1
    assert RateCounter.objects.get(key="test:a", window=1000).count == 2


def test_a_new_window_deletes_the_old_ones_of_that_key():
    counters.increment("test:a", 0)
    counters.increment("test:b", 0)
    hit = counters.hit("test:a", 60)
    assert hit.count == 1
    assert 1 <= hit.reset_after <= 60
    assert list(RateCounter.objects.order_by("key").values_list("key", flat=True)) == ["test:a", "test:b"]
    assert RateCounter.objects.get(key="test:a").window == hit.window_start


def test_stale_counters_are_deleted():
    counters.increment("test:old", 0)
    counters.hit("test:new", 60)
    assert counters.delete_stale(3600) == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["test:new"]
