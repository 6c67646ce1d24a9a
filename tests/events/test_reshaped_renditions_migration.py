"""Migration 0023: rows stored before renderings named their ``channel`` and ``mode`` are
refreshed without a manual command: marked stale, answered in the new shape meanwhile,
re-rendered by the worker's sweep."""

import importlib
import json

import pytest
from django.apps import apps

from content_pages.models import ChannelRendition
from content_pages.publishing.worker import refresh_stale

pytestmark = pytest.mark.django_db

migration = importlib.import_module("content_pages.migrations.0023_renditions_name_channel_and_mode")


def store_the_old_shape(page):
    """What 2.0 stored: no ``mode`` in the WhatsApp rendering, no ``channel`` in the page detail."""
    for key, dropped in (("whatsapp", "mode"), ("web", "channel")):
        row = ChannelRendition.objects.get(page=page, channel=key, language="ms")
        body = json.loads(row.body)
        del body[dropped]
        ChannelRendition.objects.filter(pk=row.pk).update(body=json.dumps(body))


def test_reshaped_rows_are_marked_stale_and_served_and_stored_in_the_new_shape(seeded, client):
    store_the_old_shape(seeded)
    before = dict(ChannelRendition.objects.filter(page=seeded).values_list("pk", "generation"))

    migration.mark_reshaped_renditions_stale(apps, None)

    stale = ChannelRendition.objects.filter(page=seeded, generation__gt=0)
    raised = {row.channel for row in stale if row.generation > before[row.pk]}
    assert raised == {"web", "whatsapp", "telegram"}
    # Meanwhile a reader gets the new shape (a stale row is rendered on request).
    whatsapp = client.get(f"/api/v2/pages/{seeded.pk}/channels/whatsapp/?lang=ms").json()
    assert whatsapp["mode"] == "full"
    assert client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()["channel"] == "web"

    assert refresh_stale() >= 1
    stored = ChannelRendition.objects.get(page=seeded, channel="whatsapp", language="ms")
    assert stored.rendered_generation == stored.generation
    assert json.loads(stored.body)["mode"] == "full"
    web = ChannelRendition.objects.get(page=seeded, channel="web", language="ms")
    assert json.loads(web.body)["channel"] == "web"
