"""The feedback summary's shape: a page's reach and answers over a period, figures only."""

from __future__ import annotations

from pydantic import Field

from content_pages.rendering.contracts.common import Strict

COUNT = "How many, over the period."


class SummaryPeriod(Strict):
    start: str = Field(description="The first UTC day counted (`YYYY-MM-DD`), included.")
    end: str = Field(description="The last UTC day counted (`YYYY-MM-DD`), included.")


class SummaryFigures(Strict):
    reads: int = Field(ge=0, description="Requests this site served: the web page's beacon and the API's renderings.")
    deliveries: int = Field(ge=0, description="Messages bots reported having sent (reportDeliveries).")
    yes: int = Field(ge=0, description="Readers who answered “Was this helpful?” with yes.")
    no: int = Field(ge=0, description="Readers who answered no.")
    helpful_percent: float | None = Field(
        ge=0,
        le=100,
        description="yes out of all answers, in percent with one decimal; null when nobody answered (not 0).",
    )


class ChannelFigures(Strict):
    channel: str = Field(description="`web`, `api`, `whatsapp`, `telegram` or `sms`; every channel is listed.")
    reads: int = Field(ge=0, description=COUNT)
    deliveries: int = Field(ge=0, description=COUNT)
    yes: int = Field(ge=0, description=COUNT)
    no: int = Field(ge=0, description=COUNT)
    helpful_percent: float | None = Field(ge=0, le=100, description="null when nobody answered on this channel.")


class LanguageFigures(Strict):
    language: str = Field(description="A content language; every one is listed (only `lang` when given).")
    reads: int = Field(ge=0, description=COUNT)
    deliveries: int = Field(ge=0, description=COUNT)
    yes: int = Field(ge=0, description=COUNT)
    no: int = Field(ge=0, description=COUNT)
    helpful_percent: float | None = Field(ge=0, le=100, description="null when nobody answered in this language.")


class FeedbackSummary(Strict):
    page: int = Field(description="The page's id.")
    period: SummaryPeriod
    totals: SummaryFigures
    by_channel: list[ChannelFigures]
    by_language: list[LanguageFigures]
