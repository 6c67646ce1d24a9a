"""Language configuration, negotiation and per-field fallback resolution."""
