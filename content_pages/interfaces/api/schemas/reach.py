"""Reach shapes: a bot's report of the messages it sent, and the day's total."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from content_pages.interfaces.api.params import LanguageCode
from content_pages.publishing.deliveries import DAYS_BACK, DELIVERIES_MAX, DELIVERY_CHANNELS
from content_pages.rendering.contracts.common import Strict

DeliveryChannel = Literal[DELIVERY_CHANNELS]  # type: ignore[valid-type]


class DeliveriesIn(Strict):
    channel: DeliveryChannel = Field(description="The channel the messages went out on.")
    lang: LanguageCode = Field(description="The language of the rendering that was sent.")
    count: int = Field(
        strict=True,
        ge=1,
        le=DELIVERIES_MAX,
        description="How many messages were sent (to how many readers), a whole number; a bot sending to more "
        "reports in several calls.",
    )
    day: datetime.date | None = Field(
        None,
        description=f"The UTC day they were sent (`YYYY-MM-DD`); today by default. Not in the future, and at most "
        f"{DAYS_BACK} days ago.",
    )

    @field_validator("day", mode="before")
    @classmethod
    def _iso_text(cls, value: Any) -> Any:
        """A date as JSON writes one: a string, never a number read as a timestamp."""
        if value is not None and not isinstance(value, str):
            raise ValueError("must be a date written YYYY-MM-DD")
        return value


class DeliveriesRecorded(Strict):
    page: int = Field(description="The page's id.")
    lang: str = Field(description="The language reported.")
    channel: DeliveryChannel
    day: datetime.date = Field(description="The UTC day the count was added to.")
    deliveries: int = Field(ge=1, description="The day's total for this page, language and channel so far.")
