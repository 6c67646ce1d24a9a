"""Translation reviewer groups: approving a language gives no right to edit English or
structure, and lifts no translator restriction (``foundations/roles.py``)."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from content_pages.foundations.roles import reviewer_languages, translator_languages
from content_pages.publishing.translators import ensure_translator_groups, group_name, reviewer_group_name

pytestmark = pytest.mark.django_db


def user_in(username, *groups, superuser=False):
    ensure_translator_groups()
    if not Group.objects.filter(name="Editors").exists():
        call_command("setup_medical_review", verbosity=0, stdout=io.StringIO())
    user = User.objects.create_user(username=username, password="pw", is_superuser=superuser)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def test_translation_reviewers_are_restricted_like_translators():
    translator_and_reviewer = user_in("tr", group_name("ms"), reviewer_group_name("ms"))
    reviewer_only = user_in("rv", reviewer_group_name("zh-hans"))
    editor_who_translates = user_in("ed", group_name("ms"), "Editors")
    assert translator_languages(translator_and_reviewer) == {"ms"}  # membership lifts nothing
    assert translator_languages(reviewer_only) == {"zh-hans"}
    assert translator_languages(editor_who_translates) is None
    assert reviewer_languages(translator_and_reviewer) == {"ms"}
    assert reviewer_languages(reviewer_only) == {"zh-hans"}
    assert reviewer_languages(editor_who_translates) == set()  # editing rights approve nothing


def test_setup_creates_a_reviewer_group_per_language():
    out = io.StringIO()
    call_command("setup_translator_groups", stdout=out)
    assert "Translation reviewers (ms)" in out.getvalue()
    assert "Translation reviewers (zh-hans)" in out.getvalue()
    reviewers = Group.objects.get(name="Translation reviewers (ms)")
    assert not reviewers.permissions.filter(codename__startswith="publish").exists()
