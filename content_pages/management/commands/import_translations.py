"""``manage.py import_translations FILE [--dry-run] [--publish [--reviewer USERNAME]]``: all or nothing.

FILE is a PO file or a workbook (.xlsx), told apart by ``files.is_workbook``.

A translation goes live only as a reviewer of its language approves it: ``--publish``
publishes with ``--reviewer`` naming a member of "Translation reviewers (<language>)",
who is recorded as the approver; without it the texts are submitted for review."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import reviewer_group_name, reviewer_languages
from content_pages.publishing.gate.language_review import approving_as
from content_pages.publishing.translations.files import import_file, language_of
from content_pages.publishing.translations.importing import ImportOptions, file_too_large
from content_pages.publishing.translations.outcome import ImportRejected, problem_lines


def _reviewer(username: str | None, publish: bool) -> Any:
    if username is None:
        return None
    if not publish:
        raise CommandError("--reviewer approves what --publish publishes; give both or neither.")
    found = get_user_model()._default_manager.filter(username=username).first()
    if found is None:
        raise CommandError(f"No user named {username!r}; nothing was imported.")
    return found


class Command(BaseCommand):
    help = (
        "Check a translated PO file or workbook (.xlsx) and write its translations "
        "(a draft revision, or published with --publish)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Also publish this language (only) of every live page and snippet in the file; "
            "pending drafts of other languages stay drafts, and nothing unpublished is made live. "
            "Without --reviewer the texts are submitted for review instead.",
        )
        parser.add_argument(
            "--reviewer",
            metavar="USERNAME",
            help="With --publish: the reviewer of the file's language who approved these texts "
            '(a member of its "Translation reviewers" group); recorded as the approver.',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        too_large = file_too_large(path.stat().st_size)
        if too_large is not None:
            raise CommandError(f"{path}: {too_large}; nothing was imported.")
        reviewer = _reviewer(options.get("reviewer"), options["publish"])
        data = path.read_bytes()
        if reviewer is not None:
            language = language_of(path.name, data)
            if language is not None and language not in reviewer_languages(reviewer):
                raise CommandError(
                    f"{reviewer.get_username()} is not a reviewer of {english_name(language)} translations "
                    f'(the group "{reviewer_group_name(language)}"); nothing was imported.'
                )
        try:
            with approving_as(reviewer) if reviewer is not None else nullcontext():
                report = import_file(
                    path.name, data, ImportOptions(publish=options["publish"], dry_run=options["dry_run"])
                )
        except ImportRejected as rejected:
            for line in problem_lines(rejected.report.problems, prefix=f"{path}: "):
                self.stderr.write(line)
            raise CommandError(f"{len(rejected.report.problems)} problem(s); nothing was imported.") from rejected
        verb = "Would import" if report.dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(report.imported)} changed {report.language} translation(s) into page(s) {report.pages}; "
                f"{len(report.unchanged)} unchanged; skipped {len(report.skipped_empty)} empty "
                f"and {len(report.skipped_fuzzy)} fuzzy."
            )
        )
        if report.skipped_removed:
            self.stdout.write(
                f"Skipped {len(report.skipped_removed)} whose text the pending draft removes (nowhere to keep "
                f"the translation): {', '.join(report.skipped_removed)}."
            )
        if options["publish"] and not report.dry_run:
            published = ", ".join(report.published) or "nothing had changed"
            self.stdout.write(f"Published {report.language} only: {published}.")
            if report.submitted:
                self.stdout.write(
                    f"Submitted for review by a reviewer of {report.language}, not published "
                    f"(name one with --reviewer to publish): {', '.join(report.submitted)}."
                )
            if report.not_live:
                self.stdout.write(f"Left as drafts because they are not live: {', '.join(report.not_live)}.")
