"""A translator account against every admin URL family, and crafted POSTs for structure.

The account is what ``setup_translator_groups`` makes: "Translators (ms)" only. Every
refusal must hold on the server: the database is checked after each request, not the
buttons on the page.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, User
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CallToAction,
    EnquiryFormPage,
    EnquirySubmission,
    Reference,
)
from content_pages.publishing.translators import ensure_translator_groups, group_name
from tests.refusals import assert_refused

from .conftest import article_form_data, fill, stream_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def translator_client(client, seeded):
    ensure_translator_groups()
    user = User.objects.create_user(username="siti", password="pw")
    user.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(user)
    return client


@pytest.fixture
def submission(seeded):
    form = EnquiryFormPage.objects.get()
    return EnquirySubmission.objects.create(
        page=form, form_data={"name": "Aminah binti Ali", "phone": "+60123456789"}, language="ms", channel="web"
    )


def browser_post_data(html, form_id=None):
    """What a browser would submit for the page's edit form, with nothing changed.

    Translators are sent to the translation editor instead of Wagtail's edit forms, so
    the crafted requests below start from the form as an editor sees it: what a
    translator could still send by hand, which the server must refuse all the same."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", id=form_id) if form_id else soup.find("form", attrs={"data-edit-form": True})
    data = {}
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") in ("submit", "button", "file"):
            continue
        if element.name == "textarea":
            data[name] = element.text
        elif element.name == "select":
            chosen = element.find_all("option", selected=True)
            if element.has_attr("multiple"):
                data[name] = [option.get("value", "") for option in chosen]
            else:
                data[name] = chosen[0].get("value", "") if chosen else ""
        elif element.get("type") in ("checkbox", "radio"):
            if element.has_attr("checked"):
                data.setdefault(name, []).append(element.get("value", "on"))
        else:
            data[name] = element.get("value", "")
    return data


def form_errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [" ".join(e.get_text().split()) for e in soup.select(".error-message, .help-critical, .messages li")]


def refused(response):
    """A refusal: a redirect with a message, a 403, or the form shown again with errors."""
    if response.status_code in (302, 403, 405):
        return True
    return response.status_code == 200 and (
        "you cannot" in response.content.decode() or "not yours to change" in response.content.decode()
    )


# --- pages ---------------------------------------------------------------------------


def test_translator_is_sent_to_the_translation_editor_and_cannot_delete_move_copy_or_unpublish(
    translator_client, seeded
):
    client = translator_client
    index = ArticleIndexPage.objects.get()
    # The page editor shows English fields and structure: translators work in the
    # translation editor instead, in their own language.
    response = client.get(reverse("wagtailadmin_pages:edit", args=[seeded.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("content_pages_translate_page", args=[seeded.pk, "ms"])
    pages = Page.objects.count()

    for name in ("delete", "unpublish", "copy", "move", "add_subpage", "set_privacy", "lock"):
        url = reverse(f"wagtailadmin_pages:{name}", args=[seeded.pk])
        assert refused(client.get(url)), name
        assert refused(client.post(url, {"new_title": "Copy", "new_slug": "copy", "new_parent_page": index.pk})), name
    assert refused(client.post(reverse("wagtailadmin_pages:move_confirm", args=[seeded.pk, index.get_parent().pk])))
    assert refused(client.get(reverse("wagtailadmin_pages:add", args=["content_pages", "articlepage", index.pk])))
    privacy = reverse("wagtailadmin_pages:set_privacy", args=[seeded.pk])
    assert refused(client.post(privacy, {"restriction_type": "password", "password": "secret123"}))

    seeded.refresh_from_db()
    assert seeded.live
    assert not seeded.locked
    assert seeded.get_parent().pk == index.pk
    assert Page.objects.count() == pages
    assert not PageViewRestriction.objects.exists()


def test_translator_cannot_delete_an_unpublished_page(translator_client, seeded):
    seeded.unpublish()
    url = reverse("wagtailadmin_pages:delete", args=[seeded.pk])
    assert refused(translator_client.post(url))
    assert ArticlePage.objects.filter(pk=seeded.pk).exists()


def test_translator_cannot_revert_or_unschedule_revisions(translator_client, seeded):
    revision = seeded.revisions.order_by("pk").first()
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[seeded.pk, revision.pk])
    response = translator_client.get(revert)
    assert response.status_code == 302
    follow = translator_client.get(response["Location"]).content.decode()
    assert "As a translator you cannot revert a page to an earlier revision." in follow
    latest = seeded.latest_revision_id
    assert refused(translator_client.post(revert, {"title_en": "Reverted"}))
    seeded.refresh_from_db()
    assert seeded.latest_revision_id == latest
    assert translator_client.get(reverse("wagtailadmin_pages:history", args=[seeded.pk])).status_code == 200


@pytest.mark.parametrize("action", ["delete", "publish", "unpublish", "move"])
def test_translator_cannot_use_bulk_actions(translator_client, seeded, action):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={seeded.pk}"
    response = translator_client.post(url, {"chooser": ArticleIndexPage.objects.get().pk})
    assert refused(response)
    seeded.refresh_from_db()
    assert seeded.live
    assert ArticlePage.objects.filter(pk=seeded.pk).exists()


# --- snippets ------------------------------------------------------------------------


def test_translator_cannot_add_delete_or_revert_snippets(translator_client, seeded):
    client = translator_client
    cta = CallToAction.objects.get(name="WhatsApp: liquid biopsy")
    ctas = CallToAction.objects.count()
    assert refused(client.get(reverse("wagtailsnippets_content_pages_calltoaction:add")))
    assert refused(client.post(reverse("wagtailsnippets_content_pages_calltoaction:add"), {"name": "Mine"}))
    assert refused(client.post(reverse("wagtailsnippets_content_pages_calltoaction:delete", args=[cta.pk])))
    bulk = reverse("wagtail_bulk_action", args=["content_pages", "calltoaction", "delete"]) + f"?id={cta.pk}"
    assert refused(client.post(bulk))
    revision = cta.revisions.order_by("pk").first()
    revert = reverse("wagtailsnippets_content_pages_calltoaction:revisions_revert", args=[cta.pk, revision.pk])
    assert refused(client.get(revert))
    assert CallToAction.objects.count() == ctas
    assert client.get(reverse("wagtailsnippets_content_pages_calltoaction:history", args=[cta.pk])).status_code == 200


def test_translator_cannot_add_an_author_to_a_reference(translator_client, admin_client, seeded):
    reference = Reference.objects.first()
    url = reverse("wagtailsnippets_content_pages_reference:edit", args=[reference.pk])
    data = browser_post_data(admin_client.get(url).content.decode())
    total = int(data["authors-TOTAL_FORMS"])
    data.update(
        {
            "authors-TOTAL_FORMS": str(total + 1),
            f"authors-{total}-family": "Intruder",
            f"authors-{total}-ORDER": str(total + 1),
        }
    )
    data[f"authors-{total}-id"] = ""
    data[f"authors-{total}-DELETE"] = ""
    response = translator_client.post(url, data)
    assert refused(response)
    assert "Authors: as a translator you cannot add items." in response.content.decode()
    assert not reference.authors.filter(family="Intruder").exists()
    assert reference.latest_revision_id == Reference.objects.get(pk=reference.pk).latest_revision_id


def test_translator_translates_a_reference_summary(translator_client, admin_client, seeded):
    reference = Reference.objects.first()
    url = reverse("wagtailsnippets_content_pages_reference:edit", args=[reference.pk])
    assert translator_client.get(url)["Location"] == reverse(
        "content_pages_translate_snippet", args=["content_pages.reference", reference.pk, "ms"]
    )
    data = browser_post_data(admin_client.get(url).content.decode())
    data["lay_summary_ms"] = "Ringkasan untuk pesakit."
    response = translator_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        Reference.objects.get(pk=reference.pk).get_latest_revision_as_object().lay_summary_ms
        == "Ringkasan untuk pesakit."
    )


# --- enquiry forms and their submissions ----------------------------------------------


def test_translator_cannot_see_export_or_delete_enquiries(translator_client, submission):
    client = translator_client
    form = submission.page
    listing = client.get(reverse("wagtailforms:index"))
    assert listing.status_code == 200
    assert form.title not in listing.content.decode()
    submissions = reverse("wagtailforms:list_submissions", args=[form.pk])
    for response in (
        client.get(submissions),
        client.get(submissions, {"export": "csv"}),
        client.get(submissions, {"export": "xlsx"}),
    ):
        assert_refused(response)
        assert b"Aminah" not in response.content
    delete = reverse("wagtailforms:delete_submissions", args=[form.pk]) + f"?selected-submissions={submission.pk}"
    assert_refused(client.post(delete))
    assert EnquirySubmission.objects.filter(pk=submission.pk).exists()


def _form_page_data(client, form):
    return browser_post_data(
        client.get(reverse("wagtailadmin_pages:edit", args=[form.pk])).content.decode(), "page-edit-form"
    )


def test_translator_translates_form_labels_but_cannot_change_field_types(translator_client, admin_client, seeded):
    form = EnquiryFormPage.objects.get()
    url = reverse("wagtailadmin_pages:edit", args=[form.pk])
    data = _form_page_data(admin_client, form)
    data["form_fields-0-label_ms"] = "Nama penuh anda"
    response = translator_client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    draft = EnquiryFormPage.objects.get(pk=form.pk).get_latest_revision_as_object()
    assert draft.form_fields.first().label_ms == "Nama penuh anda"

    data = _form_page_data(admin_client, form)
    data["form_fields-0-field_type"] = "multiline"
    response = translator_client.post(url, data)
    assert refused(response)
    assert "is not yours to change" in response.content.decode()
    assert (
        EnquiryFormPage.objects.get(pk=form.pk).get_latest_revision_as_object().form_fields.first().field_type
        != "multiline"
    )


# --- crafted POSTs: structure of an article ------------------------------------------


def _edit(client, page, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_translator_cannot_add_a_reference_or_schedule_expiry(translator_client, small_article):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = article_form_data("Tiredness", "Keletihan", "What it is", "Apakah ia")
    [link] = small_article.references.all()
    other = Reference.objects.exclude(pk=link.reference_id).first()
    rows = [{"id": link.pk, "reference": link.reference_id, "ORDER": "1"}, {"reference": other.pk, "ORDER": "2"}]
    with_reference = {**data, **nested_form_data({"references": inline_formset(rows, initial=1)})}
    response = _edit(translator_client, small_article, with_reference)
    assert "References: as a translator you cannot add items." in response.content.decode()

    response = _edit(translator_client, small_article, {**data, "expire_at": "2030-01-01 10:00"})
    assert "is not yours to change" in response.content.decode()
    small_article.refresh_from_db()
    draft = small_article.get_latest_revision_as_object()
    assert draft.expire_at is None
    assert [ref.reference_id for ref in draft.references.all()] == [link.reference_id]


BLOCK = "7d3c6a4e-5a0e-4c1f-9b7e-0d6a1f2c3b4a"


@pytest.mark.parametrize(
    "body_ms",
    [
        # an extra block
        [
            ("heading", {"level": "h2", "text": "Apakah ia", "anchor": "tiredness"}, BLOCK),
            ("heading", {"level": "h2", "text": "Tambahan", "anchor": ""}, "0b7e3c1a-2d4f-4e5a-8b9c-1a2b3c4d5e6f"),
        ],
        # a removed block
        [],
        # a different heading level
        [("heading", {"level": "h3", "text": "Apakah ia", "anchor": "tiredness"}, BLOCK)],
        # a retyped block
        [("paragraph", "<p>Apakah ia</p>", BLOCK)],
    ],
    ids=["added", "removed", "level", "retyped"],
)
def test_translator_cannot_change_the_structure_of_their_language(translator_client, small_article, body_ms):
    from wagtail.test.utils.form_data import nested_form_data, rich_text

    blocks = [(kind, rich_text(value) if kind == "paragraph" else value, block_id) for kind, value, block_id in body_ms]
    data = article_form_data("Tiredness", "Keletihan", "What it is", "Apakah ia")
    for key in [key for key in data if key.startswith("body_ms-")]:
        del data[key]
    data.update(nested_form_data({"body_ms": stream_form_data(blocks)}))
    response = _edit(translator_client, small_article, data)
    assert response.status_code == 403  # refused as a whole, not a form to correct
    assert "follow the English source; as a translator you can change Malay texts only." in response.content.decode()
    small_article.refresh_from_db()
    assert small_article.get_latest_revision_as_object().title_ms in ("", None)


# --- everything else in the admin -----------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailusers_users:index",
        "wagtailusers_users:add",
        "wagtailusers_groups:index",
        "wagtailsites:index",
        "wagtailredirects:index",
        "wagtailadmin_workflows:index",
        "wagtailadmin_workflows:task_index",
        "wagtailadmin_collections:index",
        "wagtailadmin_reports:locked_pages",
    ],
)
def test_translator_has_no_users_settings_or_workflows(translator_client, url_name):
    assert_refused(translator_client.get(reverse(url_name)))


def test_translator_reads_the_translation_report(translator_client, seeded):
    response = translator_client.get(reverse("content_pages_translations_report"))
    assert response.status_code == 200
    assert seeded.title in response.content.decode()


def test_translator_po_upload_refuses_segments_they_may_not_edit(translator_client, seeded):
    """Another page's segment in the file: the whole file is refused, naming the segment."""
    from wagtail.models import GroupPagePermission

    from content_pages.publishing.translations.export import page_catalog, po_bytes

    home = Page.objects.get(depth=2)
    # Take the home page out of the translator's reach: only articles are theirs.
    group = Group.objects.get(name=group_name("ms"))
    GroupPagePermission.objects.filter(group=group).delete()
    GroupPagePermission.objects.create(group=group, page=ArticleIndexPage.objects.get(), permission_type="change")
    combined = (
        fill(po_bytes(page_catalog(seeded, "ms"))).decode()
        + "\n"
        + "\n".join(fill(po_bytes(page_catalog(home.specific, "ms"))).decode().split("\n\n", 1)[1:])
    )
    upload = io.BytesIO(combined.encode())
    upload.name = "ms.po"
    response = translator_client.post(reverse("content_pages_page_translations", args=[seeded.pk]), {"po_file": upload})
    content = response.content.decode()
    assert "Nothing was imported." in content
    # Refused as another page's text (the upload applies only the page it was opened on),
    # before whether the translator may edit it is even asked.
    assert f"page:{home.pk}:title" in content
    assert "not of this page" in content
    assert not seeded.revisions.filter(user__username="siti").exists()


# --- crafted POSTs: refused with a 403, never a server error ---------------------------


def _writes(page):
    return (page.revisions.count(), ArticlePage.objects.get(pk=page.pk).latest_revision_id)


def _without(data, prefix):
    return {key: value for key, value in data.items() if not key.startswith(prefix)}


@pytest.mark.parametrize(
    "variant",
    [
        "english_block_without_count",
        "no_count_fields",
        "count_not_a_number",
        "english_title_changed",
        "english_heading_changed",
        "chinese_heading",
        "extra_malay_block",
        "extra_english_block",
    ],
)
def test_a_translators_crafted_post_is_a_403_and_writes_nothing(translator_client, small_article, variant):
    client = translator_client
    client.raise_request_exception = False  # a server error must show as a 500, not as a test error
    data = article_form_data("Tiredness", "Keletihan", "What it is", "Apakah ia")
    extra = "0b7e3c1a-2d4f-4e5a-8b9c-1a2b3c4d5e6f"
    crafted = {
        # The report's request: an English block, without the stream's block count.
        "english_block_without_count": {
            "title_ms": "Keletihan",
            "body_en-0-type": "heading",
            "body_en-0-id": BLOCK,
            "body_en-0-value-text": "Hacked",
        },
        "no_count_fields": {key: value for key, value in data.items() if not key.endswith("-count")},
        "count_not_a_number": {**data, "body_en-count": "many"},
        "english_title_changed": {**data, "title_en": "Hacked"},
        "english_heading_changed": {**data, "body_en-0-value-text": "Hacked"},
        "chinese_heading": {**data, "body_zh_hans-0-value-text": "疲劳是什么"},
        "extra_malay_block": {
            **_without(data, "body_ms-"),
            **nested(
                "body_ms",
                [
                    ("heading", {"level": "h2", "text": "Apakah ia", "anchor": "tiredness"}, BLOCK),
                    ("heading", {"level": "h2", "text": "Tambahan", "anchor": ""}, extra),
                ],
            ),
        },
        "extra_english_block": {
            **_without(data, "body_en-"),
            **nested(
                "body_en",
                [
                    ("heading", {"level": "h2", "text": "What it is", "anchor": "tiredness"}, BLOCK),
                    ("heading", {"level": "h2", "text": "Added", "anchor": ""}, extra),
                ],
            ),
        },
    }[variant]
    before = _writes(small_article)
    response = _edit(client, small_article, crafted)
    assert response.status_code == 403, (response.status_code, form_errors(response))
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())
    assert "Nothing was saved." in text
    assert "As a translator you cannot change this. You can change Malay texts" in text
    assert BeautifulSoup(response.content, "html.parser").select(".translator-refusals li")
    assert _writes(small_article) == before
    draft = ArticlePage.objects.get(pk=small_article.pk).get_latest_revision_as_object()
    assert draft.title_en == "Tiredness"
    assert draft.title_ms in ("", None)
    assert [child.value["text"] for child in draft.body_en] == ["What it is"]


def nested(name, blocks):
    from wagtail.test.utils.form_data import nested_form_data

    return nested_form_data({name: stream_form_data(blocks)})


def test_the_403_names_what_was_refused_and_leads_to_the_translation_editor(translator_client, small_article):
    data = article_form_data("Tiredness", "Keletihan", "What it is", "Apakah ia")
    response = _edit(translator_client, small_article, {**data, "title_en": "Hacked"})
    assert response.status_code == 403
    document = BeautifulSoup(response.content, "html.parser")
    reasons = [" ".join(li.get_text().split()) for li in document.select(".translator-refusals li")]
    assert reasons == ["“Title [en]” is not yours to change: as a translator you can change Malay texts only."]
    link = reverse("content_pages_translate_page", args=[small_article.pk, "ms"])
    assert document.find("a", href=link) is not None


def test_a_translators_own_language_through_the_page_editor_is_still_saved(translator_client, small_article):
    data = article_form_data("Tiredness", "Keletihan", "What it is", "Apakah ia")
    response = _edit(translator_client, small_article, data)
    assert response.status_code == 302
    draft = ArticlePage.objects.get(pk=small_article.pk).get_latest_revision_as_object()
    assert draft.title_ms == "Keletihan"
    assert [child.value["text"] for child in draft.body_ms] == ["Apakah ia"]
