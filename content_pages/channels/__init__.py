"""Channels: each renders a published page for one destination, within its limits.

Adding a channel is adding a module with a ``Channel`` implementation and listing it in
``CHANNELS``.
"""

from __future__ import annotations

from .base import Channel, RenderContext, Rendering
from .web import WebChannel

CHANNELS: dict[str, Channel] = {channel.name: channel for channel in (WebChannel(),)}

__all__ = ["CHANNELS", "Channel", "RenderContext", "Rendering", "get_channel"]


def get_channel(name: str) -> Channel | None:
    return CHANNELS.get(name)
