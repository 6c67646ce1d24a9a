"""Webhook subscriptions and every delivery attempt made to them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookSubscription(models.Model):
    name = models.CharField(_("name"), max_length=100, blank=True)
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(
        _("events"),
        default=list,
        help_text=_("Event types; empty means every type of content change (feedback.received only when listed)."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True, help_text=_("Empty means every language."))
    channels = models.JSONField(_("channels"), default=list, blank=True, help_text=_("Empty means every channel."))
    include_feedback_comments = models.BooleanField(
        _("include feedback comments"),
        default=False,
        help_text=_("Send the comment text with feedback.received events; without it, only the answer is sent."),
    )
    active = models.BooleanField(_("active"), default=True)
    secret_encrypted = models.TextField(editable=False, help_text="The signing secret, encrypted at rest.")
    secret_hint = models.CharField(max_length=16, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_at = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name or self.url


class WebhookDelivery(models.Model):
    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"
    STATUSES = [(PENDING, _("pending")), (SENDING, _("sending")), (DELIVERED, _("delivered")), (FAILED, _("failed"))]

    event = models.ForeignKey("content_pages.OutboxEvent", on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=16, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["event", "subscription"], name="one_delivery_per_subscription"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.subscription_id} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    succeeded = models.BooleanField(default=False)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"attempt on {self.delivery_id}: {self.status_code or self.error[:40]}"
