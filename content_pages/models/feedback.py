"""What readers answer to "Was this helpful?", from every channel.

Nothing here identifies a reader: no address, no user, no device, and the comment is
stored with e-mail addresses and phone numbers already removed
(``publishing.feedback``). The comment text is kept ``CMS_FEEDBACK_RETENTION_DAYS``;
the answer itself (helpful or not, where, in which language) stays, for the reports.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

FEEDBACK_CHANNELS = ("web", "whatsapp", "telegram", "sms")


class PageFeedback(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=16)
    channel = models.CharField(max_length=16, choices=[(name, name) for name in FEEDBACK_CHANNELS])
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    # The conversation section the answer is about (``s:<block id>``, ``intro`` ...);
    # empty for the article as a whole.
    section = models.CharField(max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reader feedback")
        verbose_name_plural = _("reader feedback")
        indexes = [models.Index(fields=["page", "received_at"], name="feedback_page_received")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.language} {self.channel} {'yes' if self.helpful else 'no'}"
