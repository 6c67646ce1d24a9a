"""Reads: what pages show, resolved for a language."""
