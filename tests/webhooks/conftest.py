import itertools

import pytest
from django.utils import timezone

from content_pages.models import OutboxEvent

_sequence = itertools.count(1_000_000)


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    """Fast, explicit retry settings for every webhook test."""
    settings.CMS_WEBHOOK_RETRY_SCHEDULE = "0,0,0"
    settings.CMS_WEBHOOK_TIMEOUT = 5
    settings.CMS_WEBHOOK_DISABLE_AFTER = 86400
    settings.CMS_WEBHOOK_ENCRYPTION_KEY = ""
    return settings


@pytest.fixture
def make_event(db):
    def make(type="page.published", languages=("en", "ms"), channels=("web", "whatsapp"), completed=True, **extra):
        now = timezone.now()
        return OutboxEvent.objects.create(
            type=type,
            object_kind="page" if type.startswith("page.") else "snippet",
            object_model="content_pages.articlepage",
            object_id=str(extra.pop("object_id", 6)),
            revision_id=extra.pop("revision_id", 41),
            languages=list(languages),
            channels=list(channels),
            renditions=extra.pop("renditions", [{"channel": "web", "language": "en"}]),
            page_ids=[6],
            occurred_at=now,
            completed_at=now if completed else None,
            sequence=next(_sequence) if completed else None,
            **extra,
        )

    return make


@pytest.fixture
def receiver(httpserver):
    """A real HTTP receiver on loopback, and the URL to subscribe."""
    return httpserver, httpserver.url_for("/hook")
