"""The Wagtail admin: translator-aware forms and rules, previews, audit wording, PO views."""
