"""Writes and the rules they enforce; views, forms and save() only call into these."""
