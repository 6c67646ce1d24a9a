"""Which fields are translated, and which of them are translator text.

django-modeltranslation's registry is the one list: ``content_pages/translation.py``
registers this app's fields and wagtail-modeltranslation registers Page's own (title,
slug, SEO title, search description, URL path). Everything that asks "which fields of
this model are translated?" (PO export and import, translation status, translators'
admin forms, the one-language publish, the audit of a publish's languages) asks here,
so a newly registered field is exported, tracked, editable by translators and published
per language without another list to update.

The exclusions are named once, below. The module sits in ``foundations`` because it
reads the registry of whatever model it is given and names no model of the project:
``foundations.roles`` (which form fields a translator may change) needs it, and
nothing in ``foundations`` may import ``models``. It reads the registry when called,
after ``translation.py`` has been autodiscovered at start-up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.db import models
from modeltranslation.translator import NotRegistered, TranslationOptions, translator
from wagtail.models import Page

ModelOrInstance = type[models.Model] | models.Model

# Registered, but derived from other fields whenever the object is saved: never edited,
# copied by a one-language publish, exported or counted as a change of a language.
DERIVED: Mapping[type[models.Model], frozenset[str]] = {
    Page: frozenset({"url_path"}),  # made from the slugs when a page is saved
}
# Registered, but not text for a translator to translate in a PO file. A page's slug
# is part of its URL in that language (``/ms/artikel/…``): a translator may set it in
# the admin and a one-language publish carries it, but it is not prose and has its own
# rules (unique among siblings, URL characters), so it is not exported. SEO title and
# search description are prose that readers see in search results: translator text.
NOT_TRANSLATOR_TEXT: Mapping[type[models.Model], frozenset[str]] = {
    Page: frozenset({"slug"}) | DERIVED[Page],
}


def _model(obj: ModelOrInstance) -> type[models.Model]:
    return obj if isinstance(obj, type) else type(obj)


def _options(obj: ModelOrInstance) -> TranslationOptions | None:
    try:
        return translator.get_options_for_model(_model(obj))
    except NotRegistered:
        return None


def _excluded(model: type[models.Model], exclusions: Mapping[type[models.Model], frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*(names for base, names in exclusions.items() if issubclass(model, base)))


def is_translated(obj: ModelOrInstance) -> bool:
    """Whether the model has any translated field (its own or inherited)."""
    options = _options(obj)
    return bool(options and options.all_fields)


def translated_models() -> list[type[models.Model]]:
    """Every concrete model with translated fields."""
    return [model for model in translator.get_registered_models(abstract=False) if is_translated(model)]


def registered_fields(obj: ModelOrInstance) -> tuple[str, ...]:
    """Every translated field of the model, as registered (inherited ones included), in
    the model's field order: ``("title", "slug", "url_path", …, "standfirst", "body")``."""
    options = _options(obj)
    if options is None:
        return ()
    names = set(options.all_fields)
    return tuple(field.name for field in _model(obj)._meta.fields if field.name in names)


def translator_fields(obj: ModelOrInstance) -> tuple[str, ...]:
    """The registered fields that are translator text: exported to PO, counted in the
    translation status. Registered fields minus ``NOT_TRANSLATOR_TEXT``."""
    excluded = _excluded(_model(obj), NOT_TRANSLATOR_TEXT)
    return tuple(name for name in registered_fields(obj) if name not in excluded)


def _columns(obj: ModelOrInstance) -> Iterator[tuple[str, str, str]]:
    """(field, column, language) for every language column of every registered field."""
    options = _options(obj)
    if options is None:
        return
    for name, columns in options.all_fields.items():
        for column in columns:
            yield name, column.name, column.language


def language_columns(obj: ModelOrInstance, language: str) -> tuple[str, ...]:
    """The columns of one language (``title_ms``, ``body_ms``, ``slug_ms``…): everything
    a translator of that language may change and a one-language publish copies.
    Derived fields (``url_path``) are left out."""
    derived = _excluded(_model(obj), DERIVED)
    return tuple(sorted(column for name, column, code in _columns(obj) if code == language and name not in derived))


def column_language(obj: ModelOrInstance, column: str) -> str | None:
    """The language of a translation column (``button_label_ms`` -> ``ms``); None for
    any other field, and for the columns of derived fields."""
    derived = _excluded(_model(obj), DERIVED)
    return next((code for name, col, code in _columns(obj) if col == column and name not in derived), None)


def is_derived(obj: ModelOrInstance, name: str) -> bool:
    """Whether ``name`` is a derived registered field or one of its columns (``url_path``,
    ``url_path_ms``)."""
    derived = _excluded(_model(obj), DERIVED)
    return name in derived or any(col == name for field, col, _code in _columns(obj) if field in derived)
