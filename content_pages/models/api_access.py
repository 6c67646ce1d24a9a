"""API keys, and the shared counters behind limits that must hold across processes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A key a frontend sends as ``Authorization: Bearer …``; only its hash is stored."""

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, editable=False, db_index=True, help_text="Shown to tell keys apart.")
    key_hash = models.CharField(max_length=64, editable=False, unique=True)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"), default=600, help_text=_("Read requests this key may make per minute.")
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class RateCounter(models.Model):
    """One window of one limit, incremented in a single statement by every process."""

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="one_counter_per_window")]

    def __str__(self) -> str:
        return f"{self.key}@{self.window}: {self.count}"
