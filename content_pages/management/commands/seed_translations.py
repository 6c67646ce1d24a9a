"""``manage.py seed_translations export|check``: the seed's translation files.

- ``export [--lang LANG] [--output FILE]``: write the template ``locale/content/
  immunotherapy.pot`` (every text of the seed, English msgid, stable msgctxt, empty
  msgstr) from the seed as loaded in this database; with ``--lang``, that language's
  current translations instead (to standard output unless ``--output``). Run it on a
  database where the seed was just loaded, so that a changed English seed gives a new
  template.
- ``check [--lang LANG]``: every msgctxt of each language's PO file is a text of the
  seed with the same English, every text of the seed is translated, and the template
  matches the seed; exits non-zero naming what is missing or wrong. A rich text's English
  written as raw HTML (``<p>…</p>``, as older exports wrote it) is the same English: it is
  applied, and named as a warning.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.foundations.languages import english_name, target_languages
from content_pages.seed.translations import (
    LOCALE_DIR,
    check_seed_translations,
    export_seed_template,
    load_seed_data,
    po_path,
    seed_pages,
    template_is_current,
    template_path,
)


class Command(BaseCommand):
    help = "Export the seed's translation template, or check the seed's PO files against the seed."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        export = commands.add_parser("export", help="Write locale/content/immunotherapy.pot from the loaded seed.")
        export.add_argument("--lang", choices=target_languages(), help="Export this language's translations.")
        export.add_argument("--output", type=Path, help="File to write.")
        check = commands.add_parser("check", help="Check each language's PO file against the loaded seed.")
        check.add_argument("--lang", choices=target_languages(), action="append", help="Only this language.")
        for sub in (export, check):
            sub.add_argument(
                "--dir", type=Path, default=LOCALE_DIR, help="Where the seed's translation files are (locale/content)."
            )

    def handle(self, *args: Any, **options: Any) -> None:
        if "article" not in seed_pages(load_seed_data()):
            raise CommandError("The seed article is not in this database: run load_seed_content first.")
        if options["action"] == "export":
            self._export(options["lang"], options["output"], options["dir"])
        else:
            self._check(options["lang"] or list(target_languages()), options["dir"])

    def _export(self, language: str | None, output: Path | None, directory: Path) -> None:
        data = export_seed_template(language)
        if output is None and language is not None:
            sys.stdout.buffer.write(data)
            return
        path = output or template_path(directory)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.stdout.write(f"Wrote {path}")

    def _check(self, languages: list[str], directory: Path) -> None:
        failures: list[str] = []
        template = template_path(directory)
        failures += [f"template {template}: {difference}" for difference in template_is_current(template)]
        for language in languages:
            result = check_seed_translations(language, po_path(language, directory))
            name = f"{english_name(language)} ({result.path})"
            if result.missing_file:
                failures.append(f"{name}: no such file")
                continue
            failures += [f"{name}: not a text of the seed: {stable}" for stable in result.unknown]
            failures += [f"{name}: the English changed, translate again: {stable}" for stable in result.source_changed]
            failures += [f"{name}: not translated: {stable}" for stable in result.untranslated]
            for stable in result.raw_html_msgid:
                self.stdout.write(
                    self.style.WARNING(
                        f"{name}: msgid written as raw HTML (applied all the same; export again): {stable}"
                    )
                )
            if result.ok:
                self.stdout.write(f"{name}: every text of the seed is translated.")
        if failures:
            for failure in failures:
                self.stderr.write(failure)
            raise CommandError(
                f"{len(failures)} problem{'s' if len(failures) != 1 else ''} in the seed's translations."
            )
