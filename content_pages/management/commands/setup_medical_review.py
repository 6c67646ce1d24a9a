"""``manage.py setup_medical_review``: the Medical reviewers group and the Medical review
workflow, assigned to every article index (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content_pages.publishing.medical_review import MEDICAL_REVIEWERS, ensure_medical_review


class Command(BaseCommand):
    help = "Create the Medical reviewers group and the Medical review workflow for articles."

    def handle(self, *args: Any, **options: Any) -> None:
        workflow = ensure_medical_review()
        pages = ", ".join(str(page) for page in workflow.workflow_pages.all().select_related("page")) or "no pages yet"
        self.stdout.write(f"group ready: {MEDICAL_REVIEWERS}; workflow “{workflow.name}” on: {pages}")
