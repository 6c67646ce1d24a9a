"""Settings → Webhook subscriptions: add, edit, watch and replay webhook deliveries.

Only superusers and holders of ``content_pages.add_webhooksubscription`` see any of it:
whoever can change a subscription's URL can send every event anywhere, so every action
(listing, editing, deliveries, replay) asks for that one permission. Editors, medical
reviewers and translators do not have it and are refused.

The signing secret is shown once, on the page that answers the "create" POST (never
stored in the session or a message, never sent again); listings show its last four
characters. A subscription disabled after failing for a day is announced on the listing
and on the dashboard, since no delivery reaches it until someone looks.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views import View
from typing_extensions import override
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.log_actions import log
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from content_pages.foundations.languages import content_languages, english_name
from content_pages.models import EVENT_TYPES, WebhookAttempt, WebhookDelivery, WebhookSubscription
from content_pages.publishing.webhooks.delivery import deliver_due, replay
from content_pages.publishing.webhooks.subscriptions import add_subscription, channel_names, status_text, validate

PERMISSION = "content_pages.add_webhooksubscription"
TEMPLATES = "content_pages/admin/webhooks"

User = AbstractBaseUser | AnonymousUser


class WebhookPermissionPolicy(ModelPermissionPolicy):
    """Every action on webhooks needs the one permission to add subscriptions."""

    @override
    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(user.is_active and user.has_perm(PERMISSION))

    @override
    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return self.user_has_permission(user, "add")

    @override
    def users_with_any_permission(self, actions: Any) -> Any:
        return super().users_with_any_permission(["add"])


policy = WebhookPermissionPolicy(WebhookSubscription)
register_permission_policy(WebhookSubscription, policy)


def _choices(values: Any) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


class SubscriptionForm(WagtailAdminModelForm):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https", help_text="Where events are POSTed.")
    events = forms.MultipleChoiceField(
        choices=lambda: _choices(EVENT_TYPES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None ticked: every event type except feedback.received, which is sent only when ticked.",
    )
    languages = forms.MultipleChoiceField(
        choices=lambda: [(code, f"{english_name(code)} ({code})") for code in content_languages()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Events about these languages only; none ticked: every language.",
    )
    channels = forms.MultipleChoiceField(
        choices=lambda: _choices(channel_names()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Events about these channels only; none ticked: every channel.",
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "languages", "channels", "include_feedback_comments"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "url" in data:
            try:
                validate(data["url"], data.get("events", []), data.get("languages", []), data.get("channels", []))
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, problems)
        return data


class SubscriptionEditForm(SubscriptionForm):
    class Meta(SubscriptionForm.Meta):
        fields = [*SubscriptionForm.Meta.fields, "active"]

    def save(self, commit: bool = True) -> WebhookSubscription:
        subscription: WebhookSubscription = super().save(commit=False)
        if subscription.active and subscription.disabled_at is not None:
            # Enabled again by hand: start afresh, failure streak and reason cleared.
            subscription.disabled_at = None
            subscription.disabled_reason = ""
            subscription.failing_since = None
        if commit:
            subscription.save()
        return subscription


class SubscriptionCreateView(generic.CreateView):
    """Creates through the service, then answers with the secret, once."""

    secret = ""

    def save_instance(self) -> WebhookSubscription:
        data = self.form.cleaned_data
        subscription, self.secret = add_subscription(
            data["url"],
            data["events"],
            data["languages"],
            data["channels"],
            name=data["name"],
            include_feedback_comments=data.get("include_feedback_comments", False),
        )
        log(instance=subscription, action="wagtail.create", user=self.request.user)
        return subscription

    def save_action(self) -> HttpResponse:
        response = TemplateResponse(
            self.request,
            f"{TEMPLATES}/created.html",
            {
                "subscription": self.object,
                "secret": self.secret,
                "index_url": reverse(self.index_url_name),
                "header_title": "Webhook subscription created",
                "page_title": "Webhook subscription created",
                "header_icon": "link-external",
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class SubscriptionIndexView(generic.IndexView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.results_only:
            for subscription in disabled_subscriptions():
                messages.warning(request, f"Webhook subscription “{subscription}” was {status_text(subscription)}")
        response: HttpResponse = super().get(request, *args, **kwargs)
        return response

    def get_list_more_buttons(self, instance: WebhookSubscription) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            ListingButton(
                "Deliveries",
                url=reverse("webhooksubscription:deliveries", args=[instance.pk]),
                icon_name="list-ul",
                priority=5,
            )
        )
        return buttons


def disabled_subscriptions() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(active=False, disabled_at__isnull=False).order_by("-disabled_at")


class DeliveriesView(View):
    """A subscription's most recent deliveries with every attempt, and a Replay button each."""

    limit = 50

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not policy.user_has_permission(request.user, "change"):
            refusal: HttpResponseBase = permission_denied(request)
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        deliveries = (
            subscription.deliveries.select_related("event")
            .prefetch_related(Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("started_at", "pk")))
            .order_by("-created_at", "-pk")[: self.limit]
        )
        title = f"Deliveries: {subscription}"
        return TemplateResponse(
            request,
            f"{TEMPLATES}/deliveries.html",
            {
                "subscription": subscription,
                "status": status_text(subscription),
                "deliveries": deliveries,
                "index_url": reverse("webhooksubscription:index"),
                "header_title": title,
                "page_title": title,
                "header_icon": "list-ul",
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Replay one event to this subscription, and try it at once."""
        subscription = get_object_or_404(WebhookSubscription, pk=pk)
        delivery = get_object_or_404(WebhookDelivery, subscription=subscription, pk=request.POST.get("delivery"))
        try:
            replay(str(delivery.event_id), subscription_id=subscription.pk)
        except ValueError as error:
            messages.error(request, str(error))
            return redirect("webhooksubscription:deliveries", pk)
        deliver_due(event_id=str(delivery.event_id), subscription_id=subscription.pk, limit=1)
        delivery.refresh_from_db()
        outcome = f"Event {delivery.event_id} replayed: {delivery.get_status_display()}."
        if delivery.status == WebhookDelivery.DELIVERED:
            messages.success(request, outcome)
        else:
            messages.warning(request, f"{outcome} It will be retried on schedule.")
        return redirect("webhooksubscription:deliveries", pk)


class WebhookSubscriptionViewSet(ModelViewSet):
    model = WebhookSubscription
    name = "webhooksubscription"
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    index_view_class = SubscriptionIndexView
    add_view_class = SubscriptionCreateView
    list_display = [
        "__str__",
        Column("url", label="URL"),
        Column("filters", label="Sends", accessor=lambda s: _filters(s)),  # noqa: PLW0108 _filters is defined below
        Column("status", label="Status", accessor=status_text),
        Column("secret", label="Secret", accessor=lambda s: f"…{s.secret_hint}"),
    ]
    search_fields = ["name", "url"]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm[WebhookSubscription]]:
        return SubscriptionEditForm if for_update else SubscriptionForm

    def get_urlpatterns(self) -> list[Any]:
        return [*super().get_urlpatterns(), path("deliveries/<int:pk>/", DeliveriesView.as_view(), name="deliveries")]


def _filters(subscription: WebhookSubscription) -> str:
    shown = "; ".join(
        f"{label}: {', '.join(values) or 'all'}"
        for label, values in (
            ("events", subscription.events),
            ("languages", subscription.languages),
            ("channels", subscription.channels),
        )
    )
    return f"{shown}; with feedback comments" if subscription.include_feedback_comments else shown


class DisabledWebhooksPanel(Component):
    """On the dashboard of those who manage webhooks: subscriptions disabled for failing."""

    name = "disabled_webhooks"
    template_name = f"{TEMPLATES}/dashboard_panel.html"
    order = 40

    def __init__(self, subscriptions: list[WebhookSubscription]) -> None:
        self.subscriptions = subscriptions

    @override
    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {
            "rows": [(subscription, status_text(subscription)) for subscription in self.subscriptions],
            "index_url": reverse("webhooksubscription:index"),
        }


def add_disabled_webhooks_panel(request: HttpRequest, panels: list[Any]) -> None:
    if policy.user_has_permission(request.user, "change"):
        disabled = list(disabled_subscriptions()[:10])
        if disabled:
            panels.append(DisabledWebhooksPanel(disabled))


webhook_viewset = WebhookSubscriptionViewSet()
