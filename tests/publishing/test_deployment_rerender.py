"""After a deployment the stored pages are re-rendered by the workers, at a bounded rate,
oldest first; meanwhile readers get the stored pages, except those naming another base URL,
which are rendered live."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content_pages.foundations.urls import base_url
from content_pages.models import ChannelRendition, PeriodicJob
from content_pages.publishing import fingerprint, rerender
from content_pages.publishing.rerender import candidates, rerender_one, rerender_outdated, take_tokens
from content_pages.publishing.worker import sweep

pytestmark = pytest.mark.django_db

ARTICLE_URL = "/en/articles/how-immunotherapy-targets-cancer-cells/"
INDEX_URL = "/en/articles/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
NEW_BASE = "https://health.example.org"


@pytest.fixture(autouse=True)
def no_failures_remembered():
    rerender._failed.clear()
    yield
    rerender._failed.clear()


# --- The fingerprint -----------------------------------------------------------------


def test_the_fingerprint_is_the_same_for_the_same_deployment():
    assert fingerprint.compute() == fingerprint.compute() == fingerprint.current()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WAGTAILADMIN_BASE_URL", NEW_BASE),
        ("CMS_STALE_TRANSLATIONS", "source"),
        ("CMS_SHORT_LINK_BASE", "https://s.example.org/"),
        ("CMS_SMS_MAX_SEGMENTS", 2),
        ("MEDIA_URL", "/uploads/"),
    ],
)
def test_a_setting_that_changes_output_changes_the_fingerprint(settings, name, value):
    before = fingerprint.compute()
    assert getattr(settings, name) != value
    setattr(settings, name, value)
    assert fingerprint.compute() != before


def test_a_setting_that_changes_no_page_leaves_the_fingerprint(settings):
    before = fingerprint.compute()
    settings.CMS_API_ANON_RATE_LIMIT += 1
    settings.CMS_ENQUIRY_RATE_LIMIT += 1
    assert fingerprint.compute() == before


def with_template_dir(settings, folder):
    engine = {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    settings.TEMPLATES = [engine]


def test_a_template_edit_changes_the_fingerprint(settings, tmp_path):
    template = tmp_path / "content_pages" / "extra.html"
    template.parent.mkdir()
    template.write_text("<p>One</p>")
    with_template_dir(settings, tmp_path)
    first = fingerprint.compute()
    assert fingerprint.compute() == first  # reading the files changes nothing
    template.write_text("<p>Two</p>")
    second = fingerprint.compute()
    assert second != first
    (tmp_path / "content_pages" / "another.html").write_text("<p>New</p>")
    assert fingerprint.compute() not in (first, second)
    template.write_text("<p>One</p>")
    (tmp_path / "content_pages" / "another.html").unlink()
    assert fingerprint.compute() == first


def test_a_new_static_manifest_changes_the_fingerprint(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    manifest = tmp_path / "staticfiles.json"
    manifest.write_text(json.dumps({"paths": {"site.css": "site.1111.css"}, "version": "1.1"}))
    first = fingerprint.compute()
    manifest.write_text(json.dumps({"paths": {"site.css": "site.2222.css"}, "version": "1.1"}))
    assert fingerprint.compute() != first


# --- Rows record it, and readers -------------------------------------------------------


def test_rendering_records_the_fingerprint_and_the_base_url(seeded):
    rows = ChannelRendition.objects.filter(page=seeded)
    assert rows.count() > 10
    assert set(rows.values_list("fingerprint", flat=True)) == {fingerprint.current()}
    assert set(rows.values_list("base_url", flat=True)) == {base_url()}


def stored(page, channel, language="en"):
    return ChannelRendition.objects.get(page=page, channel=channel, language=language)


def test_readers_get_the_stored_page_made_by_another_deployment(seeded, client):
    ChannelRendition.objects.update(fingerprint="made-by-an-earlier-deployment")
    web = stored(seeded.get_parent(), "html")
    api = stored(seeded, "web")
    page = client.get(INDEX_URL)
    assert page.status_code == 200
    assert page["ETag"] == web.etag
    assert page.content.decode() == web.body
    article = client.get(ARTICLE_URL).content.decode()
    assert TOKEN.sub("", article) == TOKEN.sub("", stored(seeded, "html").body)
    detail = client.get(f"/api/v2/pages/{seeded.pk}/?lang=en")
    assert detail["ETag"] == api.etag
    assert detail.content.decode() == api.body
    # A reader never writes: the rows still wait for the worker.
    assert not ChannelRendition.objects.filter(fingerprint=fingerprint.current()).exists()


def test_after_a_base_url_change_readers_get_pages_rendered_live(seeded, client, settings):
    old = base_url()
    settings.WAGTAILADMIN_BASE_URL = NEW_BASE
    web = stored(seeded, "html")
    api = stored(seeded, "web")
    assert old in web.body
    page = client.get(ARTICLE_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'rel="canonical" href="{NEW_BASE}{ARTICLE_URL}"' in html
    assert old not in html
    detail = client.get(f"/api/v2/pages/{seeded.pk}/?lang=en")
    assert detail.json()["meta"]["html_url"] == f"{NEW_BASE}{ARTICLE_URL}"
    assert old not in detail.content.decode()
    assert detail["ETag"] != api.etag
    listed = client.get("/api/v2/pages/?type=content_pages.ArticlePage&lang=en")
    assert old not in listed.content.decode()
    assert NEW_BASE in listed.content.decode()
    # Nothing was stored by the readers.
    assert stored(seeded, "html").body == web.body


def test_a_row_without_a_recorded_base_url_is_served_as_stored(seeded, client, settings):
    ChannelRendition.objects.update(base_url="", fingerprint="")
    web = stored(seeded.get_parent(), "html")
    page = client.get(INDEX_URL)
    assert page["ETag"] == web.etag


# --- The worker ------------------------------------------------------------------------


def age_pages(now):
    """Every row outdated, each page older than the next by an hour, in page id order."""
    page_ids = sorted(set(ChannelRendition.objects.values_list("page_id", flat=True)))
    for hours, page_id in enumerate(reversed(page_ids), start=1):
        ChannelRendition.objects.filter(page_id=page_id).update(
            fingerprint="made-by-an-earlier-deployment", last_modified=now - timedelta(hours=hours)
        )
    return page_ids  # oldest first


def current_pages():
    return set(
        ChannelRendition.objects.filter(fingerprint=fingerprint.current()).values_list("page_id", flat=True).distinct()
    )


def test_the_worker_re_renders_the_oldest_pages_first_at_the_configured_rate(seeded, settings):
    settings.CMS_RERENDER_PAGES_PER_MINUTE = 60
    settings.CMS_WORKER_SWEEP_SECONDS = 2
    now = timezone.now()
    oldest_first = age_pages(now)
    assert len(oldest_first) == 4  # home, articles, the article, the enquiry form

    # At most one sweep's worth is saved up: 2 pages at one a second.
    assert rerender_outdated(now) == 2
    assert current_pages() == set(oldest_first[:2])
    # A second worker at the same moment finds the tokens taken.
    assert rerender_outdated(now) == 0
    # One second later, one page more: the next oldest.
    assert rerender_outdated(now + timedelta(seconds=1)) == 1
    assert current_pages() == set(oldest_first[:3])
    assert rerender_outdated(now + timedelta(hours=1)) == 1
    assert current_pages() == set(oldest_first)
    assert rerender_outdated(now + timedelta(hours=2)) == 0


def test_the_rate_is_shared_by_every_worker(seeded, settings):
    settings.CMS_RERENDER_PAGES_PER_MINUTE = 6  # one page every 10 s
    settings.CMS_WORKER_SWEEP_SECONDS = 5
    now = timezone.now()
    assert take_tokens(now) == 1
    assert take_tokens(now) == 0
    assert take_tokens(now + timedelta(seconds=5)) == 0
    assert take_tokens(now + timedelta(seconds=10)) == 1
    assert take_tokens(now + timedelta(seconds=10)) == 0
    assert PeriodicJob.objects.get(name=rerender.BUCKET).last_started_at == now + timedelta(seconds=10)


def test_no_rate_means_no_background_re_rendering(seeded, settings):
    settings.CMS_RERENDER_PAGES_PER_MINUTE = 0
    age_pages(timezone.now())
    assert rerender_outdated() == 0
    assert current_pages() == set()


def test_pages_linking_to_another_base_url_come_first(seeded, settings):
    now = timezone.now()
    oldest_first = age_pages(now)
    newest = oldest_first[-1]
    ChannelRendition.objects.filter(page_id=newest).update(base_url="http://old.example.org")
    unrecorded = oldest_first[-2]
    ChannelRendition.objects.filter(page_id=unrecorded).update(base_url="")
    assert candidates(3) == [newest, *oldest_first[:2]]


def test_a_page_another_worker_re_rendered_is_not_rendered_again(seeded):
    ChannelRendition.objects.filter(page=seeded).update(fingerprint="made-by-an-earlier-deployment")
    assert rerender_one(seeded.pk) is True
    assert current_pages() >= {seeded.pk}
    # A second worker that listed it before the first committed: checked under the lock.
    with CaptureQueriesContext(connection) as queries:
        assert rerender_one(seeded.pk) is False
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))]
    assert writes == []


def test_a_page_that_fails_to_render_does_not_hold_up_the_others(seeded, settings, monkeypatch):
    settings.CMS_RERENDER_PAGES_PER_MINUTE = 60
    settings.CMS_WORKER_SWEEP_SECONDS = 2
    now = timezone.now()
    oldest_first = age_pages(now)
    broken = oldest_first[0]
    real_refresh = rerender.renditions.refresh_page

    def refresh(page_id):
        if page_id == broken:
            raise RuntimeError("a template error")
        return real_refresh(page_id)

    monkeypatch.setattr(rerender.renditions, "refresh_page", refresh)
    assert rerender_outdated(now) == 1
    assert rerender_outdated(now + timedelta(seconds=2)) == 2
    assert current_pages() == set(oldest_first[1:4])


def test_the_sweep_re_renders_and_says_so(seeded, settings):
    settings.CMS_RERENDER_PAGES_PER_MINUTE = 600
    age_pages(timezone.now())
    total = len(set(ChannelRendition.objects.values_list("page_id", flat=True)))
    report = sweep(database_tasks=False)
    assert report.rerendered == min(total, 50)
    assert report.anything


def test_status_says_how_many_pages_wait(seeded, settings):
    ChannelRendition.objects.filter(page=seeded).update(fingerprint="made-by-an-earlier-deployment")
    ChannelRendition.objects.filter(page=seeded, channel="html").update(base_url="http://old.example.org")
    pages = len(set(ChannelRendition.objects.values_list("page_id", flat=True)))
    out = io.StringIO()
    call_command("refresh_renditions", "--status", stdout=out)
    assert out.getvalue().startswith(f"1 of {pages} stored pages were rendered by another deployment")
    assert "(1 of them link to another base URL" in out.getvalue()
    assert fingerprint.current() in out.getvalue()
    # --status renders nothing.
    assert seeded.pk not in current_pages()
