"""What a refused publish carries: the object and every rule it breaks, in words."""

from __future__ import annotations

from typing import Any


class PublishRefused(Exception):
    """Raised before anything is written; the admin turns it into a message."""

    def __init__(self, obj: Any, problems: list[str]) -> None:
        self.object = obj
        self.problems = problems
        super().__init__(f"“{obj}” was not published: " + " ".join(problems))


class ReviewNeeded(PublishRefused):
    """A language's text may go live only as a reviewer of that language approves it."""

    def __init__(self, obj: Any, problems: list[str], language: str) -> None:
        self.language = language
        super().__init__(obj, problems)
