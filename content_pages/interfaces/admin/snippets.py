"""Snippet admin: choosers offer only what readers could see.

A snippet saved as a draft but never published (or unpublished, or expired) still has a
row, and Wagtail's chooser would offer it; a page choosing it would show nothing in its
place. The choosers list live snippets only, so what an editor picks is what readers get.

The reference chooser can also create a reference, so an editor citing a new work need
not leave the article. A reference created there is published at once (a draft could not
be chosen): through the same model validation as the edit view (DOI normalised, a DOI
already on another reference refused) and the same publish gate, and only for users who
may publish references; authors are added afterwards in the reference's edit view.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.forms import Field, ModelForm, modelform_factory
from django.http import HttpRequest, HttpResponse
from typing_extensions import override
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetCreateView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

from content_pages.interfaces.admin.forms import TranslatorAwareModelForm
from content_pages.models import Reference
from content_pages.publishing.gate.errors import PublishRefused


class LiveOnly:
    def get_object_list(self) -> Any:
        return super().get_object_list().filter(live=True)  # type: ignore[misc]


class LiveChooseView(LiveOnly, ChooseView):
    pass


class LiveChooseResultsView(LiveOnly, ChooseResultsView):
    pass


class LiveSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = LiveChooseView
    choose_results_view_class = LiveChooseResultsView


class ReviewedSnippetViewSet(SnippetViewSet):
    chooser_viewset_class = LiveSnippetChooserViewSet

    @property
    def edit_handler(self) -> ObjectList:
        """The model's panels (as wagtail-modeltranslation patched them) in the translator-aware
        form: Wagtail binds a viewset's ``edit_handler`` to the model and builds its edit form
        from it, so the model itself names no admin form."""
        return ObjectList(self.model.panels, base_form_class=TranslatorAwareModelForm)


class PublishersCreate:
    """Creation in the chooser for those who may publish what they create."""

    def can_create(self) -> bool:
        policy = self.get_permission_policy()  # type: ignore[attr-defined]
        user = self.request.user  # type: ignore[attr-defined]
        return bool(policy.user_has_permission(user, "add") and policy.user_has_permission(user, "publish"))


class CreatingChooseView(PublishersCreate, LiveChooseView):
    pass


class CreatingChooseResultsView(PublishersCreate, LiveChooseResultsView):
    pass


class PublishingCreateView(PublishersCreate, SnippetCreateView):
    """Saves the new snippet and publishes it through the gate; a refusal is a form error."""

    def create_and_publish(self, form: ModelForm[Any]) -> Any | None:
        try:
            with transaction.atomic():
                obj = form.save()
                obj.save_revision(user=self.request.user).publish(user=self.request.user)
        except PublishRefused as refusal:
            form.add_error(None, refusal.problems)
            return None
        return obj

    @override
    def post(self, request: HttpRequest) -> HttpResponse:
        self.form = self.get_creation_form()
        if self.form.is_valid():
            obj = self.create_and_publish(self.form)
            if obj is not None:
                response: HttpResponse = self.get_chosen_response(obj)
                return response
        reshown: HttpResponse = self.get_reshow_creation_form_response()
        return reshown


def _https_by_default(field: models.Field[Any, Any], **kwargs: Any) -> Field | None:
    """A URL typed without a scheme is read as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    formfield: Field | None = field.formfield(**kwargs)
    return formfield


class ReferenceChooserViewSet(LiveSnippetChooserViewSet):
    choose_view_class = CreatingChooseView
    choose_results_view_class = CreatingChooseResultsView
    create_view_class = PublishingCreateView
    creation_form_class = modelform_factory(
        Reference,
        fields=["title", "year", "journal", "volume", "issue", "pages", "doi", "url", "lay_summary"],
        formfield_callback=_https_by_default,
    )
    create_action_label = "Create and publish"
    creation_tab_label = "Create"


class ReferenceViewSet(ReviewedSnippetViewSet):
    chooser_viewset_class = ReferenceChooserViewSet
