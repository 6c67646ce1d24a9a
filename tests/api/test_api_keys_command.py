"""``manage.py api_keys``: add prints the key once, list never shows it, revoke deactivates."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from content_pages.models import ApiKey

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_keys", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_add_list_revoke():
    out, _err = run("add", "--name", "Telegram bot", "--rate-limit", "300")
    plain = out.strip()
    key = ApiKey.objects.get(name="Telegram bot")
    assert key.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert key.rate_limit == 300
    listing, _err = run("list")
    assert "Telegram bot" in listing
    assert key.prefix in listing
    assert plain not in listing
    run("revoke", str(key.pk))
    key.refresh_from_db()
    assert not key.active
    with pytest.raises(CommandError):
        run("revoke", "999999")
