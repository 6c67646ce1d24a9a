"""Renditions: made by the worker when an image is saved or a page that shows it is
published, read (never made) by a reader's request, offered in WebP and the original format."""

import datetime
import uuid

import pytest
from wagtail.images.models import Rendition

from content_pages.foundations.limits import CHAT_IMAGE_MAX_BYTES, IMAGE_RENDITION_WIDTHS
from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageReference,
    Contributor,
    Reference,
    ReferenceAuthor,
)
from content_pages.publishing.renditions import render_one
from content_pages.rendering import images
from tests.api.conftest import body

pytestmark = pytest.mark.django_db


def test_saving_an_image_makes_every_width_in_webp_and_the_original_format(seeded, save_image):
    image = save_image(width=1600, height=900)
    specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert specs == set(images.ALL_SPECS)
    found = images.contract(images.renditions(image))
    assert [item.width for item in found.webp] == list(IMAGE_RENDITION_WIDTHS)
    assert [item.width for item in found.original] == list(IMAGE_RENDITION_WIDTHS)
    assert {item.mime_type for item in found.webp} == {"image/webp"}
    assert {item.mime_type for item in found.original} == {"image/jpeg"}


def test_an_image_narrower_than_a_width_is_offered_once_at_its_own_width(seeded, save_image):
    image = save_image(width=500, height=300, file_format="PNG", name="chart.png")
    found = images.contract(images.renditions(image))
    assert [item.width for item in found.original] == [320, 500]
    assert {item.mime_type for item in found.original} == {"image/png"}


def test_the_image_endpoint_lists_renditions_with_absolute_urls(seeded, api, save_image, settings):
    image = save_image(width=1600, height=900)
    detail = body(api(f"/api/v2/images/{image.pk}/"))
    base = settings.WAGTAILADMIN_BASE_URL
    assert detail["meta"]["download_url"].startswith(f"{base}/media/original_images/")
    webp = detail["renditions"]["webp"]
    assert [item["width"] for item in webp] == [320, 640, 1280]
    assert all(item["url"].startswith(f"{base}/media/images/") for item in webp)
    assert all(item["url"].endswith(".webp") for item in webp)
    assert [item["height"] for item in detail["renditions"]["original"]] == [180, 360, 720]


def test_a_reader_request_makes_no_rendition(seeded, api, save_image):
    image = save_image(width=1600, height=900)
    Rendition.objects.filter(image=image).delete()
    detail = body(api(f"/api/v2/images/{image.pk}/"))
    listing = body(api("/api/v2/images/"))
    assert detail["renditions"] == {"webp": [], "original": []}
    assert listing["items"][0]["renditions"] == {"webp": [], "original": []}
    assert not Rendition.objects.filter(image=image).exists()


def test_an_image_detail_and_a_list_cost_a_constant_number_of_queries(
    seeded, client, save_image, django_assert_num_queries
):
    first = save_image(width=1600, height=900)
    # Restricted collection paths, the image, its renditions.
    with django_assert_num_queries(3):
        assert client.get(f"/api/v2/images/{first.pk}/").status_code == 200
    # Restricted paths, the count, the page of images, their renditions: 4 for 1 or 6.
    with django_assert_num_queries(4):
        assert client.get("/api/v2/images/").status_code == 200
    for number in range(5):
        save_image(title=f"Image {number}", width=700, height=400)
    with django_assert_num_queries(4):
        assert len(client.get("/api/v2/images/").json()["items"]) == 6


def article_showing(image, *, slug="imaging"):
    """A publishable article whose hero image and one body block show ``image``."""
    block = {
        "type": "image",
        "id": str(uuid.uuid4()),
        "value": {"image": image.pk, "alt_text": "A scan", "caption": ""},
    }
    reference = Reference(title=f"Imaging study {slug}", journal="Journal", year=2020, doi=f"10.5555/{slug}")
    reference.authors = [ReferenceAuthor(family="Doe", given="J.")]
    reference.save()
    page = ArticlePage(
        title_en="Imaging",
        slug_en=slug,
        body_en=[block],
        hero_image=image,
        medical_reviewer=Contributor.objects.get(name="Cancer A-Z Medical Review Panel"),
        last_reviewed=datetime.date(2026, 11, 1),
        next_review_due=datetime.date(2027, 11, 1),
    )
    page.references = [ArticlePageReference(reference=reference, sort_order=0)]
    ArticleIndexPage.objects.get().add_child(instance=page)
    return page


def test_publishing_a_page_makes_the_renditions_its_payload_names(
    seeded, api, django_capture_on_commit_callbacks, save_image
):
    image = save_image(width=1600, height=900)
    Rendition.objects.filter(image=image).delete()  # as for an image saved before renditions were offered
    page = article_showing(image)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    detail = body(api(f"/api/v2/pages/{page.pk}/?lang=en"))
    hero = detail["hero_image"]
    assert (hero["width"], hero["height"]) == (1200, 630)
    assert [item["width"] for item in hero["renditions"]["webp"]] == [320, 640, 1280]
    block = detail["body"][0]["value"]
    assert block["url"].endswith(".width-960.jpg")
    assert block["renditions"] == hero["renditions"]
    assert set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True)) == set(images.ALL_SPECS)


def test_rendering_for_a_reader_who_met_a_stale_row_makes_no_rendition(
    seeded, django_capture_on_commit_callbacks, save_image
):
    image = save_image(width=1600, height=900)
    page = article_showing(image)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    Rendition.objects.filter(image=image).delete()
    rendition = render_one(page.pk, "web", "en")
    assert rendition is not None
    assert '"webp":[]' in rendition.body
    assert not Rendition.objects.filter(image=image).exists()


def test_a_new_file_reaches_the_pages_that_show_the_image(seeded, api, django_capture_on_commit_callbacks, save_image):
    image = save_image(width=1600, height=900)
    page = article_showing(image)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    before = body(api(f"/api/v2/pages/{page.pk}/?lang=en"))["hero_image"]["renditions"]
    from tests.media.conftest import photo

    with django_capture_on_commit_callbacks(execute=True):
        image.file = photo(1000, 1000, name="square.jpg")
        image._set_image_file_metadata()
        image.save()
        Rendition.objects.filter(image=image).delete()  # as Wagtail's image form does for a new file
    after = body(api(f"/api/v2/pages/{page.pk}/?lang=en"))["hero_image"]["renditions"]
    assert after != before
    assert [item["height"] for item in after["original"]] == [320, 640, 1000]


@pytest.mark.parametrize(("channel", "key"), [("whatsapp", "link"), ("telegram", "photo")])
def test_chat_image_messages_use_the_widest_jpeg_or_png_within_the_platforms_limit(
    seeded, django_capture_on_commit_callbacks, save_image, channel, key
):
    # Random pixels do not compress: 1280 x 2000 as PNG is about 7.7 MB, 640 x 1000 about 1.9 MB.
    image = save_image(width=1280, height=2000, noise=True, file_format="PNG", name="noise.png")
    page = article_showing(image, slug=f"noise-{channel}")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    found = images.renditions(image)
    assert found[images.spec(1280, images.ORIGINAL)].file.size > CHAT_IMAGE_MAX_BYTES
    chosen = found[images.spec(640, images.ORIGINAL)]
    stored = render_one(page.pk, channel, "en")
    assert stored is not None
    assert f'"{key}":"{images.url(chosen)}"' in stored.body


def test_a_jpeg_is_sent_to_chat_at_its_widest(seeded, django_capture_on_commit_callbacks, save_image):
    image = save_image(width=1600, height=900)
    page = article_showing(image, slug="photo-chat")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    widest = images.renditions(image)[images.spec(1280, images.ORIGINAL)]
    stored = render_one(page.pk, "whatsapp", "en")
    assert stored is not None
    assert f'"link":"{images.url(widest)}"' in stored.body
    assert ".webp" not in stored.body


def test_document_download_urls_are_absolute(seeded, api, settings):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Leaflet", file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf"))
    detail = body(api(f"/api/v2/documents/{document.pk}/"))
    # Wagtail's document view (its permission check), on the configured address; the file
    # name may carry a suffix when an earlier test left a leaflet.pdf in the media folder.
    assert detail["meta"]["download_url"] == f"{settings.WAGTAILADMIN_BASE_URL}{document.url}"
    assert document.url.startswith(f"/documents/{document.pk}/leaflet")


def test_the_web_page_offers_webp_and_the_original_format_by_width(
    seeded, client, django_capture_on_commit_callbacks, save_image
):
    from bs4 import BeautifulSoup

    image = save_image(width=1600, height=900)
    page = article_showing(image, slug="web-images")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    response = client.get(page.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    pictures = soup.find_all("picture")
    assert len(pictures) == 2  # the hero image, then the body's image block
    for picture in pictures:
        source, img = picture.find("source"), picture.find("img")
        assert source["type"] == "image/webp"
        assert [entry.rsplit(" ", 1)[1] for entry in source["srcset"].split(", ")] == ["320w", "640w", "1280w"]
        assert source["sizes"] == img["sizes"]
        assert img["srcset"].count(".jpg ") == 3
        assert (img["width"], img["height"]) == ("640", "360")
    assert [picture.find("img")["loading"] for picture in pictures] == ["eager", "lazy"]
    assert pictures[1].find("img")["alt"] == "A scan"
    og_image = soup.find("meta", property="og:image")["content"]
    assert og_image.endswith(".fill-1200x630.jpg")


def test_refresh_renditions_makes_the_renditions_of_images_saved_before_they_were_offered(seeded, save_image):
    import io

    from django.core.management import call_command

    image = save_image(width=1600, height=900)
    Rendition.objects.filter(image=image).delete()
    out = io.StringIO()
    call_command("refresh_renditions", stdout=out)
    assert "Made the renditions of 1 images." in out.getvalue()
    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(images.ALL_SPECS)


def test_wagtails_own_bookkeeping_saves_make_no_work(seeded, save_image, django_capture_on_commit_callbacks):
    image = save_image(width=700, height=400)
    with django_capture_on_commit_callbacks() as callbacks:
        image.save(update_fields=["file_size"])
    assert callbacks == []
    with django_capture_on_commit_callbacks() as callbacks:
        image.save(update_fields=["title"])
    assert len(callbacks) == 1


def test_a_restricted_collections_image_is_left_out_of_a_public_page(
    seeded, client, api, django_capture_on_commit_callbacks, save_image
):
    from wagtail.models import Collection, CollectionViewRestriction

    image = save_image(width=1600, height=900)
    page = article_showing(image, slug="restricted-image")
    with django_capture_on_commit_callbacks(execute=True):
        private = Collection.get_first_root_node().add_child(name="Private scans")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        image.collection = private
        image.save()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "<picture" not in html
    assert image.file.name not in html
    block = body(api(f"/api/v2/pages/{page.pk}/?lang=en"))["body"][0]["value"]
    assert block["url"] == ""
    assert block["renditions"] == {"webp": [], "original": []}
