"""Admin forms that hold translators to their own language's texts.

A translator (see ``roles.py``) may change the fields of their language (its columns of
the fields in modeltranslation's registry, see ``foundations/translated_fields.py``) and
nothing else: not the source or another language, not the structure of a stream (blocks,
their order and type, list items, chosen snippets, heading levels), not inline children
(references, authors; a form field's label and choices are theirs, its type is not),
not scheduling. A translator is sent to the translation editor instead of these forms,
so a request that changes anything not theirs is crafted: it is refused as a whole with
a 403 (``TranslatorRefused``, answered by ``refusals.TranslatorRefusedMiddleware``) that
names each thing refused, and so is one whose form data cannot even be read (a stream
without its block count), which Wagtail would otherwise answer with a server error.
Nothing is saved either way.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from content_pages.foundations.languages import content_languages, english_name, localized_field_name
from content_pages.foundations.roles import field_allowed, translator_languages
from content_pages.reads.streams import stream_structure

# Fields the admin itself manages on every save; never a translator's change.
_BOOKKEEPING = {"comments", "comment_notifications"}
# Inline children the admin manages (comments), not content.
_IGNORED_FORMSETS = {"comments"}


def _label(form: Any, name: str) -> str:
    return capfirst(str(form.fields[name].label)) if name in form.fields else name


def _yours(languages: set[str]) -> str:
    return ", ".join(english_name(language) for language in sorted(languages))


# The rich text editor adds a key to every block it saves (``<p data-block-key="…">``),
# so an untouched rich text field comes back different from what was stored.
_BLOCK_KEY = re.compile(r'\s+data-block-key=(?:"[^"]*"|\\"[^"\\]*\\")')


def _comparable(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "stream_block"):
        value = json.dumps(value.stream_block.get_prep_value(value), ensure_ascii=False, sort_keys=True)
    elif hasattr(value, "source"):
        value = value.source
    return " ".join(html.unescape(_BLOCK_KEY.sub("", str(value))).split())


def _really_changed(form: Any, name: str) -> bool:
    """Changed in substance, not just in how the editor wrote the same content back."""
    if name not in form.cleaned_data:
        return True
    return _comparable(form.initial.get(name)) != _comparable(form.cleaned_data[name])


def _model(form: Any) -> Any:
    """The model a (sub)form edits, whose translated columns the registry knows; None for a plain form."""
    return getattr(getattr(form, "_meta", None), "model", None)


def _other_languages(form: Any, languages: set[str]) -> Iterator[str]:
    for name in form.changed_data:
        if name in _BOOKKEEPING or field_allowed(_model(form), name, languages) or not _really_changed(form, name):
            continue
        yield (
            f"“{_label(form, name)}” is not yours to change: as a translator you can change "
            f"{_yours(languages)} texts only."
        )


def _stream_structure(form: Any, languages: set[str]) -> Iterator[str]:
    for name in form.changed_data:
        if not field_allowed(_model(form), name, languages) or name not in form.cleaned_data:
            continue
        before, after = form.initial.get(name), form.cleaned_data[name]
        if not hasattr(after, "raw_data") and not hasattr(after, "stream_block"):
            continue  # not a StreamField
        if stream_structure(before) != stream_structure(after):
            yield (
                f"“{_label(form, name)}”: the blocks, their order and type, list items and chosen items follow "
                f"the English source; as a translator you can change {_yours(languages)} texts only."
            )


def _deleted(subform: Any) -> bool:
    if "DELETE" not in subform.fields:
        return False
    try:
        return bool(subform.fields["DELETE"].clean(subform["DELETE"].data))
    except ValidationError:  # malformed input counts as a change, and is refused
        return True


def _inline_changes(form: Any, languages: set[str]) -> Iterator[str]:
    for name, formset in getattr(form, "formsets", {}).items():
        if name in _IGNORED_FORMSETS:
            continue
        label = capfirst(name.replace("_", " "))
        initial = formset.initial_form_count()
        for index, subform in enumerate(formset.forms):
            if index >= initial:
                if subform.has_changed():
                    yield f"{label}: as a translator you cannot add items."
                continue
            if _deleted(subform):
                yield f"{label}: as a translator you cannot remove items."
                continue
            for field in subform.changed_data:
                if field == "ORDER":
                    yield f"{label}: as a translator you cannot reorder items."
                elif not field_allowed(_model(subform), field, languages):
                    yield (
                        f"{label}: “{_label(subform, field)}” is not yours to change; as a translator you can "
                        f"change {_yours(languages)} texts only."
                    )
        if formset.total_form_count() < initial:
            yield f"{label}: as a translator you cannot remove items."


class TranslatorRefused(Exception):
    """A translator's request touched what is not theirs, or could not be read; each
    reason names what was refused."""

    def __init__(self, instance: Any, reasons: list[str], languages: set[str]) -> None:
        super().__init__("; ".join(reasons))
        self.instance = instance
        self.reasons = reasons
        self.languages = languages


def _unreadable(form: Any, languages: set[str]) -> list[str]:
    """The fields whose posted data cannot be read at all (a StreamField without its
    ``-count``, a count that is not a number): what Wagtail would fail on with a server
    error. Read once here, before validation reads it again."""
    reasons = []
    for name in form.fields:
        try:
            form[name].data  # noqa: B018  # reading is the check: the widget parses the POST
        except (KeyError, ValueError, IndexError):
            reasons.append(
                f"“{_label(form, name)}” was sent incomplete or malformed; as a translator you can change "
                f"{_yours(languages)} texts only, in the translation editor."
            )
    return reasons


def translator_refusals(form: Any, languages: set[str]) -> list[str]:
    """Everything a translator's validated form changed that is not theirs, each named."""
    found = [*_other_languages(form, languages), *_stream_structure(form, languages), *_inline_changes(form, languages)]
    return list(dict.fromkeys(found))  # once each, in order


class _TranslatorRules:
    """Checked after the form and its inline formsets have been validated, so that
    structural changes in the formsets are seen as well as the form's own fields; a
    translator's request that breaks a rule is refused as a whole (``TranslatorRefused``)."""

    def is_valid(self) -> bool:
        form: Any = self
        languages = translator_languages(getattr(form, "for_user", None))
        if languages is not None:
            unreadable = _unreadable(form, languages)
            if unreadable:
                raise TranslatorRefused(form.instance, unreadable, languages)
        valid: bool = super().is_valid()  # type: ignore[misc]
        if languages is None or not hasattr(self, "cleaned_data"):
            return valid
        refused = translator_refusals(form, languages)
        if refused:
            raise TranslatorRefused(form.instance, refused, languages)
        return valid


class _UniqueSlugs:
    """Each language's slug is unique among the page's siblings, checked as a form error.

    Wagtail's page form checks only a field named ``slug``; with a slug per language the
    fields are ``slug_en``, ``slug_ms``… so a taken English slug reached ``Page.save()``
    and became a server error (autosave included), and a taken Malay one made two pages
    answer the same Malay address."""

    def clean(self) -> dict[str, Any]:
        form: Any = self
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        parent = getattr(form, "parent_page", None)
        if parent is None:
            return cleaned
        siblings = parent.get_children().exclude(pk=form.instance.pk)
        for language in content_languages():
            name = localized_field_name("slug", language)
            slug = cleaned.get(name)
            if slug and name not in form.errors and siblings.filter(**{name: slug}).exists():
                form.add_error(
                    name,
                    gettext("The slug “%(slug)s” is already used by another page in this section; choose another.")
                    % {"slug": slug},
                )
        return cleaned


class TranslatorAwarePageForm(_UniqueSlugs, _TranslatorRules, WagtailAdminPageForm):
    pass


class TranslatorAwareModelForm(_TranslatorRules, WagtailAdminModelForm):
    pass


class TranslatorAwareFormPageForm(_UniqueSlugs, _TranslatorRules, WagtailAdminFormPageForm):
    pass
