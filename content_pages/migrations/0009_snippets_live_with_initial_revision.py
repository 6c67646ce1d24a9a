"""Existing snippets stay live, each with one published revision, and get the review workflow.

Before drafts existed, every saved snippet was shown to readers, so each existing row
is what readers see: it becomes live with a revision holding exactly its current
content, as if it had been published once. The snippet types are assigned the site's
default review workflow (Wagtail's "Moderators approval") so that editors can submit a
snippet for review as they do a page.
"""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

SNIPPETS = ("topic", "contributor", "calltoaction", "reference")


def _content(obj, model_name):
    content = get_serializable_data_for_fields(obj)
    if model_name == "reference":
        content["authors"] = [
            get_serializable_data_for_fields(author) for author in obj.authors.order_by("sort_order", "pk")
        ]
    return content


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    now = timezone.now()
    workflow = Workflow.objects.filter(active=True).order_by("pk").first()
    for model_name in SNIPPETS:
        model = apps.get_model("content_pages", model_name)
        content_type, _ = ContentType.objects.get_or_create(app_label="content_pages", model=model_name)
        if workflow is not None and not WorkflowContentType.objects.filter(content_type=content_type).exists():
            WorkflowContentType.objects.create(content_type=content_type, workflow=workflow)
        for obj in model.objects.filter(latest_revision__isnull=True):
            published_at = getattr(obj, "updated_at", None) or now
            obj.live = True
            obj.has_unpublished_changes = False
            obj.first_published_at = obj.first_published_at or published_at
            obj.last_published_at = published_at
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(obj.pk),
                created_at=published_at,
                object_str=str(getattr(obj, "name", "") or getattr(obj, "title", "") or obj.pk)[:255],
                content=_content(obj, model_name),
            )
            obj.latest_revision = revision
            obj.live_revision = revision
            obj.save(
                update_fields=[
                    "live",
                    "has_unpublished_changes",
                    "first_published_at",
                    "last_published_at",
                    "latest_revision",
                    "live_revision",
                ]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("content_pages", "0008_snippet_drafts_and_review"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
