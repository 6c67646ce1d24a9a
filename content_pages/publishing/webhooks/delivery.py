"""Delivering events: one delivery per (event, subscription), attempted until it succeeds.

Retries do not use delayed tasks (the immediate backend refuses ``run_after``): a
delivery that failed is simply a row whose ``next_attempt_at`` lies ahead, and
``deliver_due()``, called after each event and periodically by the worker loop, picks
up whatever is due. Each delivery is claimed with one conditional UPDATE, so several
workers (or processes) never attempt the same delivery at once; a claim is a lease, so a
worker killed mid-delivery leaves a row another worker takes over once it expires.

Every attempt sends the same body and the same ``webhook-id`` (the event's id, also on
replay), so receivers can drop duplicates (the body is built per subscription, since only
some receive readers' comments: ``outbox/payload.py``); a fresh ``webhook-timestamp`` and signature
per attempt keep receivers' replay-window checks passing. The HTTP call runs outside any
transaction or lock. Nothing logged or stored names the secret, the body or the URL.

Each attempt resolves the host once, refuses it when any address is not public
(``addresses.py``), and connects to the vetted address itself, with the URL's host in the
``Host`` header and in TLS (SNI and certificate check): a second lookup could answer
differently. An attempt that fails records a category (timeout, connection refused, TLS
error, DNS failure, refused address, HTTP status), never the socket's own message, which
would let an admin probe which ports answer where.
"""

from __future__ import annotations

import datetime
import logging
import random
import time
import uuid
from dataclasses import dataclass
from http import HTTPStatus

import certifi
import urllib3
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from content_pages.models import OutboxEvent, WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.publishing.outbox.payload import FeedbackGone, event_body
from content_pages.publishing.webhooks.addresses import RefusedAddress, UnresolvableHost, resolve
from content_pages.publishing.webhooks.secrets import SecretUnreadable, decrypt_secret
from content_pages.publishing.webhooks.subscriptions import matches

logger = logging.getLogger(__name__)

USER_AGENT = "content-pages-webhooks/1 (Standard Webhooks)"
LEASE_MARGIN = 5.0  # seconds beyond the longest an attempt can take
JITTER = 0.1


def timeout() -> float:
    return float(settings.CMS_WEBHOOK_TIMEOUT)


def retry_schedule() -> tuple[float, ...]:
    """Seconds before each retry, from ``CMS_WEBHOOK_RETRY_SCHEDULE`` ("5,30,…" or a sequence)."""
    value = settings.CMS_WEBHOOK_RETRY_SCHEDULE
    items = value.split(",") if isinstance(value, str) else value
    return tuple(max(0.0, float(item)) for item in items if str(item).strip())


def _lease() -> datetime.timedelta:
    # The timeout applies to the connection and to each read: allow for both (an address that
    # refuses at once is passed over; one that times out ends the attempt).
    return datetime.timedelta(seconds=2 * timeout() + LEASE_MARGIN)


def fan_out(event: OutboxEvent) -> list[WebhookDelivery]:
    """One delivery, due now, for each active subscription that wants this completed event.

    Safe to call again (or concurrently) for the same event: existing deliveries are
    returned as they are, never duplicated (unique per event and subscription).
    """
    if event.completed_at is None:
        raise ValueError(f"Event {event.id} is not completed yet; fan it out after completion.")
    now = timezone.now()
    deliveries = []
    for subscription in WebhookSubscription.objects.filter(active=True):
        if matches(subscription, event):
            delivery, _ = WebhookDelivery.objects.get_or_create(
                event=event, subscription=subscription, defaults={"next_attempt_at": now}
            )
            deliveries.append(delivery)
    return deliveries


def _due(now: datetime.datetime) -> Q:
    return Q(status=WebhookDelivery.PENDING, next_attempt_at__lte=now) | Q(
        status=WebhookDelivery.SENDING, claimed_until__lt=now
    )


def _claim(event_id: uuid.UUID | None, subscription_id: int | None) -> WebhookDelivery | None:
    """Claim one due delivery, or None when nothing is due.

    The UPDATE repeats the "due" condition, so of two workers that read the same row only
    the one whose UPDATE changes it (rowcount 1) goes on; this needs no row locks and
    works the same on SQLite and PostgreSQL.
    """
    while True:
        now = timezone.now()
        candidates = WebhookDelivery.objects.filter(
            _due(now), subscription__active=True, event__completed_at__isnull=False
        )
        if event_id is not None:
            candidates = candidates.filter(event_id=event_id)
        if subscription_id is not None:
            candidates = candidates.filter(subscription_id=subscription_id)
        pks = list(candidates.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:20])
        if not pks:
            return None
        for pk in pks:
            claimed_until = now + _lease()
            if (
                WebhookDelivery.objects.filter(_due(now), pk=pk).update(
                    status=WebhookDelivery.SENDING, claimed_until=claimed_until
                )
                == 1
            ):
                return WebhookDelivery.objects.select_related("event", "subscription").get(pk=pk)
        # Every candidate was taken by another worker meanwhile: look again.


def deliver_due(
    *, event_id: str | uuid.UUID | None = None, limit: int = 100, subscription_id: int | None = None
) -> int:
    """Attempt up to ``limit`` due deliveries (of one event, when given); returns how many.

    Due: pending with ``next_attempt_at`` passed, or claimed by a worker whose lease ran out.
    Call it outside a transaction: each claim must be committed before its HTTP call, or
    other workers would wait on (PostgreSQL) or not see (SQLite) the claimed row.
    """
    attempted = 0
    while attempted < limit:
        delivery = _claim(uuid.UUID(str(event_id)) if event_id is not None else None, subscription_id)
        if delivery is None:
            break
        _attempt(delivery)
        attempted += 1
    return attempted


@dataclass(frozen=True)
class Outcome:
    started_at: datetime.datetime
    duration_ms: int
    status_code: int | None
    error: str
    # Nothing left to send (a feedback event whose answer was deleted): no retry, and no
    # mark against the receiver, which did nothing wrong.
    gone: bool = False

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and HTTPStatus.OK <= self.status_code < HTTPStatus.MULTIPLE_CHOICES


def signed_headers(event: OutboxEvent, secret: str, body: str) -> dict[str, str]:
    """Standard Webhooks headers: the event's id (same on every attempt), now, the signature."""
    msg_id = str(event.id)
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, now, body),
    }


def _post(delivery: WebhookDelivery) -> Outcome:
    """Send one attempt; never raises for what the receiver or the network does."""
    started_at = timezone.now()
    clock = time.monotonic()
    status_code: int | None = None
    error = ""
    gone = False
    try:
        body = event_body(delivery.event, delivery.subscription)
        headers = signed_headers(delivery.event, decrypt_secret(delivery.subscription.secret_encrypted), body)
        status_code = _send(delivery.subscription.url, body.encode("utf-8"), headers)
        if HTTPStatus.MULTIPLE_CHOICES <= status_code < HTTPStatus.BAD_REQUEST:
            error = f"HTTP {status_code}: redirect not followed"
        elif not HTTPStatus.OK <= status_code < HTTPStatus.MULTIPLE_CHOICES:
            error = f"HTTP {status_code}"
    except SecretUnreadable as unreadable:
        error = str(unreadable)
    except FeedbackGone:
        gone = True
        error = "Gone: the answer this event announces was deleted with its page; nothing was sent"
    except UnresolvableHost:
        error = "DNS failure: the host name did not resolve"
    except RefusedAddress:
        error = "Refused address: the host resolves to a non-public address"
    except urllib3.exceptions.NewConnectionError as refused:
        # Before TimeoutError: urllib3 makes NewConnectionError a kind of ConnectTimeoutError.
        error = _connection_category(refused)
    except urllib3.exceptions.TimeoutError:
        error = f"Timeout: no response within {timeout():g} s"
    except urllib3.exceptions.SSLError:
        error = "TLS error: the receiver's certificate or TLS set-up was refused"
    except (urllib3.exceptions.HTTPError, OSError) as failure:
        error = _connection_category(failure)
    duration_ms = int((time.monotonic() - clock) * 1000)
    return Outcome(started_at, duration_ms, status_code, error, gone)


def _send(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST to the first address of the URL's host that accepts a connection; the status."""
    parts = urllib3.util.parse_url(url)
    scheme, host = parts.scheme or "https", parts.host or ""
    port = parts.port or (443 if scheme == "https" else 80)
    hostname = host.strip("[]")
    resolved = resolve(hostname, port)
    default_port = port == (443 if scheme == "https" else 80)
    host_header = host if default_port else f"{host}:{port}"
    request_target = parts.request_uri
    last_failure: Exception | None = None
    for address in resolved.addresses:
        with _pool(scheme, str(address), port, hostname) as pool:
            try:
                response = pool.urlopen(
                    "POST",
                    request_target,
                    body=body,
                    headers={**headers, "Host": host_header},
                    redirect=False,
                    retries=False,
                    preload_content=False,  # the status is all we need: never read a receiver's (maybe huge) body
                    assert_same_host=False,
                )
            except urllib3.exceptions.NewConnectionError as failure:
                last_failure = failure  # this address does not answer: the next one may
                continue
            status = int(response.status)
            response.close()
            return status
    if last_failure is None:
        raise UnresolvableHost(hostname)
    raise last_failure


def _pool(scheme: str, address: str, port: int, hostname: str) -> urllib3.HTTPConnectionPool:
    pool_timeout = urllib3.Timeout(connect=timeout(), read=timeout())
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=pool_timeout,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
            server_hostname=hostname,
            assert_hostname=hostname,
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=pool_timeout, retries=False)


def _connection_category(failure: BaseException) -> str:
    """ "Connection refused" or "Connection failed": which, and nothing of the socket's message."""
    cause: BaseException | None = failure
    seen = set()
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ConnectionRefusedError):
            return "Connection refused: nothing accepted the connection"
        cause = cause.__cause__ or cause.__context__
    return "Connection failed: the connection could not be made or was dropped"


def _attempt(delivery: WebhookDelivery) -> None:
    outcome = _post(delivery)
    WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=outcome.started_at,
        duration_ms=outcome.duration_ms,
        status_code=outcome.status_code,
        succeeded=outcome.succeeded,
        error=outcome.error,
    )
    now = timezone.now()
    attempts = delivery.attempts + 1
    # Only the holder of the claim records the result: a worker whose lease ran out and
    # was taken over leaves the row to the one that took it.
    ours = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.SENDING, claimed_until=delivery.claimed_until
    )
    subscription = delivery.subscription
    if outcome.succeeded:
        ours.update(status=WebhookDelivery.DELIVERED, attempts=attempts, delivered_at=now, claimed_until=None)
        WebhookSubscription.objects.filter(pk=subscription.pk, failing_since__isnull=False).update(failing_since=None)
        return
    if outcome.gone:
        ours.update(status=WebhookDelivery.FAILED, attempts=attempts, claimed_until=None)
        return
    schedule = retry_schedule()
    if attempts > len(schedule):
        ours.update(status=WebhookDelivery.FAILED, attempts=attempts, claimed_until=None)
        logger.warning(
            "Webhook delivery %s (subscription %s) failed after %s attempts: %s",
            delivery.pk,
            subscription.pk,
            attempts,
            outcome.error,
        )
    else:
        ours.update(
            status=WebhookDelivery.PENDING,
            attempts=attempts,
            next_attempt_at=now + datetime.timedelta(seconds=_jittered(schedule[attempts - 1])),
            claimed_until=None,
        )
    _record_failure(subscription, now, outcome.error)


def _jittered(seconds: float) -> float:
    """±10%, so receivers coming back up are not met by every retry at the same instant."""
    return max(0.0, seconds * random.uniform(1 - JITTER, 1 + JITTER))  # noqa: S311 - not for security


def _record_failure(subscription: WebhookSubscription, now: datetime.datetime, error: str) -> None:
    """Start the failure streak, and disable a subscription failing for CMS_WEBHOOK_DISABLE_AFTER."""
    WebhookSubscription.objects.filter(pk=subscription.pk, failing_since__isnull=True).update(failing_since=now)
    subscription.refresh_from_db(fields=["failing_since", "active"])
    if not subscription.active or subscription.failing_since is None:
        return
    disable_after = datetime.timedelta(seconds=float(settings.CMS_WEBHOOK_DISABLE_AFTER))
    if now - subscription.failing_since < disable_after:
        return
    reason = f"Failing without a success since {subscription.failing_since:%Y-%m-%d %H:%M} UTC; last error: {error}"
    if WebhookSubscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, disabled_at=now, disabled_reason=reason
    ):
        logger.warning("Webhook subscription %s disabled: %s", subscription.pk, reason)


def replay(event_id: str | uuid.UUID, subscription_id: int | None = None) -> int:
    """Deliver an event again (as pending, due now, retries from the start); returns how many.

    With a subscription: that subscription's delivery, created if it had none. Without:
    every delivery the event already has, plus any active subscription that matches it
    now. The attempt log is kept; the ``webhook-id`` stays the event's id, so receivers
    that already have it can recognise the repeat.
    """
    event = OutboxEvent.objects.get(pk=event_id)
    if event.completed_at is None:
        raise ValueError(f"Event {event.id} is not completed yet; it will be delivered when it is.")
    now = timezone.now()
    reset = {
        "status": WebhookDelivery.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "claimed_until": None,
        "delivered_at": None,
    }
    if subscription_id is not None:
        subscription = WebhookSubscription.objects.get(pk=subscription_id)
        if not subscription.active:
            raise ValueError(f"Webhook subscription {subscription_id} is disabled; enable it before replaying.")
        WebhookDelivery.objects.update_or_create(event=event, subscription=subscription, defaults=reset)
        return 1
    count = WebhookDelivery.objects.filter(event=event).update(**reset)
    existing = set(WebhookDelivery.objects.filter(event=event).values_list("pk", flat=True))
    count += len([delivery for delivery in fan_out(event) if delivery.pk not in existing])
    return count
