"""Snippet, image and document endpoints, validated against the OpenAPI document."""

import pytest
from django.core.files.base import ContentFile
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from content_pages.models import CallToAction, Reference

from .conftest import body

pytestmark = pytest.mark.django_db


def test_cta_list_and_detail_in_chinese(seeded, api):
    listing = body(api("/api/v2/snippets/ctas/?lang=zh-hans&limit=10"))
    assert listing["meta"]["total_count"] == 6
    whatsapp = CallToAction.objects.get(kind="whatsapp")
    detail = body(api(f"/api/v2/snippets/ctas/{whatsapp.pk}/?lang=zh-hans"))
    assert detail["button_label"] == "WhatsApp 咨询"
    assert detail["url"].startswith("https://wa.me/60123456789?text=%E6%82%A8%E5%A5%BD")
    assert detail["meta"]["fallbacks"] == []


def test_reference_list_and_detail(seeded, api):
    listing = body(api("/api/v2/snippets/references/"))
    assert listing["meta"]["total_count"] == 5
    sahin = Reference.objects.get(doi="10.1038/nature23003")
    detail = body(api(f"/api/v2/snippets/references/{sahin.pk}/?lang=ms"))
    assert len(detail["authors"]) == 7
    assert detail["apa"].startswith(
        "Sahin, U., Derhovanessian, E., Miller, M., Kloke, B. P., Simon, P., Löwer, M., & Türeci, Ö."
    )
    assert detail["doi_url"] == "https://doi.org/10.1038/nature23003"
    api("/api/v2/snippets/references/99999/", status=404)


def test_images_and_documents(seeded, api):
    image = Image.objects.create(title="Clinic", file=get_test_image_file(), description="A clinic waiting room")
    document = Document.objects.create(title="Leaflet", file=ContentFile(b"%PDF-1.4 leaflet", name="leaflet.pdf"))
    images = body(api("/api/v2/images/"))
    assert [item["id"] for item in images["items"]] == [image.pk]
    detail = body(api(f"/api/v2/images/{image.pk}/"))
    assert detail["alt_text"] == "A clinic waiting room"
    assert detail["width"] == 640
    documents = body(api("/api/v2/documents/"))
    assert documents["items"][0]["title"] == "Leaflet"
    assert body(api(f"/api/v2/documents/{document.pk}/"))["meta"]["download_url"].endswith("leaflet.pdf")
    api("/api/v2/images/99999/", status=404)
    api("/api/v2/documents/?lang=ms", status=400)


def test_the_validator_rejects_a_response_of_the_wrong_shape(seeded, client, openapi):
    from openapi_core.validation.response.exceptions import InvalidData

    response = client.get(f"/api/v2/snippets/ctas/{CallToAction.objects.first().pk}/")
    response.content = response.content.replace(b'"kind":"', b'"kind":"carrier-pigeon-')
    with pytest.raises(InvalidData):
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))


def _private_tree():
    """A login-restricted collection, a child and a grandchild of it."""
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Private")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    child = private.add_child(name="Clinicians")
    return child, child.add_child(name="Slides")


def test_media_below_a_restricted_collection_are_not_served(seeded, api):
    from wagtail.models import Collection

    child, grandchild = _private_tree()
    public = Collection.get_first_root_node().add_child(name="Public")
    shown = Image.objects.create(title="Clinic", file=get_test_image_file(), collection=public)
    hidden = [
        Image.objects.create(title="Scan", file=get_test_image_file(), collection=collection)
        for collection in (child, grandchild)
    ]
    hidden_documents = [
        Document.objects.create(title="Notes", file=ContentFile(b"%PDF-1.4", name="notes.pdf"), collection=collection)
        for collection in (child, grandchild)
    ]
    leaflet = Document.objects.create(title="Leaflet", file=ContentFile(b"%PDF-1.4", name="leaflet.pdf"))

    images = body(api("/api/v2/images/"))
    assert [item["id"] for item in images["items"]] == [shown.pk]
    assert images["meta"]["total_count"] == 1
    documents = body(api("/api/v2/documents/"))
    assert [item["id"] for item in documents["items"]] == [leaflet.pk]
    for image in hidden:
        api(f"/api/v2/images/{image.pk}/", status=404)
    for document in hidden_documents:
        api(f"/api/v2/documents/{document.pk}/", status=404)
    body(api(f"/api/v2/images/{shown.pk}/"))


def test_media_listing_queries_do_not_grow_with_restrictions(seeded, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Collection, CollectionViewRestriction

    Image.objects.create(title="Clinic", file=get_test_image_file())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v2/images/").status_code == 200
        return len(captured)

    _private_tree()
    before = queries()
    for name in ("A", "B", "C"):
        collection = Collection.get_first_root_node().add_child(name=name).add_child(name=f"{name} inner")
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    assert queries() == before
