"""The admin PO upload applies only the page it was opened on and the snippets that page
shows; any other page's or snippet's entry is named and the whole file is refused. The
command (an administrator's) still imports whole-site files."""

import io

import pytest
from babel.messages.pofile import read_po, write_po
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page

from content_pages.models import ArticlePage, CallToAction, EnquiryFormPage, TranslationRecord
from content_pages.publishing.translations.export import page_catalog, po_bytes

from .conftest import fill, with_translation

pytestmark = pytest.mark.django_db


def _upload(client, page, data):
    upload = io.BytesIO(data)
    upload.name = "ms.po"
    return client.post(reverse("content_pages_page_translations", args=[page.pk]), {"po_file": upload}, follow=True)


def _written():
    """Everything an import writes: revisions of every page and snippet, translation records."""
    return (
        {page.pk: page.latest_revision_id for page in Page.objects.all()},
        {cta.pk: cta.latest_revision_id for cta in CallToAction.objects.all()},
        TranslationRecord.objects.count(),
    )


def _form_page():
    return EnquiryFormPage.objects.order_by("pk").first()


def _shown_cta(article):
    return next(child.value["cta"] for child in article.body if child.block_type == "cta")


def _combined(*files):
    """One PO file holding the entries of several exports (as a whole-site export does)."""
    catalogs = [read_po(io.BytesIO(data)) for data in files]
    first = catalogs[0]
    for catalog in catalogs[1:]:
        for message in catalog:
            if message.id and (message.id, message.context) not in first:
                first.add(message.id, message.string, context=message.context, flags=message.flags)
    out = io.BytesIO()
    write_po(out, first, width=0)
    return out.getvalue()


def test_another_pages_file_is_refused_naming_it_and_writes_nothing(seeded, admin_client):
    """Page 6's file on page 7's screen (here: the form page's on the article's)."""
    form_page = _form_page()
    data = fill(po_bytes(page_catalog(form_page, "ms")), lambda source: f"MS {source}")
    before = _written()
    response = _upload(admin_client, seeded, data)
    content = response.content.decode()
    assert "Nothing was imported." in content
    assert f"page {form_page.pk} “{form_page.title}”" in content
    assert f"page:{form_page.pk}:title" in content
    assert _written() == before


def test_a_file_mixing_this_page_and_another_is_refused_whole(seeded, admin_client):
    form_page = _form_page()
    data = _combined(fill(po_bytes(page_catalog(seeded, "ms"))), fill(po_bytes(page_catalog(form_page, "ms"))))
    before = _written()
    content = _upload(admin_client, seeded, data).content.decode()
    assert "Nothing was imported." in content
    assert f"page {form_page.pk}" in content
    # The article's own entries and its call to action's were fine, but nothing of them is written.
    assert _written() == before


def _ctas_of(article):
    return [child.value["cta"] for child in article.body if child.block_type == "cta"] + [
        child.value["cta"] for child in article.aside if child.block_type == "cta"
    ]


def test_a_snippet_the_page_does_not_show_is_named_and_refused(seeded, admin_client):
    shown = {cta.pk for cta in _ctas_of(seeded)}
    other = CallToAction.objects.exclude(pk__in=shown).first()
    if other is None:
        other = CallToAction.objects.create(
            name="Elsewhere", heading="Call us", button_label="Call", link_url="https://example.org/"
        )
    catalog = read_po(io.BytesIO(po_bytes(page_catalog(seeded, "ms"))))
    catalog.add(other.heading_en or "Call us", "Hubungi kami", context=f"cta:{other.pk}:heading")
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    before = _written()
    content = _upload(admin_client, seeded, out.getvalue()).content.decode()
    assert f"call to action {other.pk} “{other}”" in content
    assert "Nothing was imported." in content
    assert _written() == before


def test_this_pages_own_file_still_imports(seeded, admin_client):
    paragraph = next(s for s in _segments(seeded) if s.stream_path and s.markup is not None and "<" not in s.source)
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), paragraph.id, "Perenggan baharu.")
    content = _upload(admin_client, seeded, data).content.decode()
    assert "Imported 1 Malay translations that changed" in content
    draft = ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object()
    assert "Perenggan baharu." in str(draft.body_ms)


def test_a_snippet_the_page_shows_is_accepted(seeded, admin_client):
    cta = _shown_cta(seeded)
    data = with_translation(po_bytes(page_catalog(seeded, "ms")), f"cta:{cta.pk}:heading", "Tajuk baharu")
    content = _upload(admin_client, seeded, data).content.decode()
    assert "Imported 1 Malay translations that changed" in content
    assert CallToAction.objects.get(pk=cta.pk).get_latest_revision_as_object().heading_ms == "Tajuk baharu"


def test_the_command_still_imports_a_whole_site_file(seeded, tmp_path):
    form_page = _form_page()
    title = next(s for s in _segments(form_page) if s.id == f"page:{form_page.pk}:title")
    article_title = f"page:{seeded.pk}:title"
    data = _combined(
        with_translation(po_bytes(page_catalog(seeded, "ms")), article_title, "Tajuk artikel baharu"),
        with_translation(po_bytes(page_catalog(form_page, "ms")), title.id, "Borang baharu"),
    )
    path = tmp_path / "site-ms.po"
    path.write_bytes(data)
    call_command("import_translations", str(path), stdout=io.StringIO())
    assert ArticlePage.objects.get(pk=seeded.pk).get_latest_revision_as_object().title_ms == "Tajuk artikel baharu"
    assert EnquiryFormPage.objects.get(pk=form_page.pk).get_latest_revision_as_object().title_ms == "Borang baharu"


def _segments(page):
    from content_pages.reads.segments import translatable_segments

    return translatable_segments(page, "ms")
