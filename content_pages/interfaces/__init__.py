"""Interfaces: where people and programs reach the system.

The API (``api/``), the Wagtail admin's forms, views, previews and refusals (``admin/``),
the website's views (``web/``), signal receivers and the start-up wiring that installs
the model hooks. Thin: they parse input and call into publishing, rendering and reads.
Management commands, template tags and ``wagtail_hooks.py`` belong to this layer too,
where Django and Wagtail look for them.
"""
