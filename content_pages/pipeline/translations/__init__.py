"""Offline translation with PO files, split by stage like wagtail-localize:
segments (extract) -> export -> import, and status."""
