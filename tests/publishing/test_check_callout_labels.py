"""``manage.py check_callout_labels`` lists live articles whose note or warning its label
pushes over a channel limit, and exits nonzero when there is one."""

import io

import pytest
from django.core.management import call_command

from content_pages.publishing.callout_labels import live_label_overflows

pytestmark = pytest.mark.django_db

WARNING_ID = "97cff654-a595-5cdc-80de-25cc703d299f"  # the seed's safety warning


def set_warning(page, field, text):
    stream = getattr(page, field)
    child = next(child for child in stream if child.id == WARNING_ID)
    child.value["text"] = text
    page.save(clean=False, update_fields=[field])


def test_the_seed_passes(seeded):
    out = io.StringIO()
    call_command("check_callout_labels", stdout=out)
    assert "No label pushes a callout over a channel limit." in out.getvalue()


def test_a_warning_that_filled_one_sms_is_listed(seeded, settings):
    settings.CMS_SMS_MAX_SEGMENTS = 6  # 6 × 67 = 402 UCS-2 units in one message
    # 402 units without the label: one SMS; "警告：" makes it 405, two.
    set_warning(seeded, "body_zh_hans", "液体活检" * 100 + "无法")
    found = live_label_overflows()
    assert [(item.page_id, item.language, item.overflow.channel) for item in found] == [(seeded.pk, "zh-hans", "sms")]
    assert (found[0].overflow.without, found[0].overflow.labelled) == (1, 2)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_callout_labels", stdout=out)
    assert exit_.value.code == 1
    assert f"Article {seeded.pk}" in out.getvalue()
    assert "zh-hans, sms" in out.getvalue()
    assert "needs 2 messages with its label, 1 without it" in out.getvalue()
