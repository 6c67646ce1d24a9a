"""The article's reference chooser can create a reference, published at once."""

import pytest
from django.urls import reverse

from content_pages.models import Reference
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

CHOOSE = "wagtailsnippetchoosers_content_pages_reference:choose"
CREATE = "wagtailsnippetchoosers_content_pages_reference:create"

NEW = {"title": "Fatigue after chemotherapy", "year": "2021", "journal": "Supportive Care", "doi": "", "url": ""}


def test_the_chooser_offers_a_creation_form(seeded, admin_client):
    chooser = admin_client.get(reverse(CHOOSE))
    assert chooser.status_code == 200
    assert reverse(CREATE) in chooser.json()["html"]
    response = admin_client.get(reverse(CREATE))
    assert response.status_code == 200
    assert response.json()["step"] == "reshow_creation_form"
    assert 'name="title"' in response.json()["htmlFragment"]


def test_a_reference_created_in_the_chooser_is_live_and_chosen(seeded, admin_client):
    response = admin_client.post(reverse(CREATE), {**NEW, "doi": "https://doi.org/10.1000/FATIGUE.1"})
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    reference = Reference.objects.get(title="Fatigue after chemotherapy")
    assert reference.live
    assert reference.live_revision is not None
    assert reference.doi == "10.1000/FATIGUE.1"  # normalised by the model's own rules
    assert response.json()["result"]["id"] == str(reference.pk)
    # ...and the chooser then offers it.
    assert "Fatigue after chemotherapy" in admin_client.get(reverse(CHOOSE)).json()["html"]


def test_a_doi_already_on_another_reference_is_refused(seeded, admin_client):
    existing = Reference.objects.get(doi="10.1038/nature23003")
    count = Reference.objects.count()
    response = admin_client.post(reverse(CREATE), {**NEW, "doi": existing.doi})
    assert response.json()["step"] == "reshow_creation_form"
    assert "already has this DOI" in response.json()["htmlFragment"]
    assert Reference.objects.count() == count


def test_editors_who_cannot_publish_references_are_not_offered_creation(seeded, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="add_reference"),
        Permission.objects.get(codename="change_reference"),
    )
    client.force_login(user)
    # Wagtail answers a refused admin view with a redirect to the dashboard and a message.
    assert_refused(client.get(reverse(CREATE)))
    assert_refused(client.post(reverse(CREATE), NEW))
    chooser = client.get(reverse(CHOOSE))
    assert chooser.status_code == 200
    assert reverse(CREATE) not in chooser.json()["html"]
    assert not Reference.objects.filter(title=NEW["title"]).exists()
