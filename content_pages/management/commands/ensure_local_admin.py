"""``manage.py ensure_local_admin``: a first login for a fresh local install.

Creates a superuser only when no user exists. The password comes from
``CMS_ADMIN_PASSWORD`` or is generated and printed once; it is never logged.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local admin user if the database has no users, and say how to log in."

    def handle(self, *args: Any, **options: Any) -> None:
        users = get_user_model()
        login_url = f"{settings.WAGTAILADMIN_BASE_URL}/admin/"
        if users.objects.exists():
            self.stdout.write(f"Users already exist; log in at {login_url} with your account.")
            return
        username = os.environ.get("CMS_ADMIN_USERNAME", "admin")
        password = os.environ.get("CMS_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Created admin user. Log in at {login_url} as “{username}” with password: {password}")
        )
        if "CMS_ADMIN_PASSWORD" not in os.environ:
            self.stdout.write("(This password is shown only now. Change it under Account in the admin.)")
