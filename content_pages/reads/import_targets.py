"""What an imported document's lines may stand for: the live calls to action, the
enquiry forms with their fields, and the references already in the library.

Read once per import, in three queries, whatever the document's length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from content_pages.foundations.languages import localized_field_name, source_language
from content_pages.models import CallToAction, EnquiryFormField, EnquiryFormPage, Reference
from content_pages.models.forms import ENQUIRY_FIELD_CHOICES

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def comparable(text: str) -> str:
    """A line as it is compared with a snippet's text: case, curly quotes, dashes and
    runs of spaces do not matter, nor a full stop or colon at its end."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", folded).strip().rstrip(".:").strip()


@dataclass(frozen=True)
class CtaTarget:
    pk: int
    name: str
    heading: str
    body: str
    button_label: str

    def matches(self, text: str) -> bool:
        """A line that reads as this call to action's heading or text. Not its button
        label alone: "Read more" or "Learn more" is as likely the writer's own words."""
        key = comparable(text)
        return bool(key) and key in {part for part in (self.heading, self.body) if part}


@dataclass(frozen=True)
class FormTarget:
    pk: int
    title: str
    # Each field's label and the name of its type ("Checkboxes"), compared as ``comparable``.
    labels: frozenset[str]


@dataclass(frozen=True)
class ImportTargets:
    ctas: tuple[CtaTarget, ...]
    forms: tuple[FormTarget, ...]
    # DOI (normalised, lower case) -> reference id.
    references: dict[str, int]

    def cta_for(self, text: str) -> CtaTarget | None:
        return next((cta for cta in self.ctas if cta.matches(text)), None)

    def forms_with(self, text: str) -> list[FormTarget]:
        key = comparable(text)
        return [form for form in self.forms if key in form.labels]


def _text(obj: object, name: str) -> str:
    return comparable(getattr(obj, localized_field_name(name, source_language())) or "")


def _form_labels(fields: Iterable[EnquiryFormField]) -> frozenset[str]:
    type_names = {value: str(label) for value, label in ENQUIRY_FIELD_CHOICES}
    labels = set()
    for field in fields:
        labels.add(_text(field, "label"))
        labels.add(comparable(type_names.get(field.field_type, field.field_type)))
    return frozenset(label for label in labels if label)


def import_targets(dois: Iterable[str] = ()) -> ImportTargets:
    """The live calls to action (in id order, so the oldest wins a tie), every enquiry
    form page with its fields, and the references with one of ``dois``."""
    ctas = tuple(
        CtaTarget(cta.pk, cta.name, _text(cta, "heading"), _text(cta, "body"), _text(cta, "button_label"))
        for cta in CallToAction.objects.filter(live=True).order_by("pk")
    )
    forms = tuple(
        FormTarget(page.pk, page.title, _form_labels(page.form_fields.all()))
        for page in EnquiryFormPage.objects.order_by("path").prefetch_related("form_fields")
    )
    # DOIs are case-insensitive; stored ones keep the case they were written in.
    wanted = Q()
    for doi in {doi.lower() for doi in dois}:
        wanted |= Q(doi__iexact=doi)
    references = (
        {doi.lower(): pk for pk, doi in Reference.objects.filter(wanted).values_list("pk", "doi") if doi}
        if wanted
        else {}
    )
    return ImportTargets(ctas, forms, references)
