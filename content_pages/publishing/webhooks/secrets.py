"""Signing secrets: made once, shown once, stored encrypted.

A subscriber needs the secret to verify signatures, so we must be able to read it back
(unlike a password); storing it encrypted keeps a database dump from being enough to
forge deliveries. The Fernet key comes from ``CMS_WEBHOOK_ENCRYPTION_KEY`` (one or more
Fernet keys, comma-separated: the first encrypts, all decrypt, so keys can be rotated)
or, when that is unset, is derived from ``SECRET_KEY``.

Rotating ``SECRET_KEY`` without setting ``CMS_WEBHOOK_ENCRYPTION_KEY`` makes every
stored secret unreadable (keys derived from ``SECRET_KEY_FALLBACKS`` still decrypt, as
long as the old key is listed there): deliveries then fail with ``SecretUnreadable``,
logged without the secret, until each subscription's secret is rotated.
"""

from __future__ import annotations

import base64
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "whsec_"
SECRET_BYTES = 32  # Standard Webhooks asks for 24 to 64 random bytes
_HKDF_INFO = b"content_pages.webhooks.secrets"


class SecretUnreadable(Exception):
    """The stored secret cannot be decrypted with the configured keys."""


class EncryptionKeyInvalid(ImproperlyConfigured):
    """``CMS_WEBHOOK_ENCRYPTION_KEY`` holds something that is not a Fernet key."""


def generate_secret() -> str:
    """A new Standard Webhooks secret: ``whsec_`` and base64 of 32 random bytes."""
    return PREFIX + base64.b64encode(os.urandom(SECRET_BYTES)).decode("ascii")


def secret_hint(secret: str) -> str:
    """The last four characters: enough to tell secrets apart, too little to use."""
    return secret[-4:]


def encrypt_secret(secret: str) -> str:
    return _fernet().encrypt(secret.encode("utf-8")).decode("ascii")


def decrypt_secret(token: str) -> str:
    try:
        fernet = _fernet()
    except EncryptionKeyInvalid as error:
        raise SecretUnreadable(str(error)) from error
    try:
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError) as error:
        raise SecretUnreadable(
            "The webhook signing secret cannot be decrypted with the current keys (was SECRET_KEY "
            "or CMS_WEBHOOK_ENCRYPTION_KEY changed?); rotate this subscription's secret."
        ) from error


def _derived_key(secret_key: str) -> bytes:
    """A Fernet key from Django's SECRET_KEY, separated from its other uses by HKDF's info."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(secret_key.encode("utf-8"))
    return base64.urlsafe_b64encode(key)


def _fernet() -> MultiFernet:
    """Dedicated keys first (the first encrypts), then keys derived from SECRET_KEY and
    its fallbacks, so secrets stored before a dedicated key was set stay readable."""
    configured: list[str | bytes] = [
        key.strip() for key in settings.CMS_WEBHOOK_ENCRYPTION_KEY.split(",") if key.strip()
    ]
    secret_keys: list[str] = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    keys = [*configured, *(_derived_key(key) for key in secret_keys)]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise EncryptionKeyInvalid(
            "CMS_WEBHOOK_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes each), comma-separated; "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from error
