"""Rendering: content reads turned into each channel's payload.

``RenderContext`` collects what a rendering depends on and which parts came from a
fallback; the block-to-renderer table (``blocks.py``), the shared JSON shapes
(``shapes.py``), text splitting and one module per channel (``channels/``) live here, and
so do the payload contracts (``contracts/``) that the API re-exports into its OpenAPI
document. Renderers know no HTTP and write nothing.
"""
