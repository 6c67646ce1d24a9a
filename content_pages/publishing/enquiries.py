"""Enquiries from every channel: one validation, one store, one notification.

Personal data is handled with care: nothing of a submission is logged, the rate limit
keys on a hash of the client address, and ``purge_enquiries`` deletes submissions
older than the retention period.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from content_pages.foundations.clients import client_address
from content_pages.foundations.form_fields import HONEYPOT
from content_pages.models import EnquiryFormPage, EnquirySubmission
from content_pages.publishing.access import rate_counters

logger = logging.getLogger(__name__)

CHANNELS = ("web", "api", "whatsapp", "telegram", "sms")


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after}s")
        self.retry_after = retry_after


def client_key(request: HttpRequest) -> str:
    address = client_address(request)
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]


def check_rate(request: HttpRequest) -> None:
    """A fixed window per client: ``CMS_ENQUIRY_RATE_LIMIT`` submissions per ``..._WINDOW`` seconds.

    Counted in the database (``access.rate_counters``), one atomic statement per attempt, so the limit
    holds across every web process; a refused attempt counts too, which is what stops a
    client that keeps hammering.
    """
    hit = rate_counters.hit(f"enquiry:{client_key(request)}", settings.CMS_ENQUIRY_RATE_WINDOW)
    if hit.count > settings.CMS_ENQUIRY_RATE_LIMIT:
        raise RateLimited(retry_after=hit.reset_after)


@dataclass
class SubmissionResult:
    stored: bool
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def record_submission(page: EnquiryFormPage, form: Any, *, language: str, channel: str) -> EnquirySubmission | None:
    """Store a validated form (unless the honeypot was filled) and notify the team."""
    data = {name: value for name, value in form.cleaned_data.items() if name != HONEYPOT}
    if form.cleaned_data.get(HONEYPOT):
        logger.info("Enquiry on page %s dropped: honeypot filled (channel %s)", page.pk, channel)
        return None
    submission: EnquirySubmission = EnquirySubmission.objects.create(
        page=page, form_data=data, language=language, channel=channel
    )
    if page.to_address:
        page.send_mail(form)
    logger.info("Enquiry %s stored for page %s (channel %s)", submission.pk, page.pk, channel)
    return submission


_LIST_TYPES = {"checkboxes", "multiselect"}
_BOOLEAN_TYPES = {"checkbox"}


def _is_text(value: str) -> bool:
    """False for a string a database cannot store (a lone UTF-16 surrogate from JSON)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shape_error(field_type: str, value: Any) -> str | None:
    """What is wrong with the JSON type of one answer; the website's form only ever sends
    text, so the form classes would silently turn a list or an object into its repr."""
    if field_type in _LIST_TYPES:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            return _("Send a list of choices here.")
        return None if all(_is_text(item) for item in value) else _("This text holds characters that are not valid.")
    if field_type in _BOOLEAN_TYPES:
        return (
            None
            if isinstance(value, bool | str) and (not isinstance(value, str) or _is_text(value))
            else _("Send true or false here.")
        )
    if not isinstance(value, str):
        return _("Send text here, not a list, an object or a number.")
    return None if _is_text(value) else _("This text holds characters that are not valid.")


def answer_shape_errors(page: EnquiryFormPage, data: dict[str, Any]) -> dict[str, list[str]]:
    types = {field.clean_name: field.field_type for field in page.get_form_fields()}
    types[HONEYPOT] = "singleline"
    errors = {}
    for name, value in data.items():
        if value is None or name not in types:
            continue
        problem = _shape_error(types[name], value)
        if problem:
            errors[name] = [str(problem)]
    return errors


def submit(page: EnquiryFormPage, data: dict[str, Any], *, language: str, channel: str) -> SubmissionResult:
    """Validate ``data`` exactly as the website form does, in ``language``, and store it."""
    with override(language):
        shape_errors = answer_shape_errors(page, data)
        if shape_errors:
            field_labels = {field.clean_name: str(field.label) for field in page.get_form_fields()}
            names = ", ".join(field_labels.get(name, name) for name in shape_errors)
            return SubmissionResult(
                stored=False, errors=shape_errors, message=_("Please correct: %(fields)s.") % {"fields": names}
            )
        form = page.get_form(data, page=page, user=None)
        if not form.is_valid():
            labels = [str(form.fields[name].label) if name in form.fields else name for name in form.errors]
            return SubmissionResult(
                stored=False,
                errors={name: [str(message) for message in messages] for name, messages in form.errors.items()},
                message=_("Please correct: %(fields)s.") % {"fields": ", ".join(labels)},
            )
        submission = record_submission(page, form, language=language, channel=channel)
    return SubmissionResult(stored=submission is not None)


def purge_older_than(days: int) -> int:
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted: int
    deleted, _per_model = EnquirySubmission.objects.filter(submit_time__lt=cutoff).delete()
    # Rate counters of clients that never came back (a window is at most a day old here).
    rate_counters.delete_stale(max(settings.CMS_ENQUIRY_RATE_WINDOW, 86400))
    return deleted
