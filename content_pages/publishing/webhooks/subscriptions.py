"""Subscriptions: who is told about which events, validated once here for every entry point.

The command, the admin and tests all create subscriptions through ``add_subscription``,
so a bad URL, event type, language or channel is refused the same way everywhere, with
a message naming the bad value and listing the valid ones.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from content_pages.foundations.languages import content_languages
from content_pages.models import EVENT_TYPES, OutboxEvent, WebhookSubscription
from content_pages.publishing.webhooks.addresses import entry_problem
from content_pages.publishing.webhooks.secrets import encrypt_secret, generate_secret, secret_hint
from content_pages.rendering.channels import CHANNELS

# Sent only to subscriptions that list them: not a change to what patients read.
OPT_IN_EVENT_TYPES = ("feedback.received",)


def channel_names() -> tuple[str, ...]:
    return tuple(CHANNELS)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot receive webhooks, or None.

    HTTPS is required, so payloads and signatures are not readable on the way; plain
    HTTP is allowed to loopback (a receiver on the same machine, and the tests) and with
    ``DEBUG``. The host must resolve to public addresses only (``addresses.py``), unless
    ``CMS_WEBHOOK_ALLOW_PRIVATE`` allows the rest.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return f"{url!r} is not a valid URL."
    if parts.scheme not in ("http", "https") or not host:
        return f"{url!r} is not an http(s) URL with a host."
    if parts.username or parts.password:
        return "The URL must not contain a user name or password; the signature authenticates deliveries."
    if parts.scheme == "http" and not (settings.DEBUG or _is_loopback(host)):
        return f"{url!r} must use https (plain http is allowed only to loopback addresses or with DEBUG)."
    return entry_problem(host, port)


def _unknown(kind: str, values: Iterable[str], valid: Iterable[str]) -> str | None:
    valid = tuple(valid)
    bad = [value for value in values if value not in valid]
    if bad:
        return f"Unknown {kind} {', '.join(map(repr, bad))}; valid {kind}s are: {', '.join(valid)}."
    return None


def validate(url: str, events: Iterable[str], languages: Iterable[str], channels: Iterable[str]) -> None:
    """Raise ``ValidationError`` keyed by field (url, events, languages, channels)."""
    problems = {
        "url": url_problem(url),
        "events": _unknown("event type", events, EVENT_TYPES),
        "languages": _unknown("language", languages, content_languages()),
        "channels": _unknown("channel", channels, channel_names()),
    }
    errors = {field: [problem] for field, problem in problems.items() if problem}
    if errors:
        raise ValidationError(errors)


def add_subscription(
    url: str,
    events: Iterable[str],
    languages: Iterable[str] = (),
    channels: Iterable[str] = (),
    name: str = "",
    *,
    include_feedback_comments: bool = False,
) -> tuple[WebhookSubscription, str]:
    """Create a subscription; returns it and its secret, which is shown once and never again.

    ``include_feedback_comments`` sends readers' comments with ``feedback.received``
    events: off unless asked for, since comments are meant for editors and reviewers."""
    events, languages, channels = list(events), list(languages), list(channels)
    validate(url, events, languages, channels)
    secret = generate_secret()
    subscription = WebhookSubscription.objects.create(
        name=name,
        url=url,
        events=events,
        languages=languages,
        channels=channels,
        include_feedback_comments=include_feedback_comments,
        secret_encrypted=encrypt_secret(secret),
        secret_hint=secret_hint(secret),
    )
    return subscription, secret


def remove_subscription(subscription_id: int) -> None:
    """Delete a subscription with its deliveries and their attempt log."""
    deleted, _ = WebhookSubscription.objects.filter(pk=subscription_id).delete()
    if not deleted:
        raise WebhookSubscription.DoesNotExist(f"No webhook subscription with id {subscription_id}.")


def rotate_secret(subscription_id: int) -> str:
    """A new secret for the subscription (returned once); deliveries sign with it from now on."""
    secret = generate_secret()
    updated = WebhookSubscription.objects.filter(pk=subscription_id).update(
        secret_encrypted=encrypt_secret(secret), secret_hint=secret_hint(secret)
    )
    if not updated:
        raise WebhookSubscription.DoesNotExist(f"No webhook subscription with id {subscription_id}.")
    return secret


def set_active(subscription: WebhookSubscription, active: bool) -> None:
    """Enable or disable by hand; enabling clears the automatic disabling and the failure streak."""
    with transaction.atomic():
        subscription.active = active
        fields = ["active"]
        if active:
            subscription.disabled_at = None
            subscription.disabled_reason = ""
            subscription.failing_since = None
            fields += ["disabled_at", "disabled_reason", "failing_since"]
        subscription.save(update_fields=fields)


def matches(subscription: WebhookSubscription, event: OutboxEvent) -> bool:
    """Whether the subscription wants the event.

    Its type must be listed (no types listed: every content type, but not
    ``OPT_IN_EVENT_TYPES``, which only a subscription listing them receives: a receiver
    written for publishes must not start getting readers' answers). Languages and
    channels must overlap the event's; an empty list on either side means "all", so an
    event that names no language (a deletion, say) reaches language-filtered subscribers too.
    """
    if subscription.events:
        if event.type not in subscription.events:
            return False
    elif event.type in OPT_IN_EVENT_TYPES:
        return False
    for wanted, given in ((subscription.languages, event.languages), (subscription.channels, event.channels)):
        if wanted and given and not set(wanted) & set(given):
            return False
    return True


def status_text(subscription: WebhookSubscription) -> str:
    """ "active", "active, failing since …" or "disabled …: reason", for listings."""
    if subscription.active:
        if subscription.failing_since:
            return f"active, failing since {subscription.failing_since:%Y-%m-%d %H:%M} UTC"
        return "active"
    if subscription.disabled_at:
        return f"disabled {subscription.disabled_at:%Y-%m-%d %H:%M} UTC: {subscription.disabled_reason}"
    return "disabled"
