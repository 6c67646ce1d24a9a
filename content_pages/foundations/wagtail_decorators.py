"""Wagtail's decorators with types.

Wagtail ships no type information, so to mypy its decorators return ``Any`` and every
function they wrap would lose its signature. These wrappers call Wagtail's own and say
what they return: the function they were given, or a view with the same signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from wagtail import hooks
from wagtail.utils import decorators

P = ParamSpec("P")
R = TypeVar("R")
Hook = TypeVar("Hook", bound=Callable[..., object])


def register_hook(hook_name: str, *, order: int = 0) -> Callable[[Hook], Hook]:
    """``@hooks.register(hook_name, order=...)``, returning the hook function unchanged."""

    def register(fn: Hook) -> Hook:
        hooks.register(hook_name, fn, order=order)
        return fn

    return register


def xframe_options_sameorigin_override(view: Callable[P, R]) -> Callable[P, R]:
    """Wagtail's ``xframe_options_sameorigin_override``: the view's response may be framed
    by the admin itself, whatever header it already carries."""
    framed: Callable[P, R] = decorators.xframe_options_sameorigin_override(view)
    return framed
