import io

import pytest
from babel.messages.pofile import read_po, write_po

from content_pages.pipeline.translations.export import page_catalog, po_bytes


def fill(data: bytes, translate=lambda source: f"MS {source}") -> bytes:
    """What a translator does in Poedit: fill every empty entry, keeping placeholders."""
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.id and not message.string:
            message.string = translate(message.id)
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@pytest.fixture
def malay_po(seeded):
    return po_bytes(page_catalog(seeded, "ms"))
