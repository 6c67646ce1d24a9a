"""Importing a document: what it writes (a draft, draft references), what it refuses
(writing nothing), and the admin's import and report."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import Page, Revision

from content_pages.foundations.languages import localized_field_name
from content_pages.interfaces.admin.submit_checks import warn_about_publish_problems
from content_pages.models import ArticleIndexPage, ArticlePage, Reference
from content_pages.publishing.document_import.create import ArticleNotImported, import_article
from content_pages.publishing.document_import.elements import DocumentRefused
from content_pages.publishing.reference_rules import draft_references
from content_pages.publishing.translators import ensure_translator_groups, group_name
from tests.refusals import assert_refused

from .seed_documents import seed_docx

pytestmark = pytest.mark.django_db

NEW_WORK = (
    "Smith, J. A., & Tan, B. (2024). Exercise during chemotherapy: A randomised trial. "
    "Journal of Clinical Oncology, 42(3), 101–109. https://doi.org/10.1200/JCO.23.01234"
)

MARKDOWN = f"""# Exercise and Cancer Treatment

Moving a little every day can ease tiredness during treatment.

## Why It Helps

Exercise **lowers fatigue** and *improves mood*; see [the guideline](https://example.org/guide).

<script>alert(1)</script>

1. Walk for ten minutes
2. Rest when you need to

### Talk to Your Care Team

Ask before starting anything new.

## References

{NEW_WORK}

Hanahan, D. (2022). Hallmarks of cancer: New dimensions. Cancer Discovery, 12(1), 31–46. https://doi.org/10.1158/2159-8290.CD-21-1059

See also the patient leaflet at https://example.org/leaflet

Some closing words nobody placed.
"""


def _index() -> ArticleIndexPage:
    return ArticleIndexPage.objects.get()


def _body(page: ArticlePage) -> list[dict]:
    return list(getattr(page, localized_field_name("body", "en")).raw_data)


def _counts() -> tuple[int, int, int]:
    return Page.objects.count(), Reference.objects.count(), Revision.objects.count()


def test_markdown_keeps_formatting_and_new_references_are_drafts(seeded):
    report = import_article("exercise.md", MARKDOWN.encode(), _index())
    page = ArticlePage.objects.get(pk=report.page_id)
    body = _body(page)
    assert page.title == "Exercise and Cancer Treatment"
    assert page.standfirst == "Moving a little every day can ease tiredness during treatment."
    assert [(b["value"]["level"], b["value"]["text"]) for b in body if b["type"] == "heading"] == [
        ("h2", "Why It Helps"),
        ("h3", "Talk to Your Care Team"),
    ]
    paragraphs = [b["value"] for b in body if b["type"] == "paragraph"]
    assert (
        '<p>Exercise <b>lowers fatigue</b> and <i>improves mood</i>; see <a href="https://example.org/guide">the guideline</a>.</p>'
        in paragraphs
    )
    # Raw HTML in Markdown is text, never markup.
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in paragraphs
    assert [[i["value"] for i in b["value"]["items"]] for b in body if b["type"] == "bullet_list"] == [
        ["Walk for ten minutes", "Rest when you need to"]
    ]
    # What it could not read is kept, at the end, and listed.
    assert (
        paragraphs[-2:]
        == [
            "<p>See also the patient leaflet at https://example.org/leaflet</p>",
            "<p>Some closing words nobody placed.</p>",
        ]
        or paragraphs[-1] == "<p>Some closing words nobody placed.</p>"
    )
    looks = " | ".join(str(note) for note in report.needs_look)
    assert "a numbered list became a bullet list" in looks
    assert "Some closing words nobody placed." in looks
    assert "line 24: a reference whose" in looks
    assert "could not be read" in looks

    cited = [link.reference for link in page.references.order_by("sort_order")]
    assert [reference.doi for reference in cited] == ["10.1200/JCO.23.01234", "10.1158/2159-8290.CD-21-1059"]
    new = cited[0]
    assert (new.title, new.journal, new.year, new.volume, new.issue, new.pages) == (
        "Exercise during chemotherapy: A randomised trial",
        "Journal of Clinical Oncology",
        2024,
        "42",
        "3",
        "101–109",
    )
    assert [(a.family, a.given) for a in new.authors.all()] == [("Smith", "J. A."), ("Tan", "B.")]
    assert not new.live
    assert new.latest_revision is not None
    assert cited[1].live  # the seed's, reused
    recognised = " | ".join(str(note) for note in report.recognised)
    assert "reference 10.1200/JCO.23.01234: new, saved as a draft" in recognised

    # Readers are not shown the draft; the editor submitting the article is told so,
    # until the reference is published.
    assert _submit_warnings(page) == [
        "“Exercise and Cancer Treatment” cites references that are drafts, which readers are not shown until "
        "someone publishes them (Snippets → References): “Exercise during chemotherapy: A randomised trial”"
    ]
    assert draft_references(page) == [new]
    new.save_revision().publish()
    assert draft_references(page) == []
    assert _submit_warnings(page) == []


def _submit_warnings(page: ArticlePage) -> list[str]:
    request = RequestFactory().post("/", {"action-submit": "1"}, HTTP_ACCEPT="text/html")
    request.session = {}
    storage = FallbackStorage(request)
    request._messages = storage
    warn_about_publish_problems(request, page)
    return [str(message) for message in storage if "drafts" in str(message)]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (51 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("huge.txt", b"a" * (10 * 1024 * 1024 + 1), "at most 10 MB"),
        ("notes.pdf", b"%PDF-1.7", ".docx"),
        ("article.docx", b"just some text", "not a Word document"),
        ("locked.docx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512, "password"),
        ("bomb.docx", _zip_bomb(), "50 MB"),
        ("latin.txt", "Caf\xe9 au lait".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_input_is_refused_by_the_command_and_writes_nothing(seeded, tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    before = _counts()
    with pytest.raises(CommandError, match="Nothing was imported") as refused:
        call_command("import_article", str(path), "--parent", str(_index().pk), stdout=io.StringIO())
    assert message in str(refused.value)
    assert _counts() == before


def test_a_block_over_a_channel_limit_refuses_the_import_naming_its_line(seeded):
    long_word = "x" * 5000
    document = f"# A Title\n\nFirst paragraph.\n\n## Section\n\nA word no message can hold: {long_word}\n"
    before = _counts()
    with pytest.raises(ArticleNotImported) as rejected:
        import_article("long.md", document.encode(), _index())
    where = [note.where for note in rejected.value.report.problems]
    assert "line 7" in where
    assert _counts() == before


def test_a_paragraph_over_the_text_limit_is_refused_before_anything_is_written(seeded):
    document = "# A Title\n\n" + ("Words are here. " * 700) + "\n"
    before = _counts()
    with pytest.raises(ArticleNotImported, match="line 3: a paragraph of 11,199 characters"):
        import_article("long.md", document.encode(), _index())
    assert _counts() == before


def test_only_an_article_index_takes_an_import(seeded):
    with pytest.raises(DocumentRefused, match="not an article index"):
        import_article("a.md", b"# Title\n\nText.\n", seeded)


def test_a_second_import_of_the_same_title_gets_its_own_slug(seeded):
    first = import_article("a.md", b"# Sleep and Cancer\n\nText.\n", _index())
    second = import_article("b.md", b"# Sleep and Cancer\n\nMore text.\n", _index())
    slugs = {ArticlePage.objects.get(pk=r.page_id).slug for r in (first, second)}
    assert slugs == {"sleep-and-cancer", "sleep-and-cancer-2"}


# -- the admin -------------------------------------------------------------------------


def _editor() -> User:
    user = User.objects.create_user(username="doc-editor", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_imports_a_word_file_and_reads_the_report(seeded, client):
    client.force_login(_editor())
    url = reverse("content_pages_import_document", args=[_index().pk])
    form = client.get(url)
    assert form.status_code == 200
    assert 'accept=".docx,.md,.markdown,.txt"' in form.content.decode()
    upload = SimpleUploadedFile("immunotherapy.docx", seed_docx())
    response = client.post(url, {"document": upload})
    assert response.status_code == 200
    html = response.content.decode()
    created = ArticlePage.objects.get(live=False)
    assert reverse("wagtailadmin_pages:edit", args=[created.pk]) in html
    assert "Needs a look" in html
    assert "Recognised" in html
    assert "reference 10.1038/nature23003: already in the library, reused" in html
    assert created.owner.username == "doc-editor"
    assert created.latest_revision.user.username == "doc-editor"


def test_the_index_offers_the_import_to_editors_only(seeded, client):
    index = _index()
    url = reverse("content_pages_import_document", args=[index.pk])
    client.force_login(_editor())
    listing = client.get(reverse("wagtailadmin_explore", args=[index.pk])).content.decode()
    assert url in listing
    ensure_translator_groups()
    translator = User.objects.create_user(username="doc-translator", password="pw")
    translator.groups.add(Group.objects.get(name=group_name("ms")))
    client.force_login(translator)
    assert_refused(client.get(url))
    before = _counts()
    upload = SimpleUploadedFile("a.md", b"# Title\n\nText.\n")
    assert_refused(client.post(url, {"document": upload}))
    assert _counts() == before


def test_the_admin_shows_why_a_document_is_refused(seeded, admin_client):
    url = reverse("content_pages_import_document", args=[_index().pk])
    before = _counts()
    response = admin_client.post(url, {"document": SimpleUploadedFile("a.docx", b"not a zip")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported." in html
    assert "not a Word document" in html
    assert _counts() == before


def test_an_import_into_another_page_type_is_not_found(seeded, admin_client):
    assert admin_client.get(reverse("content_pages_import_document", args=[seeded.pk])).status_code == 404
