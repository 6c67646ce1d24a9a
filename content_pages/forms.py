"""Admin forms that hold translators to their own language."""

from __future__ import annotations

from typing import Any

from django.utils.text import capfirst
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm

from .i18n.languages import english_name
from .services.translators import field_allowed, translator_languages

# Fields the admin itself manages on every save; never a translator's change.
_BOOKKEEPING = {"comments", "comment_notifications", "go_live_at", "expire_at"}


def _reject_other_languages(form: Any) -> None:
    languages = translator_languages(getattr(form, "for_user", None))
    if languages is None:
        return
    names = ", ".join(english_name(language) for language in sorted(languages))
    for name in form.changed_data:
        if name in _BOOKKEEPING or field_allowed(name, languages):
            continue
        label = capfirst(str(form.fields[name].label)) if name in form.fields else name
        form.add_error(None, f"“{label}” is not yours to change: as a translator you can change {names} texts only.")


class TranslatorAwarePageForm(WagtailAdminPageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _reject_other_languages(self)
        return cleaned


class TranslatorAwareModelForm(WagtailAdminModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _reject_other_languages(self)
        return cleaned


class TranslatorAwareFormPageForm(WagtailAdminFormPageForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        _reject_other_languages(self)
        return cleaned
