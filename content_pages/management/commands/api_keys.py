"""``manage.py api_keys add --name N [--rate-limit 600] | list | revoke ID``.

The same service as Settings → API keys in the admin, for scripted set-ups. ``add``
prints the new key once, on standard output only; it is never stored or shown again.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.models import ApiKey
from content_pages.publishing.access.api_keys import create_key, revoke


class Command(BaseCommand):
    help = "Create, list and revoke API keys (Authorization: Bearer <key> on /api/v2/)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Create a key and print it once.")
        add.add_argument("--name", required=True)
        add.add_argument("--rate-limit", type=int, default=600, help="Requests per minute (default 600).")
        actions.add_parser("list", help="List keys (never their secret).")
        revoke_parser = actions.add_parser("revoke", help="Deactivate a key.")
        revoke_parser.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "add":
            if options["rate_limit"] < 1:
                raise CommandError("--rate-limit must be at least 1.")
            key, plain = create_key(options["name"], rate_limit=options["rate_limit"])
            self.stderr.write(f"Created API key {key.pk} ({key.prefix}…). Copy it now; it is not shown again:")
            self.stdout.write(plain)
        elif action == "list":
            for key in ApiKey.objects.order_by("pk"):
                state = "active" if key.active else "revoked"
                self.stdout.write(
                    f"{key.pk}\t{key.prefix}…\t{key.name}\t{key.rate_limit}/min\t{state}\t{key.created_at:%Y-%m-%d}"
                )
        else:
            found = ApiKey.objects.filter(pk=options["id"]).first()
            if found is None:
                raise CommandError(f"No API key with id {options['id']}.")
            revoke(found)
            self.stdout.write(
                f"Revoked API key {found.pk} ({found.name}). Processes sharing the cache (CMS_CACHE_URL) refuse it "
                f"at once; others within {settings.CMS_API_KEY_CACHE_SECONDS} s."
            )
