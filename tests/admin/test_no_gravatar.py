"""Admin pages name no third party that would learn who the staff are."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_dashboard_sends_no_email_hash_to_gravatar(admin_user, client):
    admin_user.email = "reviewer@example.org"
    admin_user.save()
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "gravatar" not in html.lower()
    assert "avatar" in html  # the account menu still shows an avatar: Wagtail's default one
