"""The seed's Malay and Chinese translations: PO files with stable ids, applied once when
the seed is created, through the product's own import, recorded as needing medical review."""

import io
import re
import shutil

import pytest
from babel.messages.pofile import read_po
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from wagtail.models import Page

from content_pages.foundations.languages import target_languages
from content_pages.models import (
    ArticlePage,
    CallToAction,
    Contributor,
    Reference,
    Topic,
    TranslationRecord,
)
from content_pages.publishing.medical_review import submit_and_approve
from content_pages.reads.review_due import translations_needing_review
from content_pages.reads.translation_status import page_status
from content_pages.rendering.channels import CHANNELS
from content_pages.seed.loader import load_seed_content
from content_pages.seed.translations import (
    LOCALE_DIR,
    SEED_FILE,
    export_seed_template,
    load_seed_data,
    po_path,
    seed_pages,
    template_is_current,
    template_path,
)
from tests.reviewing import approved_translations

pytestmark = pytest.mark.django_db

LANGUAGES = [
    pytest.param(language, marks=pytest.mark.skipif(not po_path(language).exists(), reason=f"no {po_path(language)}"))
    for language in target_languages()
]
MALAY_LABEL = re.compile(r"Malay translation: (\d+) texts need medical review")


def catalog(language):
    with po_path(language).open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_seed_article_is_fully_translated(seeded, language):
    status = page_status(seeded, language)
    assert status.total > 60
    assert (status.missing, status.stale, status.percent) == (0, 0, 100.0)
    for role, page in seed_pages(load_seed_data()).items():
        assert page_status(page, language).percent == 100.0, role


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_fallback_in_the_pages_api_nor_in_any_channel(seeded, client, language):
    for page in seed_pages(load_seed_data()).values():
        data = client.get(f"/api/v2/pages/{page.pk}/?lang={language}").json()
        assert data["meta"]["language"] == language
        assert data["meta"]["fallbacks"] == [], page.slug
    for channel in CHANNELS.values():
        for mode in channel.modes:
            query = f"?lang={language}" + (f"&mode={mode}" if mode else "")
            response = client.get(f"/api/v2/pages/{seeded.pk}/channels/{channel.name}/{query}")
            assert response.status_code == 200, response.content
            assert response.json()["meta"]["fallbacks"] == [], (channel.name, mode)


def test_malay_is_served_and_names_stay_as_written(seeded, client):
    data = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()
    paragraphs = [block["value"]["html"] for block in data["body"] if block["type"] == "paragraph"]
    checkpoint = next(html for html in paragraphs if "PD-L1" in html)
    assert "PD-1, PD-L1 atau CTLA-4" in checkpoint
    assert "Perencat titik semak" in checkpoint
    items = [block for block in data["body"] if block["type"] == "bullet_list"][0]
    assert "beban mutasi tumor" in str(items["value"])
    # References keep their original titles in every language.
    assert data["references"][0]["apa"].startswith("Hanahan, D. (2022). Hallmarks of cancer: New dimensions.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_po_files_have_stable_ids_only(seeded, language):
    keys = {str(pk) for pk in Page.objects.values_list("pk", flat=True)}
    for model in (CallToAction, Reference, Topic, Contributor):
        keys |= {str(pk) for pk in model.objects.values_list("pk", flat=True)}
    for message in catalog(language):
        if not message.id:
            continue
        assert not re.match(r"^(page|cta|formfield|reference|topic|contributor):\d+:", message.context)
        assert not set(message.context.split(":")) & keys, message.context
        assert message.context.split(":")[0] in {"home", "index", "form", "article", "cta", "reference", "topic"} | {
            "contributor"
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_limits_and_names_in_the_files(seeded, language):
    for message in catalog(language):
        if not message.id:
            continue
        assert message.string, message.context
        for tag in re.findall(r"</?[a-z]+\d+>", message.id):
            assert tag in message.string, (message.context, tag)
        if message.context.endswith(":button_label"):
            assert len(message.string) <= 20, message.context
        if message.context.endswith(":choices"):
            assert len(message.string.splitlines()) == len(message.id.splitlines())
        for name in ("PD-1", "PD-L1", "CTLA-4", "CAR-T"):
            if name in message.id:
                assert name in message.string, (message.context, name)


def test_the_seed_json_holds_english_and_slugs_only():
    """Translator texts are translated in the PO files only. The enquiry privacy notice is
    a site setting, outside the translators' PO files (staff set each language in
    Settings), so the seed carries its languages itself, as it does slugs."""

    def walk(value, key=""):
        if isinstance(value, dict):
            if "en" in value and key != "slug":
                assert set(value) == {"en"}, value
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)

    data = load_seed_data(SEED_FILE)
    notice = data.pop("privacy_notice")
    assert set(notice["text"]) == {"en", "ms", "zh-hans"}
    walk(data)


def test_the_template_matches_the_seed(seeded):
    assert template_is_current() == []
    template = read_po(io.BytesIO(export_seed_template()))
    assert all(message.string == "" for message in template if message.id)
    assert [m.context for m in template if m.id] == [m.context for m in read_po(template_path().open("rb")) if m.id]


def test_check_passes_for_the_repository_files(seeded):
    out = io.StringIO()
    languages = [language for language in target_languages() if po_path(language).exists()]
    call_command("seed_translations", "check", *[arg for lang in languages for arg in ("--lang", lang)], stdout=out)
    assert "every text of the seed is translated" in out.getvalue()


def test_check_names_what_is_missing_or_unknown(seeded, tmp_path):
    shutil.copy(template_path(), template_path(tmp_path))
    path = po_path("ms", tmp_path)
    path.parent.mkdir(parents=True)
    text = po_path("ms").read_text(encoding="utf-8")
    # One translation emptied, one msgctxt the seed does not have.
    text = text.replace('msgstr "Nama"', 'msgstr ""').replace('"form:field:name:label"', '"form:field:nickname:label"')
    text = text.replace('msgstr "Artikel"', 'msgstr ""')
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("seed_translations", "check", "--lang", "ms", "--dir", str(tmp_path), stderr=err)
    assert "not a text of the seed: form:field:nickname:label" in err.getvalue()
    assert "not translated: form:field:name:label" in err.getvalue()
    assert "not translated: index:title" in err.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("seed_translations", "check", "--lang", "zh-hans", "--dir", str(tmp_path), stderr=err)
    assert "no such file" in err.getvalue()


def test_seed_translations_are_recorded_as_seed_needing_review(seeded):
    records = TranslationRecord.objects.filter(language="ms")
    assert records.count() == sum(1 for message in catalog("ms") if message.id)
    assert set(records.values_list("origin", "needs_review")) == {("seed", True)}


def test_the_review_report_shows_what_needs_medical_review(seeded, client, django_capture_on_commit_callbacks):
    total = page_status(seeded, "ms").total
    rows = [row for row in translations_needing_review() if row.id == seeded.pk]
    assert {row.language for row in rows} >= {"ms"}
    malay = next(row for row in rows if row.language == "ms")
    assert malay.texts == total
    assert malay.label == f"Malay translation: {total} texts need medical review"

    out = io.StringIO()
    call_command("review_due", "--translations", stdout=out)
    assert f"Malay translation: {total} texts need medical review" in out.getvalue()

    admin = get_user_model().objects.filter(is_superuser=True).first()
    client.force_login(admin)
    page = client.get("/admin/reports/review-due/").content.decode()
    assert "Translations needing medical review" in page
    assert f"Malay translation: {total} texts need medical review" in page

    # A medical reviewer approves the article: its translations are reviewed.
    with django_capture_on_commit_callbacks(execute=True):
        submit_and_approve(ArticlePage.objects.get(pk=seeded.pk), admin)
    assert [row for row in translations_needing_review() if row.id == seeded.pk] == []
    assert not TranslationRecord.objects.filter(needs_review=True, segment_id__startswith=f"page:{seeded.pk}:").exists()
    assert f"Malay translation: {total} texts" not in client.get("/admin/reports/review-due/").content.decode()


@pytest.fixture(autouse=True)
def _forget_cached_sites():
    """Tests that reload the seed make a new home page and site; Wagtail caches the sites'
    root paths (Django's cache), which the rollback does not undo."""
    yield
    cache.clear()


def _delete_the_seed():
    pages = seed_pages(load_seed_data())
    pages["home"].delete()
    for model in (CallToAction, Reference, Topic, Contributor):
        model.objects.all().delete()
    TranslationRecord.objects.all().delete()


def test_the_files_apply_whatever_the_database_keys(seeded):
    old = {role: page.pk for role, page in seed_pages(load_seed_data()).items()}
    old_ctas = set(CallToAction.objects.values_list("pk", flat=True))
    _delete_the_seed()
    # Rows made before the seed, so that every key differs from the first load's.
    Topic.objects.create(name="Nutrition", slug="nutrition")
    Contributor.objects.create(name="Dr Aminah Yusof", kind="person", role="Dietitian")
    CallToAction.objects.create(
        name="Unrelated", kind="link", heading="Unrelated", button_label="Go", link_url="https://example.org/"
    )
    report = load_seed_content()
    assert report.translation_problems == {}
    new = seed_pages(load_seed_data())
    assert all(new[role].pk != pk for role, pk in old.items())
    assert not set(CallToAction.objects.exclude(name="Unrelated").values_list("pk", flat=True)) & old_ctas
    article = ArticlePage.objects.get(pk=new["article"].pk)
    for language in target_languages():
        if po_path(language).exists():
            assert page_status(article, language).percent == 100.0, language
    assert report.translations["ms"].imported is not None
    assert report.translations["ms"].unknown == []


def test_applied_once_when_created_not_when_kept(seeded):
    seeded.body_ms = [
        {**block, "value": ""} if block["type"] == "paragraph" else block for block in seeded.body_ms.get_prep_value()
    ]
    with approved_translations():
        seeded.save_revision().publish()
    report = load_seed_content()
    assert report.created == []
    assert report.translations == {}
    assert page_status(ArticlePage.objects.get(pk=seeded.pk), "ms").missing > 0


def test_a_missing_language_file_is_skipped(seeded, tmp_path):
    _delete_the_seed()
    ms = po_path("ms", tmp_path)
    ms.parent.mkdir(parents=True)
    shutil.copy(po_path("ms"), ms)
    report = load_seed_content(translations=tmp_path)
    assert set(report.translations) == {"ms"}
    article = seed_pages(load_seed_data())["article"]
    assert page_status(article, "ms").percent == 100.0
    assert page_status(article, "zh-hans").translated == 0


def test_an_empty_translation_stays_missing(seeded, tmp_path):
    _delete_the_seed()
    ms = po_path("ms", tmp_path)
    ms.parent.mkdir(parents=True)
    ms.write_text(po_path("ms").read_text(encoding="utf-8").replace('msgstr "Artikel"', 'msgstr ""'), encoding="utf-8")
    report = load_seed_content(translations=tmp_path)
    assert report.translations["ms"].empty == ["index:title"]
    index = seed_pages(load_seed_data())["index"]
    assert not index.specific.title_ms
    assert page_status(index, "ms").missing == 1


def test_locale_dir_is_in_the_repository():
    assert LOCALE_DIR.name == "content"
    assert LOCALE_DIR.parent.name == "locale"
    assert po_path("ms") == LOCALE_DIR / "ms" / "immunotherapy.po"
    assert po_path("zh-hans") == LOCALE_DIR / "zh_Hans" / "immunotherapy.po"


def test_tests_about_fallbacks_can_start_from_an_untranslated_article(seeded, client):
    from tests.seed_fallbacks import leave_untranslated

    article = leave_untranslated(seeded, "ms")
    status = page_status(article, "ms")
    assert status.missing == 33
    assert status.translated == status.total - 33
    data = client.get(f"/api/v2/pages/{article.pk}/?lang=ms").json()
    assert {item["field"] for item in data["meta"]["fallbacks"]} == {"body"}
    assert len(data["meta"]["fallbacks"]) == 33
    assert page_status(article, "zh-hans").missing == 0 or not po_path("zh-hans").exists()


def test_a_rich_text_msgid_written_as_raw_html_still_applies(seeded, tmp_path):
    _delete_the_seed()
    ms = po_path("ms", tmp_path)
    ms.parent.mkdir(parents=True)
    text = po_path("ms").read_text(encoding="utf-8")
    english = "Articles on cancer treatment, reviewed by medical professionals."
    ms.write_text(text.replace(f'msgid "{english}"', f'msgid "<p>{english}</p>"'), encoding="utf-8")
    report = load_seed_content(translations=tmp_path)
    assert report.translations["ms"].raw_html_msgid == ["index:intro"]
    index = seed_pages(load_seed_data())["index"]
    assert index.specific.intro_ms == "<p>Artikel tentang rawatan kanser, disemak oleh profesional perubatan.</p>"
    shutil.copy(template_path(), template_path(tmp_path))
    out = io.StringIO()
    call_command("seed_translations", "check", "--lang", "ms", "--dir", str(tmp_path), stdout=out)
    assert "msgid written as raw HTML (applied all the same; export again): index:intro" in out.getvalue()
