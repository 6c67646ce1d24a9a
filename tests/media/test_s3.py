"""Media in an S3 bucket (``CMS_MEDIA_STORAGE=s3``), against a real S3-compatible server:
moto's server mode on loopback, started once per test run.

An image uploaded in the admin lands in the bucket; the renditions the API names are
public and their bytes come from the server; a view-restricted collection's files never
have a public URL; the WhatsApp image message points at one of the renditions.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition
from wagtail.models import Collection, CollectionViewRestriction

from content_pages.foundations.media_access import PUBLIC_PREFIX
from tests.api.conftest import body
from tests.media.conftest import photo
from tests.media.test_renditions import article_showing
from tests.processes import free_port

pytestmark = pytest.mark.django_db

BUCKET = "cms-media-test"
CREDENTIALS = {"aws_access_key_id": "moto-test", "aws_secret_access_key": "moto-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free loopback port, for the whole run; one bucket in it."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **CREDENTIALS)
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def s3(s3_endpoint, settings):
    """The site's media in the bucket, configured as CMS_MEDIA_STORAGE=s3 configures it."""
    from site_cms.media import s3_media_settings

    media = s3_media_settings(
        {"CMS_S3_BUCKET": BUCKET, "CMS_S3_ENDPOINT_URL": s3_endpoint, "CMS_S3_REGION": "us-east-1"},
        signed_url_seconds=300,
    )
    options = {**media.options, "access_key": CREDENTIALS["aws_access_key_id"]}
    options["secret_key"] = CREDENTIALS["aws_secret_access_key"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "content_pages.interfaces.media_storage.MediaStorage", "OPTIONS": options},
    }
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    Rendition.cache_backend.clear()
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)


def fetch(url):
    """GET as an anonymous reader: (status, bytes)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def upload(admin_client, capture, title, collection):
    """Through Wagtail's own "Add an image" view, as an editor does."""
    with capture(execute=True):
        response = admin_client.post(
            reverse("wagtailimages:add"),
            {"title": title, "file": photo(1600, 900, name=f"{title.lower()}.jpg"), "collection": collection.pk},
        )
    assert response.status_code == 302, response.content[:2000]
    return Image.objects.get(title=title)


def keys(client, prefix=""):
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_an_uploaded_image_is_in_the_bucket_and_the_api_names_renditions_served_from_it(
    seeded, s3, s3_endpoint, admin_client, client, api, settings, django_capture_on_commit_callbacks
):
    image = upload(admin_client, django_capture_on_commit_callbacks, "Scanner", Collection.get_first_root_node())
    assert image.file.name in keys(s3, "original_images/")
    # The original is private: anyone without a signed URL is refused.
    assert fetch(f"{s3_endpoint}/{BUCKET}/{image.file.name}")[0] == 403
    page = article_showing(image, slug="s3-images")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    renditions = body(api(f"/api/v2/pages/{page.pk}/?lang=en"))["hero_image"]["renditions"]
    webp = renditions["webp"][-1]
    assert webp["url"].startswith(f"{s3_endpoint}/{BUCKET}/{PUBLIC_PREFIX}images/")
    status, data = fetch(webp["url"])
    assert status == 200
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WEBP"
    status, data = fetch(renditions["original"][0]["url"])
    assert status == 200
    assert data[:3] == b"\xff\xd8\xff"  # JPEG

    whatsapp = body(api(f"/api/v2/pages/{page.pk}/channels/whatsapp/?lang=en"))
    links = [message["image"]["link"] for message in whatsapp["messages"] if message["type"] == "image"]
    assert links == [renditions["original"][-1]["url"]]
    assert fetch(links[0]) == (200, fetch(renditions["original"][-1]["url"])[1])

    detail = body(api(f"/api/v2/images/{image.pk}/"))
    assert detail["renditions"] == renditions
    # The original stays private: the API's own address redirects to a signed URL.
    download = detail["meta"]["download_url"]
    assert download == f"{settings.WAGTAILADMIN_BASE_URL}/api/v2/images/{image.pk}/original/"
    response = client.get(download.removeprefix(settings.WAGTAILADMIN_BASE_URL))
    assert response.status_code == 302
    assert "X-Amz-Signature=" in response["Location"]
    status, data = fetch(response["Location"])
    assert status == 200
    assert data == image.file.open("rb").read()


def test_a_restricted_collections_image_never_gets_a_public_url(
    seeded, s3, s3_endpoint, admin_client, client, api, django_capture_on_commit_callbacks
):
    private = Collection.get_first_root_node().add_child(name="Patients' scans")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    image = upload(admin_client, django_capture_on_commit_callbacks, "Private", private)
    assert not {key for key in keys(s3, PUBLIC_PREFIX) if "/private" in key}
    assert fetch(f"{s3_endpoint}/{BUCKET}/{image.file.name}")[0] == 403
    api(f"/api/v2/images/{image.pk}/", status=404)
    assert client.get(f"/api/v2/images/{image.pk}/original/").status_code == 404
    # Editors see it in the admin through a short-lived signed URL.
    assert fetch(image.file.url)[0] == 200


def test_restricting_a_collection_takes_its_images_public_files_away(
    seeded, s3, s3_endpoint, admin_client, django_capture_on_commit_callbacks
):
    clinic = Collection.get_first_root_node().add_child(name="Clinic")
    image = upload(admin_client, django_capture_on_commit_callbacks, "Waiting", clinic)
    public = [rendition.url for rendition in image.renditions.all() if rendition.file.name.startswith(PUBLIC_PREFIX)]
    assert len(public) == 8
    assert {fetch(url)[0] for url in public} == {200}
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(collection=clinic, restriction_type="login")
    assert {fetch(url)[0] for url in public} <= {403, 404}
    assert not [r for r in Image.objects.get(pk=image.pk).renditions.all() if r.file.name.startswith(PUBLIC_PREFIX)]


def test_documents_are_served_through_wagtails_permission_check(seeded, s3, client):
    from django.core.files.base import ContentFile

    private = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    leaflet = Document.objects.create(title="Leaflet", file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf"))
    memo = Document.objects.create(
        title="Memo", file=ContentFile(b"%PDF-1.4 memo", name="memo.pdf"), collection=private
    )
    response = client.get(leaflet.url)
    assert response.status_code == 302
    assert fetch(response["Location"]) == (200, b"%PDF-1.4 leaflet")
    response = client.get(memo.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert fetch(memo.file.url.split("?")[0])[0] == 403
