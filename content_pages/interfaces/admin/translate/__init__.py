"""The translator's side-by-side translation editor (``/admin/translate/…``)."""
