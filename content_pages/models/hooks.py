"""Where the layers above plug behaviour into the models.

Wagtail asks a model itself to clean, to build its template context, to preview and to
serve. What that takes (an article's structure rules and channel limits, the article
view, the channel previews, citation formatting, the enquiry rate limit) lives in higher
layers. A model calls a ``HookSlot``; ``interfaces/wiring.py`` installs every slot at
start-up, so imports still run downward, and a slot that was never installed fails
loudly instead of silently skipping a rule.

Each slot is typed by a protocol naming the hook's signature, so mypy checks both what
``wiring`` installs and what a model passes and gets back. The protocols and their slots
live beside the model that calls them (``pages``, ``forms``, ``snippets``): they name
that model's type, and a module here that named them would be imported by the model
modules it imports, a cycle. The protocols' parameters are positional-only: models call
them positionally, and the installed functions may name their parameters as they like.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from django.http import HttpRequest

# What a clean hook returns: errors keyed by field, as ``ValidationError`` takes them.
FieldErrors = dict[str, Any]
# A template context, as Wagtail's ``get_context`` builds it.
TemplateContext = dict[str, Any]

F = TypeVar("F")
PageT_contra = TypeVar("PageT_contra", contravariant=True)


class PageContext(Protocol[PageT_contra]):
    """What a page's template shows: the context Wagtail built, added to."""

    def __call__(self, page: PageT_contra, request: HttpRequest, context: TemplateContext, /) -> TemplateContext: ...


_SLOTS: list[HookSlot[Any]] = []


class HookSlot(Generic[F]):
    """One hook: installed once at start-up, read by the model that calls it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._function: F | None = None
        _SLOTS.append(self)

    def install(self, function: F) -> None:
        self._function = function

    @property
    def installed(self) -> bool:
        return self._function is not None

    def get(self) -> F:
        if self._function is None:
            raise RuntimeError(f"No {self.name!r} hook is installed; interfaces/wiring.py installs them at start-up.")
        return self._function

    def __repr__(self) -> str:
        return f"HookSlot({self.name!r})"


def missing() -> list[str]:
    """Names of the hooks nobody installed; the app's system check reports them."""
    return [slot.name for slot in _SLOTS if not slot.installed]
