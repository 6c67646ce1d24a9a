"""UI string catalogues (``locale/<lang>/LC_MESSAGES/django.po``) handled with Babel.

Extraction, merging, checking and compiling all run in Python so that setting up the
project, and CI, need no GNU gettext tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation import to_locale

from content_pages.foundations.languages import target_languages

DOMAIN = "django"


def _root() -> Path:
    return Path(settings.BASE_DIR)


def catalogue_path(language: str) -> Path:
    return _root() / "locale" / to_locale(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    extractor = "content_pages.foundations.babel_extract:extract_django_template"
    method_map = [
        ("content_pages/**.py", "python"),
        ("site_cms/**.py", "python"),
        ("templates/**.html", extractor),
    ]
    return method_map, {}


def extract() -> Catalog:
    """Every UI string the code and templates ask to translate."""
    template = Catalog(project="health-content-cms", charset="utf-8")
    method_map, options_map = _method_map()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(_root()), method_map, options_map, strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _load(language: str) -> Catalog:
    path = catalogue_path(language)
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=to_locale(language))
    return Catalog(locale=to_locale(language), project="health-content-cms", charset="utf-8")


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        catalog.fuzzy = False
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)


def update() -> list[Path]:
    """Merge newly extracted strings into each language's catalogue, keeping translations."""
    template = extract()
    written = []
    for language in target_languages():
        catalog = _load(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        _write(catalog, catalogue_path(language))
        written.append(catalogue_path(language))
    return written


@dataclass(frozen=True)
class CatalogueProblem:
    language: str
    message: str
    problem: str

    def __str__(self) -> str:
        return f"{catalogue_path(self.language).relative_to(_root())}: {self.problem}: {self.message!r}"


def check() -> list[CatalogueProblem]:
    """Strings used in code or templates that a catalogue lacks or leaves untranslated."""
    template = extract()
    problems = []
    for language in target_languages():
        catalog = _load(language)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, context=message.context)
            if found is None:
                problems.append(CatalogueProblem(language, str(message.id), "missing"))
            elif not found.string or found.fuzzy:
                problems.append(CatalogueProblem(language, str(message.id), "untranslated"))
    return problems


def compile_all() -> list[Path]:
    """Write the ``.mo`` files Django loads at run time."""
    written = []
    for language in target_languages():
        path = catalogue_path(language)
        if not path.exists():
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=to_locale(language))
        target = path.with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    return written
