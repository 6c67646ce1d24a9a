"""Admin forms that hold translators to their own language's texts.

A translator (see ``roles.py``) may change the fields of their language (its columns of
the fields in modeltranslation's registry, see ``foundations/translated_fields.py``) and
nothing else: not the source or another language, not the structure of a stream (blocks,
their order and type, list items, chosen snippets, heading levels), not inline children
(references, authors; a form field's label and choices are theirs, its type is not),
not scheduling. Each refusal is an error on the form that names what was refused, so a
crafted request is refused exactly like one from the editor.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from content_pages.foundations.languages import english_name
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


def _reject_other_languages(form: Any, languages: set[str]) -> None:
    for name in form.changed_data:
        if name in _BOOKKEEPING or field_allowed(_model(form), name, languages) or not _really_changed(form, name):
            continue
        form.add_error(
            None,
            f"“{_label(form, name)}” is not yours to change: as a translator you can change "
            f"{_yours(languages)} texts only.",
        )


def _reject_stream_structure(form: Any, languages: set[str]) -> None:
    for name in form.changed_data:
        if not field_allowed(_model(form), name, languages) or name not in form.cleaned_data:
            continue
        before, after = form.initial.get(name), form.cleaned_data[name]
        if not hasattr(after, "raw_data") and not hasattr(after, "stream_block"):
            continue  # not a StreamField
        if stream_structure(before) != stream_structure(after):
            form.add_error(
                None,
                f"“{_label(form, name)}”: the blocks, their order and type, list items and chosen items follow "
                f"the English source; as a translator you can change {_yours(languages)} texts only.",
            )


def _deleted(subform: Any) -> bool:
    if "DELETE" not in subform.fields:
        return False
    try:
        return bool(subform.fields["DELETE"].clean(subform["DELETE"].data))
    except ValidationError:  # malformed input counts as a change, and is refused
        return True


def _reject_inline_changes(form: Any, languages: set[str]) -> None:
    for name, formset in getattr(form, "formsets", {}).items():
        if name in _IGNORED_FORMSETS:
            continue
        label = capfirst(name.replace("_", " "))
        initial = formset.initial_form_count()
        for index, subform in enumerate(formset.forms):
            if index >= initial:
                if subform.has_changed():
                    form.add_error(None, f"{label}: as a translator you cannot add items.")
                continue
            if _deleted(subform):
                form.add_error(None, f"{label}: as a translator you cannot remove items.")
                continue
            for field in subform.changed_data:
                if field == "ORDER":
                    form.add_error(None, f"{label}: as a translator you cannot reorder items.")
                elif not field_allowed(_model(subform), field, languages):
                    form.add_error(
                        None,
                        f"{label}: “{_label(subform, field)}” is not yours to change; as a translator you can "
                        f"change {_yours(languages)} texts only.",
                    )
        if formset.total_form_count() < initial:
            form.add_error(None, f"{label}: as a translator you cannot remove items.")


def enforce_translator_rules(form: Any) -> bool:
    """Add an error for everything a translator changed that is not theirs; True if none."""
    languages = translator_languages(getattr(form, "for_user", None))
    if languages is None:
        return True
    _reject_other_languages(form, languages)
    _reject_stream_structure(form, languages)
    _reject_inline_changes(form, languages)
    return not form.errors


class _TranslatorRules:
    """Checked after the form and its inline formsets have been validated, so that
    structural changes in the formsets are seen as well as the form's own fields."""

    def is_valid(self) -> bool:
        valid = super().is_valid()  # type: ignore[misc]
        if not hasattr(self, "cleaned_data"):
            return valid
        return enforce_translator_rules(self) and valid


class TranslatorAwarePageForm(_TranslatorRules, WagtailAdminPageForm):
    pass


class TranslatorAwareModelForm(_TranslatorRules, WagtailAdminModelForm):
    pass


class TranslatorAwareFormPageForm(_TranslatorRules, WagtailAdminFormPageForm):
    pass
