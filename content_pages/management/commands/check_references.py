"""``manage.py check_references [--timeout SECONDS]``: does every reference's DOI resolve?

One line per reference whose DOI does not resolve (or could not be checked), then a
summary. Exits 0 when every DOI resolves, 1 when some do not or could not be checked,
and 2 when the resolver (``CMS_DOI_RESOLVER``, https://doi.org/) cannot be reached.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from content_pages.publishing.doi_resolution import (
    DoiCheck,
    Outcome,
    ResolverUnreachable,
    check_dois,
    references_with_dois,
    resolver_host,
)


def _line(check: DoiCheck, host: str) -> str:
    return (
        f"Reference {check.reference_id} “{check.title}”: DOI {check.doi} {check.outcome} "
        f"({host} answered {check.status})."
    )


def _summary(checks: list[DoiCheck]) -> str:
    counts = {outcome: sum(1 for check in checks if check.outcome is outcome) for outcome in Outcome}
    return (
        f"Checked {len(checks)} DOI(s): {counts[Outcome.RESOLVES]} resolve, "
        f"{counts[Outcome.NOT_FOUND]} do not resolve, {counts[Outcome.UNCHECKED]} could not be checked."
    )


class Command(BaseCommand):
    help = "Check that every reference's DOI resolves at the DOI resolver (CMS_DOI_RESOLVER)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--timeout", type=float, help="Seconds to wait for each answer (CMS_DOI_TIMEOUT).")

    def handle(self, *args: Any, **options: Any) -> None:
        host = resolver_host()
        try:
            checks = check_dois(references_with_dois(), timeout=options["timeout"])
        except ResolverUnreachable as unreachable:
            for check in unreachable.checked:
                if check.problem:
                    self.stdout.write(_line(check, host))
            self.stderr.write(str(unreachable))
            raise SystemExit(2) from unreachable
        problems = [check for check in checks if check.problem]
        for check in problems:
            self.stdout.write(_line(check, host))
        summary = _summary(checks)
        if problems:
            self.stdout.write(self.style.WARNING(summary))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(summary))
