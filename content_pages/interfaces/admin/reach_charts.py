"""The reach report's charts, drawn on the server as SVG.

No charting script and no CDN: the admin page carries its charts as markup, so they print,
export with the page and need nothing from the network. The geometry is computed here and
the template only writes the shapes; each chart has a title and a text alternative, and
the report's table beside it holds every figure for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from content_pages.models import REACH_CHANNELS
from content_pages.reads.reach_report import Day, Figures

# Okabe–Ito colours: told apart with the common colour-vision deficiencies.
CHANNEL_COLOURS = {
    "web": "#0072B2",
    "api": "#56B4E9",
    "whatsapp": "#009E73",
    "telegram": "#E69F00",
    "sms": "#CC79A7",
}
CHANNEL_LABELS = {"web": "Web", "api": "API", "whatsapp": "WhatsApp", "telegram": "Telegram", "sms": "SMS"}

WIDTH, HEIGHT, AXIS, TOP = 720, 200, 40, 10


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class DailyChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    first_day: str
    last_day: str
    legend: list[tuple[str, str]]
    description: str


@dataclass(frozen=True)
class ChannelBar:
    y: int
    channel: str
    label: str
    colour: str
    reach_width: float
    reach: int
    helpful_width: float
    helpful_percent: float | None
    answers: int
    yes: int
    no: int


def _nice_ceiling(value: int) -> int:
    """1, 2 or 5 times a power of ten, at least ``value``: round numbers on the axis."""
    ceiling = 1
    while True:
        for step in (1, 2, 5):
            if ceiling * step >= value:
                return ceiling * step
        ceiling *= 10


def daily_chart(days: list[Day]) -> DailyChart:
    """Reach per day, stacked by channel."""
    top = _nice_ceiling(max((day.total for day in days), default=0) or 1)
    # 10 above the plot for the top label, 20 below it for the dates.
    plot_width, plot_height = WIDTH - AXIS, HEIGHT - 30
    slot = plot_width / max(len(days), 1)
    bars: list[Bar] = []
    for index, day in enumerate(days):
        bottom = float(TOP + plot_height)
        for channel in REACH_CHANNELS:
            count = day.by_channel.get(channel, 0)
            if not count:
                continue
            height = plot_height * count / top
            bottom -= height
            bars.append(
                Bar(
                    x=AXIS + index * slot + slot * 0.1,
                    y=bottom,
                    width=max(slot * 0.8, 1.0),
                    height=height,
                    colour=CHANNEL_COLOURS[channel],
                    label=f"{day.day.isoformat()}, {CHANNEL_LABELS[channel]}: {count}",
                )
            )
    ticks = [Tick(y=TOP + plot_height * (1 - share), label=str(int(top * share))) for share in (0, 0.5, 1)]
    shown = {channel for day in days for channel in day.by_channel}
    total = sum(day.total for day in days)
    busiest = max(days, key=lambda day: day.total, default=None)
    description = f"{total} reads and messages over {len(days)} days"
    if busiest is not None and busiest.total:
        description += f"; the most on {busiest.day.isoformat()} ({busiest.total})"
    return DailyChart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        ticks=ticks,
        first_day=days[0].day.isoformat() if days else "",
        last_day=days[-1].day.isoformat() if days else "",
        legend=[(CHANNEL_LABELS[name], CHANNEL_COLOURS[name]) for name in REACH_CHANNELS if name in shown],
        description=description + ".",
    )


@dataclass(frozen=True)
class ChannelChart:
    height: int
    bars: list[ChannelBar]


ROW_HEIGHT = 20


def channel_chart(totals: dict[str, Figures], width: float = 300) -> ChannelChart:
    """Per channel: reach as a bar scaled to the largest, helpful % as a bar out of 100."""
    largest = max((figures.reach for figures in totals.values()), default=0) or 1
    bars = [
        ChannelBar(
            y=ROW_HEIGHT * (index + 1),
            channel=channel,
            label=CHANNEL_LABELS.get(channel, channel),
            colour=CHANNEL_COLOURS.get(channel, "#555555"),
            reach_width=width * figures.reach / largest,
            reach=figures.reach,
            helpful_width=width * (figures.helpful_percent or 0) / 100,
            helpful_percent=figures.helpful_percent,
            answers=figures.answers,
            yes=figures.yes,
            no=figures.no,
        )
        for index, (channel, figures) in enumerate(totals.items())
    ]
    return ChannelChart(height=ROW_HEIGHT * (len(bars) + 1), bars=bars)


__all__ = ["CHANNEL_LABELS", "ChannelBar", "ChannelChart", "DailyChart", "channel_chart", "daily_chart"]
