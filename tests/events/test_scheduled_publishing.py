"""The worker runs Wagtail's scheduled publishing: expired pages leave, scheduled ones go
live, and of several workers only one runs each round."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from content_pages.models import ArticlePage, PeriodicJob

pytestmark = pytest.mark.django_db


def run_worker_batch():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())


def test_a_batch_worker_unpublishes_an_expired_page(seeded):
    ArticlePage.objects.filter(pk=seeded.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    run_worker_batch()
    page = ArticlePage.objects.get(pk=seeded.pk)
    assert not page.live
    assert page.expired
    job = PeriodicJob.objects.get(name="publish_scheduled")
    assert job.last_finished_at is not None
    assert job.last_error == ""


def test_a_scheduled_revision_goes_live_once_per_round(seeded, settings):
    settings.CMS_SCHEDULED_PUBLISHING_SECONDS = 3600
    draft = seeded.get_latest_revision_as_object()
    draft.standfirst_en = "Goes live on schedule."
    revision = draft.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(seconds=1)
    revision.save()

    run_worker_batch()  # claims this hour's round: too early for the revision
    assert ArticlePage.objects.get(pk=seeded.pk).standfirst_en != "Goes live on schedule."

    revision.approved_go_live_at = timezone.now() - datetime.timedelta(seconds=1)
    revision.save()
    run_worker_batch()  # the round is taken (another worker's, for all this one knows)
    assert ArticlePage.objects.get(pk=seeded.pk).standfirst_en != "Goes live on schedule."

    PeriodicJob.objects.filter(name="publish_scheduled").update(
        last_started_at=timezone.now() - datetime.timedelta(hours=2)
    )
    run_worker_batch()
    assert ArticlePage.objects.get(pk=seeded.pk).standfirst_en == "Goes live on schedule."
