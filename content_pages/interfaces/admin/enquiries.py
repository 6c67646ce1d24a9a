"""The enquiry form's submissions listing in the admin, and its CSV and XLSX export."""

from __future__ import annotations

from wagtail.contrib.forms.views import SubmissionsListView

from content_pages.foundations.sanitising import spreadsheet_cell


class EnquirySubmissionsListView(SubmissionsListView):
    """Wagtail's listing, with every exported text neutralised against formula injection.

    Only the export is changed: the listing, e-mails and the API read the stored values.
    Both formats pass each value through ``preprocess_field_value``.
    """

    def preprocess_field_value(self, field: str, value: object, export_format: str) -> object:
        return spreadsheet_cell(super().preprocess_field_value(field, value, export_format))
