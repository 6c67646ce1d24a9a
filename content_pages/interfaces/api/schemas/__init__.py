"""Schemas only the API has (snippets, media, forms). Page and channel payload schemas are
the rendering layer's contracts (``rendering/contracts/``), which the routers declare."""
