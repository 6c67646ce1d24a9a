"""Every model hook is installed at start-up, and the system check says so."""

from django.core import checks

from content_pages.interfaces.web import context, enquiries
from content_pages.models import forms, hooks, pages, snippets
from content_pages.publishing.cta_validation import validate_call_to_action
from content_pages.publishing.gate.rules import article_save_errors


def test_every_hook_slot_is_installed_at_start_up():
    assert hooks.missing() == []


def test_the_system_check_reports_no_missing_hook():
    assert [message.id for message in checks.run_checks() if message.id == "content_pages.E001"] == []


def test_a_model_calls_what_the_wiring_installed():
    assert pages.ARTICLE_CLEAN.get() is article_save_errors
    assert pages.HOME_CONTEXT.get() is context.home
    assert forms.ENQUIRY_THANK_YOU.get() is enquiries.thank_you
    assert snippets.CTA_CLEAN.get() is validate_call_to_action
