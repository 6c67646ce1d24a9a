"""Channels: each renders a published page for one destination, within its limits.

Adding a channel is adding a module with a ``Channel`` implementation and listing it in
``CHANNELS``: the renditions made at publish, the channel endpoint of the API and its
``mode`` parameter pick it up from there. Two places do not: the admin preview draws each
messaging channel's bubbles itself (``interfaces/admin/chat_preview.py``) and
``ArticlePage.preview_modes`` names the preview tabs.
"""

from __future__ import annotations

from content_pages.rendering.channels.base import Channel, RenderContext, Rendering, rendition_key
from content_pages.rendering.channels.sms import SmsChannel
from content_pages.rendering.channels.telegram import TelegramChannel
from content_pages.rendering.channels.web import WebChannel
from content_pages.rendering.channels.whatsapp import WhatsAppChannel

CHANNELS: dict[str, Channel] = {
    channel.name: channel for channel in (WebChannel(), WhatsAppChannel(), TelegramChannel(), SmsChannel())
}
MESSAGING_CHANNELS = ("whatsapp", "telegram", "sms")

__all__ = ["CHANNELS", "MESSAGING_CHANNELS", "Channel", "RenderContext", "Rendering", "get_channel", "rendition_key"]


def get_channel(name: str) -> Channel | None:
    return CHANNELS.get(name)
