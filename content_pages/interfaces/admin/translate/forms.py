"""The translation editor's form: three fields per segment shown, built from the segments.

``t:<id>`` is the translation typed, ``s:<id>`` the source it was typed against (a save
whose source changed meanwhile is refused) and ``ok:<id>`` the "still correct" tick of
a stale text. The names are the segment ids so that a refusal from the save, which names
its segment, lands on that segment's row; anything else posted is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from content_pages.publishing.translations.outcome import Problem
from content_pages.reads.segments import Segment

TEXT, SOURCE, CONFIRMED = "t", "s", "ok"


def _lines(value: Any) -> Any:
    """A browser's text area sends CRLF; translator text separates paragraphs with LF."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class _TranslatorText(forms.CharField):
    """A text area's value with its line ends as translator text has them."""

    def to_python(self, value: Any) -> str | None:
        return super().to_python(_lines(value))


def field_name(kind: str, segment_id: str) -> str:
    return f"{kind}:{segment_id}"


class TranslationForm(forms.Form):
    """What one save of the editor sends. Only the fields a request posts count: a text
    not sent is left as it is, and a source not sent is not compared."""

    action = forms.CharField(required=False)

    def __init__(self, *args: Any, segments: Iterable[Segment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.segment_ids = [segment.id for segment in segments]
        self.texts: dict[str, str] = {}
        self.typed: dict[str, str] = {}
        for segment_id in self.segment_ids:
            self.fields[field_name(TEXT, segment_id)] = _TranslatorText(required=False)
            self.fields[field_name(SOURCE, segment_id)] = _TranslatorText(required=False, strip=False)
            self.fields[field_name(CONFIRMED, segment_id)] = forms.BooleanField(required=False)

    @property
    def wants_review(self) -> bool:
        """Whether the save also submits for review: known before the form is checked,
        so that someone who may not submit is refused before anything else."""
        return bool(self["action"].value() == "submit")

    def _posted(self, kind: str) -> Iterator[tuple[str, str]]:
        """(segment id, field name) of each field of ``kind`` the request sent."""
        for segment_id in self.segment_ids:
            name = field_name(kind, segment_id)
            if self.add_prefix(name) in self.data:
                yield segment_id, name

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        self.texts = {segment_id: cleaned[name] for segment_id, name in self._posted(TEXT) if name in cleaned}
        # What the translator typed, shown again beside any problem: as sent where it was refused.
        self.typed = {
            segment_id: self.texts.get(segment_id, str(_lines(self[name].value())))
            for segment_id, name in self._posted(TEXT)
        }
        return cleaned

    def sources(self) -> dict[str, str]:
        return {segment_id: self.cleaned_data[name] for segment_id, name in self._posted(SOURCE)}

    def confirmed(self) -> set[str]:
        return {
            segment_id for segment_id in self.segment_ids if self.cleaned_data.get(field_name(CONFIRMED, segment_id))
        }

    def refuse(self, problems: Iterable[Problem]) -> None:
        """The save's refusals: each on its segment's text, or for the whole form when it
        names no segment shown here."""
        for problem in problems:
            name = field_name(TEXT, problem.segment)
            if name in self.fields:
                self.add_error(name, problem.message)
            else:
                self.add_error(None, str(problem))

    def segment_errors(self) -> dict[str, list[str]]:
        """The problems of each segment, by segment id, whichever of its fields they are on."""
        found: dict[str, list[str]] = {}
        for name, errors in self.errors.items():
            _kind, _sep, segment_id = name.partition(":")
            if segment_id:
                found.setdefault(segment_id, []).extend(str(message) for message in errors)
        return found

    def general_errors(self) -> list[str]:
        """The problems that name no segment."""
        return [
            str(message) if name == NON_FIELD_ERRORS else f"{name}: {message}"
            for name, errors in self.errors.items()
            if ":" not in name
            for message in errors
        ]
