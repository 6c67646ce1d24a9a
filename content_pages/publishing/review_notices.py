"""Telling the reviewers of a language that a translation waits for them.

Wagtail e-mails the moderators of a workflow task, but a translation's review is not a
Wagtail task (the English medical review is), and its notices would say only the page's
title. So when a submission of a language opens, each reviewer of that language (the
members of its "Translation reviewers" group with an e-mail address, the submitter left
out) gets one message naming the language, the page or snippet and where to review it.
Sent after the commit, so a rolled-back submission sends nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse

from content_pages.foundations.languages import english_name
from content_pages.foundations.roles import reviewer_group_name

logger = logging.getLogger(__name__)


def _review_url(review: Any) -> str:
    path = reverse("content_pages_translation_review", args=[review.content_type_id, review.object_id, review.language])
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def notify_reviewers(obj: Any, review: Any) -> None:
    """After the commit, e-mail each reviewer of ``review.language`` about ``obj``."""
    title = str(getattr(obj, "specific", obj))
    language = review.language
    submitter_id = review.submitted_by_id

    def send() -> None:
        recipients = (
            get_user_model()
            ._default_manager.filter(groups__name=reviewer_group_name(language), is_active=True)
            .exclude(email="")
            .exclude(pk=submitter_id)
            .values_list("email", flat=True)
            .distinct()
        )
        name = english_name(language)
        subject = f"{name} translation of “{title}” submitted for review"
        body = (
            f"The {name} translation of “{title}” waits for a reviewer of {name}.\n\n"
            f"Review it here: {_review_url(review)}\n\n"
            "Nobody approves their own translation; approving publishes the "
            f"{name} text only."
        )
        try:
            send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients])
        except OSError:
            # The submission stands and is listed in Review due and on the reviewers'
            # dashboards; a mail server that is down must not fail the save that opened it.
            logger.warning("Review notices not sent: %s pk=%s language=%s", type(obj).__name__, obj.pk, language)

    transaction.on_commit(send)
