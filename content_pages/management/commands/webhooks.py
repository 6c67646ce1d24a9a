"""``manage.py webhooks add|list|remove|replay``: manage webhook subscriptions.

``add --url URL --events page.published,page.unpublished [--languages ms,en]
[--channels whatsapp] [--name NAME] [--include-feedback-comments]`` prints the new subscription's id and its signing
secret, once: it is stored encrypted and never shown again. ``list`` shows each
subscription with its filters, status and the secret's last four characters only.
``remove ID`` deletes one with its delivery log. ``replay EVENT_ID [--subscription ID]``
delivers an event again, at once, with the same ``webhook-id``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.models import OutboxEvent, WebhookDelivery, WebhookSubscription
from content_pages.publishing.webhooks.delivery import deliver_due, replay
from content_pages.publishing.webhooks.subscriptions import add_subscription, remove_subscription, status_text


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


class Command(BaseCommand):
    help = "Add, list, remove webhook subscriptions, and replay an event to them."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="add|list|remove|replay")
        add = actions.add_parser("add", help="Subscribe a URL; prints the signing secret once.")
        add.add_argument("--url", required=True)
        add.add_argument(
            "--events",
            default="",
            help="Comma-separated event types; empty: every type but feedback.received, sent only when listed.",
        )
        add.add_argument("--languages", default="", help="Comma-separated languages; empty: every language.")
        add.add_argument("--channels", default="", help="Comma-separated channels; empty: every channel.")
        add.add_argument("--name", default="")
        add.add_argument(
            "--include-feedback-comments",
            action="store_true",
            help="Send readers' comments with feedback.received events (otherwise only the answer).",
        )
        actions.add_parser("list", help="Subscriptions, their filters and status (never the secret).")
        remove = actions.add_parser("remove", help="Delete a subscription and its delivery log.")
        remove.add_argument("id", type=int)
        replay_parser = actions.add_parser("replay", help="Deliver an event again now, with the same webhook-id.")
        replay_parser.add_argument("event_id")
        replay_parser.add_argument("--subscription", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['action']}")(options)

    def handle_add(self, options: dict[str, Any]) -> None:
        try:
            subscription, secret = add_subscription(
                options["url"],
                _list(options["events"]),
                languages=_list(options["languages"]),
                channels=_list(options["channels"]),
                name=options["name"],
                include_feedback_comments=options["include_feedback_comments"],
            )
        except ValidationError as error:
            problems = (f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            raise CommandError(" ".join(problems)) from error
        self.stdout.write(f"Subscription {subscription.pk} created.")
        self.stdout.write(f"Signing secret (shown once, store it now): {secret}")

    def handle_list(self, _options: dict[str, Any]) -> None:
        for subscription in WebhookSubscription.objects.order_by("pk"):
            status = status_text(subscription)
            self.stdout.write(
                f"{subscription.pk}\t{subscription.name or '-'}\t{subscription.url}\t"
                f"events={','.join(subscription.events) or 'all'}\t"
                f"languages={','.join(subscription.languages) or 'all'}\t"
                f"channels={','.join(subscription.channels) or 'all'}\t"
                f"comments={'yes' if subscription.include_feedback_comments else 'no'}\t"
                f"secret=…{subscription.secret_hint}\t{status}"
            )

    def handle_remove(self, options: dict[str, Any]) -> None:
        try:
            remove_subscription(options["id"])
        except WebhookSubscription.DoesNotExist as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Subscription {options['id']} removed.")

    def handle_replay(self, options: dict[str, Any]) -> None:
        try:
            event_id = uuid.UUID(options["event_id"])
        except ValueError as error:
            raise CommandError(f"{options['event_id']!r} is not an event id (a UUID).") from error
        try:
            count = replay(event_id, subscription_id=options["subscription"])
        except OutboxEvent.DoesNotExist as error:
            raise CommandError(f"No event with id {event_id}.") from error
        except WebhookSubscription.DoesNotExist as error:
            raise CommandError(f"No webhook subscription with id {options['subscription']}.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        deliver_due(event_id=event_id, subscription_id=options["subscription"])
        deliveries = WebhookDelivery.objects.filter(event_id=event_id).select_related("subscription")
        if options["subscription"] is not None:
            deliveries = deliveries.filter(subscription_id=options["subscription"])
        self.stdout.write(f"Replayed event {event_id} to {count} subscription(s).")
        for delivery in deliveries.order_by("subscription_id"):
            last = delivery.attempt_log.order_by("-started_at", "-pk").first()
            detail = (last.error or f"HTTP {last.status_code}") if last else ""
            self.stdout.write(f"subscription {delivery.subscription_id}: {delivery.status} {detail}".rstrip())
