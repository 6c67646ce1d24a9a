"""Settings → API keys: administrators only; a new key is shown once and stored as a hash."""

import hashlib
import logging
import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import override_settings
from django.urls import reverse

from content_pages.models import ApiKey
from content_pages.publishing.access.api_keys import create_key
from content_pages.publishing.medical_review import MEDICAL_REVIEWERS
from content_pages.publishing.translators import ensure_translator_groups, group_name
from content_pages.reads.api_keys import cache_key
from tests.refusals import assert_refused

pytestmark = pytest.mark.django_db

INDEX = "api_keys:index"
ADD = "api_keys:add"


def user_in(group_name_):
    user = User.objects.create_user(username=f"user-{group_name_}", password="pw")
    user.groups.add(Group.objects.get(name=group_name_))
    return user


@pytest.fixture
def key_admin():
    user = user_in("Editors")
    user.username = "key-admin"
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="add_apikey"))
    return user


def test_an_admin_creates_a_key_and_sees_it_once(seeded, admin_client, admin_user, caplog):
    caplog.set_level(logging.DEBUG)
    response = admin_client.post(reverse(ADD), {"name": "Website", "rate_limit": "900", "active": "on"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = re.search(r'value="(cms_[0-9a-f]{8}_[A-Za-z0-9_-]+)"', response.content.decode()).group(1)
    key = ApiKey.objects.get(name="Website")
    assert key.rate_limit == 900
    assert key.active
    assert key.created_by == admin_user
    assert key.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(f"{key.prefix}_")
    assert plain not in caplog.text
    listing = admin_client.get(reverse(INDEX)).content.decode()
    assert "Website" in listing
    assert key.prefix in listing
    assert plain not in listing
    edit = admin_client.get(reverse("api_keys:edit", args=[key.pk])).content.decode()
    assert plain not in edit
    assert key.key_hash not in edit


def test_the_key_works_against_the_api(seeded, admin_client, client):
    response = admin_client.post(reverse(ADD), {"name": "Bot", "rate_limit": "7", "active": "on"})
    plain = re.search(r'value="(cms_[^"]+)"', response.content.decode()).group(1)
    api = client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert api.status_code == 200
    assert api["RateLimit-Limit"] == "7"


def test_unticking_active_revokes_the_key(seeded, admin_client):
    key, _plain = create_key("Old app", rate_limit=10)
    response = admin_client.post(reverse("api_keys:edit", args=[key.pk]), {"name": "Old app", "rate_limit": "10"})
    assert response.status_code == 302
    key.refresh_from_db()
    assert not key.active


def test_revoking_in_the_admin_deletes_the_shared_look_up_once_saved(
    seeded, admin_client, client, redis_server, django_capture_on_commit_callbacks
):
    """With the cache in Redis, what every process reads is gone when the save commits."""
    shared = {
        "BACKEND": "content_pages.foundations.shared_cache.ResilientRedisCache",
        "LOCATION": redis_server.url,
    }
    with override_settings(CACHES={"default": shared}):
        key, plain = create_key("Old app", rate_limit=10)
        assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 200
        assert redis_server.keys("*api-key:*") == [f":1:{cache_key(key.key_hash)}"]
        with django_capture_on_commit_callbacks(execute=True):
            edit = reverse("api_keys:edit", args=[key.pk])
            assert admin_client.post(edit, {"name": "Old app", "rate_limit": "10"}).status_code == 302
        assert redis_server.keys("*api-key:*") == []
        assert client.get("/api/v2/pages/", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401


def test_a_user_with_the_add_permission_may_manage_keys(seeded, client, key_admin):
    client.force_login(key_admin)
    assert client.get(reverse(INDEX)).status_code == 200
    assert client.post(reverse(ADD), {"name": "Partner", "rate_limit": "60"}).status_code == 200
    assert ApiKey.objects.filter(name="Partner").exists()


@pytest.mark.parametrize("role", ["Editors", "Moderators", MEDICAL_REVIEWERS, "translator"])
def test_editors_reviewers_and_translators_may_not(seeded, client, role):
    if role == "translator":
        ensure_translator_groups()
        role = group_name("ms")
    user = user_in(role)
    client.force_login(user)
    key, _plain = create_key("Website", rate_limit=10)
    for url in (reverse(INDEX), reverse(ADD), reverse("api_keys:edit", args=[key.pk])):
        assert_refused(client.get(url))
    assert_refused(client.post(reverse(ADD), {"name": "Mine", "rate_limit": "100000"}))
    assert not ApiKey.objects.filter(name="Mine").exists()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) not in menu
