"""Finding text that is not valid Unicode: lone UTF-16 surrogates.

JSON may spell one (``"\\ud800"``) and Python decodes it into a ``str`` that no UTF-8
encoder, database driver or response writer accepts; left in, it fails far from where
it came in (a 500 from the error message that quotes it). Requests are checked for them
once, at the edge, and refused with the place named.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
# How JSON escapes a UTF-16 surrogate (a valid pair, too): worth parsing the body only then.
JSON_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def printable(text: str) -> str:
    """``text`` with any lone surrogate spelled as ``\\udXXX``, safe to quote in a message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if has_surrogate(text) else text


def surrogate_location(value: Any, where: str = "") -> str | None:
    """Where in a decoded JSON value the first lone surrogate is (``data.name``,
    ``a key in data``), or None when there is none."""
    if isinstance(value, str):
        return (where or "the value") if has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if has_surrogate(key):
                return f"a key in {where}" if where else "a top-level key"
            found = surrogate_location(item, f"{where}.{key}" if where else key)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = surrogate_location(item, f"{where}[{index}]")
            if found:
                return found
    return None
