"""Extract translatable strings from Django templates with Babel, without GNU gettext.

Django's ``templatize`` turns a template into Python-like source in which every
``{% translate %}`` and ``{% blocktranslate %}`` is a ``gettext()`` call; Babel's own
Python extractor then reads the messages (and their line numbers) from that.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python
from django.utils.translation.template import templatize


def extract_django_template(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[tuple[int, str, Any, list[str]]]:
    source = fileobj.read().decode(options.get("encoding", "utf-8"))
    code = templatize(source)
    # Babel's stubs type the options and results more narrowly than Babel itself uses them.
    yield from extract_python(io.BytesIO(code.encode("utf-8")), keywords, comment_tags, options)  # type: ignore[arg-type,misc]
