"""The translator's side-by-side editor: rows, statuses, saving one language as a draft,
refusals, permissions and stale texts."""

import re
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from content_pages.models import ArticlePage, CallToAction
from content_pages.publishing.translation_review import approve_language
from content_pages.reads.segments import translatable_segments
from content_pages.reads.translation_editor import DiffPart, source_parts, tokens, word_diff
from content_pages.reads.translation_status import MISSING, segment_states
from tests.reviewing import make_reviewer

pytestmark = pytest.mark.django_db


def editor_url(page, language="ms"):
    return reverse("content_pages_translate_page", args=[page.pk, language])


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def row_of(document, segment_id):
    """The editor row whose textarea is named for ``segment_id``."""
    textarea = document.find("textarea", attrs={"name": f"t:{segment_id}"})
    assert textarea is not None, segment_id
    return textarea.find_parent("li", class_="tr-row")


def paragraphs(page, language="ms", count=3, state=None):
    """Rich-text paragraphs of the page's body, missing ones first (or only ``state``)."""
    segments = translatable_segments(page, language)
    states = segment_states(segments, language)
    found = [
        segment
        for segment in segments
        if segment.stream_path and segment.markup is not None and state in (None, states[segment.id])
    ]
    found.sort(key=lambda segment: states[segment.id] != MISSING)
    assert len(found) >= count
    return found[:count]


def posted(segments, texts, action="save"):
    data = {"action": action}
    for segment, text in zip(segments, texts, strict=True):
        data[f"t:{segment.id}"] = text
        data[f"s:{segment.id}"] = segment.source
    return data


def paragraph_block(page, segment):
    """The English and Malay values of the paragraph a segment names, in the latest draft."""
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    block_id = segment.stream_path[0]
    english = next(child for child in draft.body_en if child.id == block_id)
    malay = next((child for child in draft.body_ms if child.id == block_id), None)
    return english.value.source, (malay.value.source if malay is not None and malay.value else "")


def publish_english_paragraph(page, block_id, html, user):
    """An editor rewrites one English paragraph and publishes the page."""
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    block = next(item for item in stream if item["id"] == block_id)
    block["value"] = html
    draft.body_en = stream
    draft.save_revision(user=user).publish(user=user)


def add_english_paragraphs(page, texts, user):
    """An editor adds paragraphs at the end of the English body and publishes: new texts,
    missing in every other language."""
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    stream = draft.body_en.get_prep_value()
    ids = [str(uuid.uuid4()) for _text in texts]
    stream += [
        {"type": "paragraph", "value": f"<p>{text}</p>", "id": block_id}
        for text, block_id in zip(texts, ids, strict=True)
    ]
    draft.body_en = stream
    draft.save_revision(user=user).publish(user=user)
    return ids


@pytest.fixture
def with_missing(seeded):
    """The seed article with three new English paragraphs nobody has translated yet."""
    admin = User.objects.filter(is_superuser=True).first()
    add_english_paragraphs(
        seeded, ["Rest when you need to.", "Drink plenty of water.", "Tell your nurse about any fever."], admin
    )
    return seeded


def test_rows_show_source_status_and_inputs_for_the_language_only(with_missing, admin_client):
    seeded = with_missing
    response = admin_client.get(editor_url(seeded))
    assert response.status_code == 200
    document = soup(response)
    segments = translatable_segments(seeded, "ms")
    rows = document.select("li.tr-row")
    assert len(rows) == len(segments)
    title = row_of(document, f"page:{seeded.pk}:title")
    assert seeded.title_en in title.select_one(".tr-text[lang=en]").get_text()
    assert "Translated" in title.select_one(".tr-state").get_text()
    assert title.find("textarea")["lang"] == "ms"
    assert (
        title.find("input", attrs={"type": "hidden", "name": f"s:page:{seeded.pk}:title"})["value"] == seeded.title_en
    )
    paragraph = paragraphs(seeded, count=1, state=MISSING)[0]
    assert paragraph.source == "Rest when you need to."
    assert "Missing" in row_of(document, paragraph.id).select_one(".tr-state").get_text()
    # Every label is tied to its input.
    for textarea in document.select("textarea.tr-input"):
        assert document.find("label", attrs={"for": textarea["id"]}) is not None
    # Progress, with its numbers.
    bar = document.select_one("progress#tr-progress-bar")
    assert int(bar["max"]) == len(segments)
    states = segment_states(segments, "ms")
    assert int(bar["value"]) == list(states.values()).count("translated")
    # No field of any other language and nothing structural.
    names = {element.get("name") for element in document.select("form.tr-form [name]")}
    assert not any(name.endswith(("_en", "_zh_hans")) for name in names if name)
    assert {name.split(":", 1)[0] for name in names} <= {"csrfmiddlewaretoken", "t", "s", "action"}
    # Nothing inline for the admin's CSP: scripts come from static files.
    editor = document.select_one(".tr-editor")
    assert not editor.select("script")
    assert not [element for element in editor.find_all(True) if any(a.startswith("on") for a in element.attrs)]
    assert document.find("script", src=re.compile(r"content_pages/translate\.js"))


def test_channel_limit_counts_are_shown(seeded, admin_client):
    cta = CallToAction.objects.get(kind="whatsapp")
    response = admin_client.get(editor_url(seeded))
    row = row_of(soup(response), f"cta:{cta.pk}:button_label")
    counts = [item.get_text() for item in row.select(".tr-count")]
    label = cta.button_label_ms
    assert f"{len(label)} / 20 (WhatsApp button)" in counts
    assert f"{len(label)} / 20 (Telegram button)" in counts


def test_filters_keep_missing_rows(with_missing, admin_client):
    seeded = with_missing
    response = admin_client.get(editor_url(seeded) + "?show=missing")
    rows = soup(response).select("li.tr-row")
    assert {row["data-state"] for row in rows} == {"missing"}
    assert len(rows) == 3


def test_save_writes_a_malay_draft_only(with_missing, admin_client):
    seeded = with_missing
    page = ArticlePage.objects.get(pk=seeded.pk)
    live_ms, live_en, live_zh = (
        page.body_ms.get_prep_value(),
        page.body_en.get_prep_value(),
        page.body_zh_hans.get_prep_value(),
    )
    segments = paragraphs(seeded)
    texts = [f"Teks Melayu {number}" for number in range(1, 4)]
    response = admin_client.post(editor_url(seeded), posted(segments, texts), follow=True)
    assert response.status_code == 200
    assert "Saved 3 Malay translations" in response.content.decode()
    for segment, text in zip(segments, texts, strict=True):
        _english, malay = paragraph_block(seeded, segment)
        assert text in malay
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    assert draft.body_en.get_prep_value() == live_en
    assert draft.body_zh_hans.get_prep_value() == live_zh
    # The live page is untouched: a draft only.
    page = ArticlePage.objects.get(pk=seeded.pk)
    assert page.body_ms.get_prep_value() == live_ms
    assert page.body_en.get_prep_value() == live_en
    assert page.has_unpublished_changes
    # The editor now shows them, and counts only what changed when saved again.
    document = soup(admin_client.get(editor_url(seeded)))
    assert row_of(document, segments[0].id).find("textarea").get_text() == texts[0]
    again = posted(segments, texts)
    response = admin_client.post(editor_url(seeded), again, follow=True)
    assert "Saved 0 Malay translations" in response.content.decode()


def test_placeholder_mismatch_is_refused_next_to_the_segment(seeded, admin_client):
    admin = User.objects.filter(is_superuser=True).first()
    segment = paragraphs(seeded, count=1)[0]
    publish_english_paragraph(seeded, segment.stream_path[0], "<p>Ask <b>our nurses</b> first.</p>", admin)
    segment = next(s for s in translatable_segments(seeded, "ms") if s.id == segment.id)
    assert segment.source == "Ask <b1>our nurses</b1> first."
    before = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    response = admin_client.post(editor_url(seeded), posted([segment], ["Tanya jururawat kami dahulu."]))
    assert response.status_code == 400
    document = soup(response)
    errors = row_of(document, segment.id).select_one(".tr-server-error").get_text()
    assert "placeholder" in errors
    assert "<b1>" in errors
    assert "Nothing was saved" in document.select_one(".tr-problems").get_text()
    # What the translator typed is kept for them to fix.
    assert row_of(document, segment.id).find("textarea").get_text() == "Tanya jururawat kami dahulu."
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == before
    # The source is shown with the placeholder marked.
    shown = soup(admin_client.get(editor_url(seeded)))
    assert [p.get_text() for p in row_of(shown, segment.id).select(".tr-placeholder")] == ["<b1>", "</b1>"]


def test_over_limit_is_refused_and_nothing_is_saved(seeded, admin_client):
    cta = CallToAction.objects.get(kind="whatsapp")
    segment = next(s for s in translatable_segments(seeded, "ms") if s.id == f"cta:{cta.pk}:button_label")
    others = paragraphs(seeded, count=1)
    before_page = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    before_cta = CallToAction.objects.get(pk=cta.pk).latest_revision_id
    data = posted([segment, *others], ["Hubungi kami melalui WhatsApp", "Teks Melayu"])
    response = admin_client.post(editor_url(seeded), data)
    assert response.status_code == 400
    errors = row_of(soup(response), segment.id).select_one(".tr-server-error").get_text()
    assert "29" in errors
    assert "20" in errors
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == before_page
    assert CallToAction.objects.get(pk=cta.pk).latest_revision_id == before_cta
    assert CallToAction.objects.get(pk=cta.pk).button_label_ms == cta.button_label_ms


def refused(response):
    """Wagtail's answer to PermissionDenied in the admin: back to the dashboard, with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_a_malay_translator_may_open_malay_only(seeded, client, translator):
    translator("ms")
    assert client.get(editor_url(seeded, "ms")).status_code == 200
    assert refused(client.get(editor_url(seeded, "zh-hans")))
    # Not found (the site's locale middleware first tries the URL under a language prefix).
    assert client.get(editor_url(seeded, "en"), follow=True).status_code == 404
    assert client.get(editor_url(seeded, "xx"), follow=True).status_code == 404
    # Nor can they post Chinese.
    segment = paragraphs(seeded, "zh-hans", count=1)[0]
    assert refused(client.post(editor_url(seeded, "zh-hans"), posted([segment], ["中文"])))


def test_a_translator_cannot_change_english_through_the_editor(seeded, client, translator):
    translator("ms")
    before = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    data = {"action": "save", "title_en": "Hacked", f"t:page:{seeded.pk}:title_en": "Hacked", "t:bogus": "x"}
    response = client.post(editor_url(seeded), data, follow=True)
    assert response.status_code == 200
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    assert draft.title_en == seeded.title_en
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == before


def test_an_editor_of_nothing_is_refused(seeded, client):
    user = User.objects.create_user(username="nobody", password="pw")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(user)
    response = client.get(editor_url(seeded), follow=True)
    assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)]
    assert "Sorry, you do not have permission" in response.content.decode()
    cta = CallToAction.objects.first()
    url = reverse("content_pages_translate_snippet", args=["content_pages.calltoaction", cta.pk, "ms"])
    assert refused(client.get(url))


def test_snippet_editor(seeded, admin_client):
    cta = CallToAction.objects.get(kind="whatsapp")
    url = reverse("content_pages_translate_snippet", args=["content_pages.calltoaction", cta.pk, "ms"])
    response = admin_client.get(url)
    assert response.status_code == 200
    document = soup(response)
    assert row_of(document, f"cta:{cta.pk}:button_label")
    assert admin_client.get(url.replace("calltoaction", "nosuchmodel")).status_code == 404
    assert admin_client.get(reverse("content_pages_translate_snippet", args=["auth.user", 1, "ms"])).status_code == 404
    response = admin_client.post(
        url,
        {"action": "save", f"t:cta:{cta.pk}:heading": "Tajuk baharu", f"s:cta:{cta.pk}:heading": cta.heading_en},
        follow=True,
    )
    assert "Saved 1 Malay translation." in response.content.decode()
    cta.refresh_from_db()
    assert cta.get_latest_revision_as_object().heading_ms == "Tajuk baharu"
    assert cta.heading_ms != "Tajuk baharu"  # the live row keeps its text until published


def test_stale_row_shows_previous_english_and_a_word_diff(seeded, admin_client):
    admin = User.objects.filter(is_superuser=True).first()
    segment = paragraphs(seeded, count=1)[0]
    response = admin_client.post(editor_url(seeded), posted([segment], ["Teks Melayu lama"]), follow=True)
    assert "Saved 1 Malay translation." in response.content.decode()
    approve_language(ArticlePage.objects.get(pk=seeded.pk), "ms", make_reviewer("aminah", ("ms",)))  # live
    new_english = segment.source.replace(" ", " really ", 1)
    publish_english_paragraph(seeded, segment.stream_path[0], f"<p>{new_english}</p>", admin)

    document = soup(admin_client.get(editor_url(seeded) + "?show=stale"))
    row = row_of(document, segment.id)
    assert row["data-state"] == "stale"
    assert "English changed" in row.get_text()
    assert row.select_one(".tr-previous").get_text() == segment.source
    assert [ins.get_text().replace("added:", "").strip() for ins in row.select(".tr-diff ins")] == ["really"]
    assert not row.select(".tr-diff del")
    assert row.find("textarea").get_text() == "Teks Melayu lama"

    # "Still correct" keeps the translation and clears the stale state; without it, a
    # save of the same text leaves it stale.
    current = next(s for s in translatable_segments(seeded, "ms") if s.id == segment.id)
    admin_client.post(editor_url(seeded), posted([current], ["Teks Melayu lama"]))
    assert segment_states([current], "ms")[segment.id] == "stale"
    data = {**posted([current], ["Teks Melayu lama"]), f"ok:{segment.id}": "1"}
    response = admin_client.post(editor_url(seeded), data, follow=True)
    assert "Confirmed 1 translation as still correct" in response.content.decode()
    assert segment_states([current], "ms")[segment.id] == "translated"


def test_word_diff_marks_words_and_escapes():
    assert word_diff("take two tablets", "take three tablets") == [
        DiffPart("equal", "take "),
        DiffPart("delete", "two"),
        DiffPart("insert", "three"),
        DiffPart("equal", " tablets"),
    ]
    assert word_diff("Ask <a1>us</a1>", "Ask <b1>us</b1>") == [
        DiffPart("equal", "Ask "),
        DiffPart("delete", "<a1>"),
        DiffPart("insert", "<b1>"),
        DiffPart("equal", "us"),
        DiffPart("delete", "</a1>"),
        DiffPart("insert", "</b1>"),
    ]
    assert "".join(tokens("免疫疗法 works")) == "免疫疗法 works"
    assert tokens("免疫") == ["免", "疫"]
    assert [part.placeholder for part in source_parts("Ask <a1>us</a1>.")] == [False, True, False, True, False]


def test_diff_is_escaped_in_the_page(seeded, admin_client):
    admin = User.objects.filter(is_superuser=True).first()
    segment = paragraphs(seeded, count=1)[0]
    admin_client.post(editor_url(seeded), posted([segment], ["Teks"]))
    publish_english_paragraph(seeded, segment.stream_path[0], "<p>Use &lt;script&gt; carefully.</p>", admin)
    html = admin_client.get(editor_url(seeded)).content.decode()
    assert "<script>" not in re.sub(r"<script src=[^>]*></script>", "", html).split("tr-editor", 1)[1]


def test_get_query_count_is_bounded(seeded, admin_client, django_assert_max_num_queries):
    admin_client.get(editor_url(seeded))  # warm caches (site, locale, user)
    with django_assert_max_num_queries(40):
        assert admin_client.get(editor_url(seeded)).status_code == 200


def test_submit_for_review_saves_and_starts_the_workflow_once(seeded, client, translator):
    user = translator("ms")
    page = ArticlePage.objects.get(pk=seeded.pk)
    assert page.get_workflow() is not None
    assert not page.workflow_in_progress
    segment = paragraphs(seeded, count=1)[0]
    response = client.post(editor_url(seeded), posted([segment], ["Teks untuk semakan"], action="submit"), follow=True)
    text = response.content.decode()
    assert "Saved 1 Malay translation." in text
    assert "Submitted for review." in text
    page = ArticlePage.objects.get(pk=seeded.pk)
    assert page.workflow_in_progress
    assert page.current_workflow_state.requested_by == user
    assert "Teks untuk semakan" not in str(page.body_ms.get_prep_value())  # not live: in review
    response = client.post(editor_url(seeded), posted([segment], ["Teks kedua"], action="submit"), follow=True)
    assert "Already in review" in response.content.decode()
    assert ArticlePage.objects.get(pk=seeded.pk).workflow_states.filter(status="in_progress").count() == 1


def test_glossary_terms_and_memory_suggestions_are_shown_in_place(with_missing, admin_client):
    from content_pages.models import GlossaryTerm, GlossaryTranslation

    GlossaryTerm.objects.all().delete()  # the seed's own terms; this test brings its own
    term = GlossaryTerm.objects.create(term="nurse", note="A health professional.")
    GlossaryTranslation.objects.create(term=term, language="ms", translation="jururawat")
    GlossaryTerm.objects.create(term="PD-1", keep_as_is=True)
    # The same English translated in one place is offered for another.
    segments = paragraphs(with_missing, count=3, state=MISSING)
    fever = next(segment for segment in segments if "nurse" in segment.source)
    other = paragraphs(with_missing, count=3, state=MISSING)[0]
    admin_client.post(editor_url(with_missing), posted([other], ["Berehat apabila perlu."]))
    admin = User.objects.filter(is_superuser=True).first()
    add_english_paragraphs(with_missing, ["Rest when you need to."], admin)

    document = soup(admin_client.get(editor_url(with_missing)))
    row = row_of(document, fever.id)
    glossary = row.select_one(".tr-glossary").get_text(" ", strip=True)
    assert "nurse → jururawat" in glossary
    assert "A health professional." in glossary
    checkpoint = next(s for s in translatable_segments(with_missing, "ms") if "PD-1," in s.source)
    assert "PD-1 → keep as is" in row_of(document, checkpoint.id).select_one(".tr-glossary").get_text(" ", strip=True)
    new = [
        segment
        for segment in translatable_segments(with_missing, "ms")
        if segment.source == "Rest when you need to." and segment.id != other.id
    ][0]
    suggestion_row = row_of(document, new.id)
    button = suggestion_row.select_one("button.tr-use")
    assert button["data-text"] == "Berehat apabila perlu."
    assert button["data-target"] == suggestion_row.find("textarea")["id"]
    # Offered, never applied: the text area stays empty until the translator accepts it.
    assert suggestion_row.find("textarea").get_text() == ""


def test_a_200k_text_is_refused_at_once_next_to_the_segment(seeded, admin_client, monkeypatch):
    """The issue's denial of service: one long translation kept a worker busy for as long as
    its channel checks took. Now it is refused before any of them runs."""
    from content_pages.publishing.gate import rules

    checked = []
    monkeypatch.setattr(rules, "channel_limit_errors", lambda *args, **kwargs: checked.append(args) or {})
    [segment] = paragraphs(seeded, count=1)
    before = ArticlePage.objects.get(pk=seeded.pk).latest_revision_id
    response = admin_client.post(editor_url(seeded), posted([segment], ["Teks panjang. " * 15_000]))
    assert response.status_code == 400
    error = row_of(soup(response), segment.id).select_one(".tr-server-error").get_text()
    assert (
        "209,999 characters; a single text may have at most 10,000 (Paragraph)" in error
    )  # the trailing space trimmed
    assert checked == []
    assert ArticlePage.objects.get(pk=seeded.pk).latest_revision_id == before
