"""Medical review: the clinical sign-off every article needs before it reaches patients.

An article goes live only with a named medical reviewer, a last-review date that is not
in the future, a next review due after it, and at least one reference a reader can
follow (``review_problems``, checked by the publish gate on every path). Approving the
"Medical review" workflow task records the review: the approval date becomes
``last_reviewed`` and the next review falls due one review cycle later
(``CMS_REVIEW_CYCLE_MONTHS``) unless the reviewer set an earlier date, and marks the
translations of the page (and of the snippets it shows) as medically reviewed: translation
records that said ``needs_review`` (the seed's, for one) no longer do.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from content_pages.foundations.languages import target_languages
from content_pages.foundations.validators import normalize_doi
from content_pages.models import ArticleIndexPage, ArticlePage, TranslationRecord
from content_pages.reads.segments import page_segments

MEDICAL_REVIEWERS = "Medical reviewers"
MEDICAL_REVIEW = "Medical review"

_approval_date: ContextVar[datetime.date | None] = ContextVar("approval_date", default=None)


def today() -> datetime.date:
    return timezone.localdate()


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _cites_something(page: ArticlePage) -> bool:
    for link in page.references.all():
        reference = link.reference
        if reference.doi:
            try:
                normalize_doi(reference.doi)
                return True
            except ValidationError:
                pass
        if reference.url:
            try:
                URLValidator(schemes=["http", "https"])(reference.url)
                return True
            except ValidationError:
                pass
    return False


def review_problems(page: ArticlePage) -> list[str]:
    """The medical-review rules the article breaks, each as a message naming the rule."""
    problems = []
    if page.medical_reviewer_id is None:
        problems.append("Medical review: name the medical reviewer (a person or a review panel).")
    if page.last_reviewed is None:
        problems.append(
            "Medical review: the article has no last-reviewed date; approve it in the Medical review workflow."
        )
    elif page.last_reviewed > today():
        problems.append(f"Medical review: the last-reviewed date {page.last_reviewed.isoformat()} is in the future.")
    if page.next_review_due is None:
        problems.append("Medical review: set when the next review is due.")
    elif page.last_reviewed is not None and page.next_review_due <= page.last_reviewed:
        problems.append("Medical review: the next review must be due after the last review.")
    if not _cites_something(page):
        problems.append("References: cite at least one reference with a well-formed DOI or URL.")
    return problems


@contextmanager
def approved_on(day: datetime.date) -> Iterator[None]:
    """Record approvals in this block as made on ``day`` (loading content reviewed earlier)."""
    token = _approval_date.set(day)
    try:
        yield
    finally:
        _approval_date.reset(token)


def record_review(page: ArticlePage) -> None:
    """Set the review dates of an approved article: reviewed today (or on the date given to
    ``approved_on``), next due one cycle later unless an earlier date was already set."""
    reviewed = _approval_date.get() or today()
    cycle_end = add_months(reviewed, settings.CMS_REVIEW_CYCLE_MONTHS)
    keep = page.next_review_due is not None and reviewed < page.next_review_due < cycle_end
    page.last_reviewed = reviewed
    if not keep:
        page.next_review_due = cycle_end
    mark_translations_reviewed(page)


def mark_translations_reviewed(page: ArticlePage) -> int:
    """The page's translations, and those of the snippets it shows, no longer need medical
    review: a medical reviewer has approved the page. Returns how many records changed."""
    changed = 0
    for language in target_languages():
        ids = [segment.id for segment in page_segments(page, language)]
        changed += TranslationRecord.objects.filter(language=language, needs_review=True, segment_id__in=ids).update(
            needs_review=False
        )
    return changed


def is_medical_review(workflow: Workflow | None) -> bool:
    return workflow is not None and workflow.name == MEDICAL_REVIEW


def ensure_medical_review(indexes: list[Page] | None = None) -> Workflow:
    """The "Medical reviewers" group, the "Medical review" task and workflow, assigned to
    every article index (safe to run again)."""
    group, _ = Group.objects.get_or_create(name=MEDICAL_REVIEWERS)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    task = GroupApprovalTask.objects.filter(name=MEDICAL_REVIEW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MEDICAL_REVIEW)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=MEDICAL_REVIEW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for index in indexes if indexes is not None else list(ArticleIndexPage.objects.all()):
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
        for permission in ("change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=permission),
            )
    return workflow


def submit_and_approve(page: ArticlePage, user: Any) -> None:
    """Put the latest revision through the Medical review workflow and approve it as
    ``user``: how content that was reviewed outside the system (the seed) is loaded."""
    workflow = page.get_workflow()
    if not is_medical_review(workflow):
        raise ValueError(f"{page.title} is not under the {MEDICAL_REVIEW} workflow.")
    state = workflow.start(page, user)
    state.current_task_state.approve(user=user)
