"""Foundations: languages, channel limits, validators, sanitising, roles.

The lowest layer. Nothing here imports another layer of the project, so every layer may
use it; it holds facts and small pure helpers, not workflows.
"""
