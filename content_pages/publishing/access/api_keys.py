"""Issuing and revoking API keys.

A key is shown once, when it is made, and stored only as its SHA-256: a copy of the
database cannot be used to read the API under anyone's key.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction

from content_pages.models import ApiKey
from content_pages.reads.api_keys import KEY_SCHEME, forget, hash_key


def new_secret() -> tuple[str, str]:
    """A fresh key ``cms_<prefix>_<random>`` and its prefix ``cms_<prefix>`` (shown in
    listings to tell keys apart; 8 hex digits reveal nothing of the random part)."""
    prefix = f"{KEY_SCHEME}_{secrets.token_hex(4)}"
    return f"{prefix}_{secrets.token_urlsafe(32)}", prefix


def create_key(name: str, *, rate_limit: int, user: Any = None, active: bool = True) -> tuple[ApiKey, str]:
    """Store a new key and return it with its plain text, which is never available again."""
    plain, prefix = new_secret()
    key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        key_hash=hash_key(plain),
        rate_limit=rate_limit,
        active=active,
        created_by=user if getattr(user, "pk", None) else None,
    )
    return key, plain


def revoke(key: ApiKey) -> ApiKey:
    """Deactivate a key; its cached look-up is deleted once this commits, so every process
    sharing the cache (``CMS_CACHE_URL``) refuses it on its next request."""
    key.active = False
    key.save(update_fields=["active"])
    key_changed(key)
    return key


def key_changed(key: ApiKey) -> None:
    """Drop the cached lookup of a key whose state or limit changed, after commit (before
    it, a process could cache the old row again from the database)."""
    transaction.on_commit(lambda: forget(key.key_hash))
