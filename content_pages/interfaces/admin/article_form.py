"""The article editor's form: the translator rules, plus the article's inline references.

Django validates a form's own fields (and runs the model's ``clean``) before modelcluster
validates its inline formsets, and the instance being validated still holds the inline
children of the latest revision: the references being submitted only reach it when the
form is saved. So this form does two things with the submitted references:

- while the page validates itself, ``page.references`` holds what it will hold once
  saved, so the article's save rules (``Hook.ARTICLE_CLEAN``) judge what the editor is
  saving, not the revision being replaced;
- after everything is validated, a reference chosen twice is an error on the repeated
  row and on the form, naming the reference (``publishing/reference_rules.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from content_pages.interfaces.admin.forms import TranslatorAwarePageForm
from content_pages.publishing.reference_rules import repeated_reference_message, repeated_references

REFERENCES = "references"


def _deleted(subform: Any) -> bool:
    return bool(getattr(subform, "cleaned_data", {}).get("DELETE"))


def _children_once_saved(formset: Any) -> list[tuple[Any, Any]]:
    """(child, its form or None) for every child the relation will hold once the form is
    saved, the way modelcluster's formset saves it: the current children with edited
    rows as submitted and deleted rows gone, then the new rows. Call on a valid formset."""
    submitted = {subform.instance.pk: subform for subform in formset.initial_forms}
    children: list[tuple[Any, Any]] = []
    for child in getattr(formset.instance, formset.rel_name).all():
        if child.pk is None:
            continue  # an unsaved child is only kept if it is submitted again, as a new row
        subform = submitted.get(child.pk)
        if subform is None:
            children.append((child, None))
        elif not _deleted(subform):
            children.append((subform.instance, subform))
    children += [
        (subform.instance, subform)
        for subform in formset.extra_forms
        if subform.has_changed() and not _deleted(subform)
    ]
    return children


@contextmanager
def _children_as_saved(formset: Any) -> Iterator[None]:
    """Give the form's instance the children it will have once saved, for the duration of
    the block, then put back exactly what it held (modelcluster keeps in-memory children
    in ``_cluster_related_objects``; a relation with no entry there reads the database)."""
    instance, relation = formset.instance, formset.rel_name
    children = [child for child, _subform in _children_once_saved(formset)]
    held: dict[str, Any] = instance.__dict__.setdefault("_cluster_related_objects", {})
    had_entry = relation in held
    before = held.get(relation)
    setattr(instance, relation, children)
    try:
        yield
    finally:
        if had_entry:
            held[relation] = before
        else:
            held.pop(relation, None)


class ArticlePageForm(TranslatorAwarePageForm):
    def _post_clean(self) -> None:
        formset = self.formsets.get(REFERENCES)
        if formset is None or not formset.is_valid():
            super()._post_clean()
            return
        with _children_as_saved(formset):
            super()._post_clean()

    def is_valid(self) -> bool:
        valid = super().is_valid()
        formset = self.formsets.get(REFERENCES)
        if formset is None or not formset.is_valid():  # cached: validated once, by now
            return valid
        children = _children_once_saved(formset)
        repeats = repeated_references([child.reference if child.reference_id else None for child, _ in children])
        for position, reference in repeats.items():
            message = repeated_reference_message(reference)
            subform = children[position][1]
            if subform is not None:
                subform.add_error("reference", message)
            if message not in self.non_field_errors():
                self.add_error(None, message)
        return valid and not repeats
