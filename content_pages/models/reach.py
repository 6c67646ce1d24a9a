"""How often each page is read, per language, channel and day: counts, never readers.

A row is a sum. Request handlers never write it: each process adds up its reads in memory
and one upsert per flush adds them here (``publishing.reach``), and bots report the
messages they sent (``deliveries``) since a bot fetches a rendering once and sends it to
many readers. No cookie, address or identifier is involved at any step.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# "web": the website's pages (counted by the page's beacon, since shared caches answer most
# requests); "api": the pages API's detail, which web frontends render; the chat channels:
# their renditions fetched from the API, and messages bots report having sent.
REACH_CHANNELS = ("web", "api", "whatsapp", "telegram", "sms")


class PageReach(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=16)
    channel = models.CharField(max_length=16, choices=[(name, name) for name in REACH_CHANNELS])
    day = models.DateField()
    reads = models.PositiveBigIntegerField(default=0, help_text="Requests served, counted by this site.")
    deliveries = models.PositiveBigIntegerField(default=0, help_text="Messages sent, as reported by bots.")

    class Meta:
        verbose_name = _("page reach")
        verbose_name_plural = _("page reach")
        constraints = [
            models.UniqueConstraint(fields=["page", "language", "channel", "day"], name="reach_one_row_per_day"),
        ]
        indexes = [models.Index(fields=["day", "page"], name="reach_day_page")]

    def __str__(self) -> str:
        return f"{self.page_id} {self.language} {self.channel} {self.day}: {self.reads}+{self.deliveries}"
