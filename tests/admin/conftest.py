"""Fixtures of the admin's tests."""

import pytest
from django.contrib.auth.models import Group, User

from content_pages.publishing.translators import ensure_translator_groups, group_name


@pytest.fixture
def malay_translator(client, seeded):
    ensure_translator_groups()
    user = User.objects.create_user(username="nurul", password="pw")
    user.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(user)
    return client
