"""The web translation editor's save: the PO import's rules, one language, a draft, all or nothing."""

import pytest

from content_pages.models import ArticlePage, CallToAction, TranslationRecord
from content_pages.publishing.translations.apply import apply_translations
from content_pages.publishing.translations.importing import ImportRejected
from content_pages.reads.segments import snippet_segments, translatable_segments

pytestmark = pytest.mark.django_db

BLOCK_ID = "6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@pytest.fixture
def linked(seeded, django_capture_on_commit_callbacks):
    """A published paragraph with a link and bold text: placeholders <a1> and <b1>."""
    draft = seeded.get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    stream.append(
        {
            "type": "paragraph",
            "id": BLOCK_ID,
            "value": '<p>Read <a href="https://example.org/">the <b>guide</b></a>.</p>',
        }
    )
    draft.body_en = stream
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision().publish()
    return f"page:{seeded.pk}:body:{BLOCK_ID}"


def state(page):
    """What a save could change: the page's revisions and live row, the CTAs and the records."""
    page = ArticlePage.objects.get(pk=page.pk)
    return (
        page.revisions.count(),
        page.latest_revision_id,
        page.body_ms.get_prep_value(),
        sorted(CallToAction.objects.values_list("pk", "button_label_ms", "latest_revision_id")),
        sorted(TranslationRecord.objects.values_list("segment_id", "language", "translation_hash")),
    )


def latest(page):
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def test_writes_only_that_language_as_a_draft(seeded, linked, admin_user):
    standfirst = f"page:{seeded.pk}:standfirst"
    title = f"page:{seeded.pk}:title"
    left = next(s.id for s in translatable_segments(seeded, "ms") if s.id not in (linked, standfirst, title))
    apply_translations(seeded, "ms", {title: "Tajuk dalam draf"}, user=admin_user)
    before = latest(seeded)
    live_malay = ArticlePage.objects.get(pk=seeded.pk).body_ms.get_prep_value()
    report = apply_translations(
        seeded,
        "ms",
        {
            linked: "Baca <a1>panduan <b1>ini</b1></a1>.",
            standfirst: "Ringkasan\r\nbaharu.",
            left: "",  # left as it is
            title: "Tajuk dalam draf",  # as the draft already has it
        },
        user=admin_user,
    )
    assert sorted(report.imported) == sorted([linked, standfirst])
    assert report.unchanged == [title]
    assert report.skipped_empty == [left]
    assert report.pages == [seeded.pk]
    assert report.published == []

    after = latest(seeded)
    paragraph = next(child for child in after.body_ms if child.id == BLOCK_ID)
    assert paragraph.value.source == '<p>Baca <a href="https://example.org/">panduan <b>ini</b></a>.</p>'
    assert after.standfirst_ms == "Ringkasan\nbaharu."  # a text area's CRLF, as LF
    for name in ("title_en", "standfirst_en", "standfirst_zh_hans", "title_zh_hans", "seo_title_ms"):
        assert getattr(after, name) == getattr(before, name), name
    assert after.body_en.get_prep_value() == before.body_en.get_prep_value()
    assert after.body_zh_hans.get_prep_value() == before.body_zh_hans.get_prep_value()

    page = ArticlePage.objects.get(pk=seeded.pk)
    assert page.body_ms.get_prep_value() == live_malay  # readers see nothing yet
    assert page.has_unpublished_changes
    record = TranslationRecord.objects.get(segment_id=standfirst, language="ms")
    assert (record.origin, record.translation_text) == ("editor", "Ringkasan\nbaharu.")


def test_nothing_changed_writes_no_revision(seeded, admin_user):
    before = state(seeded)
    report = apply_translations(
        seeded, "ms", {f"page:{seeded.pk}:title": seeded.title_ms, f"page:{seeded.pk}:standfirst": ""}, user=admin_user
    )
    assert report.imported == []
    assert report.pages == []
    assert report.skipped_empty == [f"page:{seeded.pk}:standfirst"]
    assert state(seeded) == before


def test_every_problem_is_named_by_its_segment_and_nothing_is_written(seeded, linked, admin_user):
    segments = {segment.id: segment for segment in translatable_segments(seeded, "ms")}
    label = next(key for key in segments if key.startswith("cta:") and key.endswith(":button_label"))
    standfirst = f"page:{seeded.pk}:standfirst"
    title = f"page:{seeded.pk}:title"
    before = state(seeded)
    with pytest.raises(ImportRejected) as rejected:
        apply_translations(
            seeded,
            "ms",
            {
                linked: "Baca panduan ini.",  # placeholders dropped
                label: "Sembang bersama kami di WhatsApp",  # 32 characters, 20 allowed
                f"page:{seeded.pk}:subtitle": "Tiada",  # no such text
                standfirst: "Ringkasan baharu.",  # English changed since the editor opened
                title: "Tajuk baharu.",  # fine on its own
            },
            sources={standfirst: "An older English standfirst.", title: segments[title].source},
            user=admin_user,
        )
    problems = {problem.segment: problem.message for problem in rejected.value.report.problems}
    assert set(problems) == {linked, label, f"page:{seeded.pk}:subtitle", standfirst}
    assert "placeholders do not match the source: missing placeholders <a1>, <b1>" in problems[linked]
    assert "32 characters; at most 20 allowed here" in problems[label]
    assert problems[f"page:{seeded.pk}:subtitle"] == "no such text here any more; reload the page"
    assert problems[standfirst] == "the English text changed since you opened this page; reload"
    assert all(problem.line is None for problem in rejected.value.report.problems)
    assert state(seeded) == before


def test_choices_keep_their_line_count_and_refusals_come_from_may_edit(seeded, admin_user):
    from content_pages.models import EnquiryFormPage

    form = EnquiryFormPage.objects.get()
    choices = next(s for s in translatable_segments(form, "ms") if s.field == "choices")
    with pytest.raises(ImportRejected) as rejected:
        apply_translations(form, "ms", {choices.id: "Satu sahaja"}, user=admin_user)
    assert rejected.value.report.problems[0].segment == choices.id
    assert "keep one choice per line" in rejected.value.report.problems[0].message

    title = f"page:{form.pk}:title"
    with pytest.raises(ImportRejected) as refused:
        apply_translations(form, "ms", {title: "Borang"}, user=admin_user, may_edit=lambda obj: False)
    assert refused.value.report.problems[0].segment == title
    assert "you may not edit the page" in refused.value.report.problems[0].message


def test_a_snippet_is_translated_in_its_own_draft(seeded, admin_user):
    cta = CallToAction.objects.filter(live=True).order_by("pk").first()
    live_heading = cta.heading_ms
    heading = f"cta:{cta.pk}:heading"
    assert heading in {segment.id for segment in snippet_segments(cta, "ms")}
    report = apply_translations(cta, "ms", {heading: "Tajuk seruan baharu"}, user=admin_user)
    assert report.imported == [heading]
    cta.refresh_from_db()
    assert cta.heading_ms == live_heading
    assert cta.has_unpublished_changes
    draft = cta.get_latest_revision_as_object()
    assert draft.heading_ms == "Tajuk seruan baharu"
    assert draft.heading_en == cta.heading_en
    assert draft.heading_zh_hans == cta.heading_zh_hans
    # The editor reads the snippet from its latest draft: saved again unchanged, nothing new.
    again = apply_translations(cta, "ms", {heading: "Tajuk seruan baharu"}, user=admin_user)
    assert again.imported == []
    assert again.unchanged == [heading]


def test_only_translation_languages(seeded, admin_user):
    with pytest.raises(ImportRejected) as rejected:
        apply_translations(seeded, "en", {f"page:{seeded.pk}:title": "x"}, user=admin_user)
    assert "not a translation language" in rejected.value.report.problems[0].message
