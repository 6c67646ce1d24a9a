"""References in the admin: each reference once per article, each DOI on one reference."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from content_pages.models import ArticlePage, ArticlePageReference, Reference, ReferenceAuthor
from content_pages.models import pages as page_models
from content_pages.publishing.gate.rules import article_save_errors
from content_pages.publishing.reference_rules import article_reference_errors

from .test_editor import article_form_data

pytestmark = pytest.mark.django_db


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def latest_draft(page):
    return ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()


def current_rows(page):
    """The article's reference rows as the editor's inline panel posts them back."""
    return [{"id": link.pk, "reference": link.reference_id} for link in latest_draft(page).references.all()]


def edit_data(page, rows, new_rows=()):
    """The article's edit form, saved as a draft: its existing reference ``rows`` (with
    "id"; change "reference" or set "DELETE") and ``new_rows`` ({"reference": pk})."""
    data = article_form_data(page.title_en, page.slug_en)
    data.update(nested_form_data({"references": inline_formset([*rows, *new_rows], initial=len(rows))}))
    del data["action-publish"]
    return data


def draft_references(page):
    return [link.reference_id for link in latest_draft(page).references.all()]


def repeated(reference):
    return f"Reference “{reference.title}” is chosen more than once; list each reference once."


def test_a_reference_chosen_twice_is_refused_naming_it(seeded, admin_client):
    rows = current_rows(seeded)
    first = Reference.objects.get(pk=rows[0]["reference"])
    before = draft_references(seeded)
    response = admin_client.post(edit_url(seeded), edit_data(seeded, rows, [{"reference": first.pk}]))
    assert response.status_code == 200
    assert repeated(first) in response.content.decode()
    # On the repeated row as well as for the whole form.
    form = response.context["form"]
    assert list(form.non_field_errors()) == [repeated(first)]
    forms = form.formsets["references"].forms
    assert forms[len(rows)].errors["reference"] == [repeated(first)]
    assert not any(subform.errors for subform in forms[: len(rows)])
    assert draft_references(seeded) == before


def test_different_references_save(seeded, admin_client):
    rows = current_rows(seeded)
    first, second = rows[0]["reference"], rows[1]["reference"]
    for row in rows:
        row["DELETE"] = "1"
    new_rows = [{"reference": second}, {"reference": first}]
    response = admin_client.post(edit_url(seeded), edit_data(seeded, rows, new_rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft_references(seeded) == [second, first]


def test_the_check_sees_existing_rows_as_submitted(seeded, admin_client):
    """Existing rows count with their submitted choice; a row marked deleted does not count."""
    rows = current_rows(seeded)
    kept = [row["reference"] for row in rows]
    first = Reference.objects.get(pk=kept[0])
    rows[1]["reference"] = first.pk  # the second row now repeats the first
    response = admin_client.post(edit_url(seeded), edit_data(seeded, rows))
    assert response.status_code == 200
    assert response.context["form"].formsets["references"].forms[1].errors["reference"] == [repeated(first)]

    rows[1]["DELETE"] = "1"  # ...and then goes: nothing is repeated any more
    response = admin_client.post(edit_url(seeded), edit_data(seeded, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft_references(seeded) == [kept[0], *kept[2:]]


@pytest.fixture
def rule_wired_into_article_clean():
    """``article_reference_errors`` as part of the article's save rules (``ARTICLE_CLEAN``)."""

    def rules(page):
        return {**article_save_errors(page), **article_reference_errors(page)}

    installed = page_models.ARTICLE_CLEAN.get()
    page_models.ARTICLE_CLEAN.install(rules)
    yield
    page_models.ARTICLE_CLEAN.install(installed)


def test_the_page_rule_reads_the_submitted_references_not_the_last_revision(
    seeded, admin_client, rule_wired_into_article_clean
):
    """A revision saved before the rule existed may repeat a reference; the editor can
    still fix it, because the article's own rules see the references being submitted."""
    draft = latest_draft(seeded)
    links = list(draft.references.all())
    first, second = links[0].reference, links[1].reference
    links[1].reference = first
    draft.references = links
    draft.save_revision(clean=False)
    assert article_reference_errors(latest_draft(seeded))

    rows = current_rows(seeded)
    response = admin_client.post(edit_url(seeded), edit_data(seeded, rows))
    assert response.status_code == 200
    # Said once, though both the page's rule and the form found it.
    assert list(response.context["form"].non_field_errors()) == [repeated(first)]

    rows[1]["reference"] = second.pk
    response = admin_client.post(edit_url(seeded), edit_data(seeded, rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert draft_references(seeded)[:2] == [first.pk, second.pk]


def test_publishing_from_the_editor_is_refused_too(seeded, admin_client):
    rows = current_rows(seeded)
    data = edit_data(seeded, rows, [{"reference": rows[2]["reference"]}])
    data["action-publish"] = "action-publish"
    live_before = ArticlePage.objects.get(pk=seeded.pk).live_revision_id
    response = admin_client.post(edit_url(seeded), data)
    assert response.status_code == 200
    assert ArticlePage.objects.get(pk=seeded.pk).live_revision_id == live_before


def test_article_reference_errors_reads_in_memory_children(seeded):
    page = latest_draft(seeded)
    first, second = (link.reference for link in list(page.references.all())[:2])
    page.references = [ArticlePageReference(reference=second), ArticlePageReference(reference=second)]
    assert article_reference_errors(page) == {
        NON_FIELD_ERRORS: [f"Reference “{second.title}” is chosen more than once; list each reference once."]
    }
    page.references = [ArticlePageReference(reference=first), ArticlePageReference(reference=second)]
    assert article_reference_errors(page) == {}


# A second Reference snippet with a DOI another one already has.


def reference_form(reference=None, **changes):
    """The Reference snippet form as the admin posts it."""
    data = {
        "title": "Another study",
        "journal": "Journal",
        "year": "2020",
        "doi": "",
        "url": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "authors": inline_formset([{"family": "Doe", "given": "J."}]),
    }
    if reference is not None:
        data.update({name: getattr(reference, name) or "" for name in ("title", "journal", "year", "doi", "url")})
        authors = list(reference.authors.all())
        data["authors"] = inline_formset(
            [{"id": a.pk, "family": a.family, "given": a.given} for a in authors], initial=len(authors)
        )
    data.update(changes)
    return nested_form_data(data)


def test_a_second_reference_with_the_same_doi_is_refused_naming_the_first(seeded, admin_client):
    existing = Reference.objects.exclude(doi=None).first()
    response = admin_client.post(
        reverse("wagtailsnippets_content_pages_reference:add"),
        reference_form(doi=f"https://doi.org/{existing.doi.upper()}"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["doi"] == [
        f"Reference “{existing.title}” already has this DOI; choose that reference in your articles "
        "instead of adding it again."
    ]
    assert not Reference.objects.filter(title="Another study").exists()


def test_a_reference_keeps_its_own_doi_when_saved_again(seeded, admin_client):
    existing = Reference.objects.exclude(doi=None).first()
    url = reverse("wagtailsnippets_content_pages_reference:edit", args=[existing.pk])
    response = admin_client.post(url, reference_form(existing, title="Corrected title"))
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_new_reference_with_a_new_doi_saves(seeded, admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_content_pages_reference:add"), reference_form(doi="10.1000/new-study")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Reference.objects.get(doi="10.1000/new-study").title == "Another study"


def test_reference_clean_names_the_other_reference(seeded):
    existing = Reference.objects.exclude(doi=None).first()
    copy = Reference(title="Copy", journal="J", year=2020, doi=f"doi:{existing.doi}")
    copy.authors = [ReferenceAuthor(family="Doe")]
    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert list(error.value.message_dict) == ["doi"]
    assert f"Reference “{existing.title}” already has this DOI" in error.value.message_dict["doi"][0]
    existing.full_clean()  # its own DOI is not a duplicate of itself


@pytest.mark.parametrize("first_accept", ["text/html", "application/json"], ids=["save-draft", "autosave"])
def test_the_same_new_row_posted_twice_is_stored_once(seeded, admin_client, first_accept):
    """An autosave and then at once "Save draft" (or a double click) post the same new,
    id-less row twice: the reference is on the draft once, never twice."""
    rows = current_rows(seeded)
    on_article = {row["reference"] for row in rows}
    added = Reference.objects.create(title="Fatigue in cancer survivors", year=2020, url="https://example.org/f")
    data = edit_data(seeded, rows, [{"reference": added.pk}])

    first = admin_client.post(edit_url(seeded), data, HTTP_ACCEPT=first_accept)
    assert first.status_code == (302 if first_accept == "text/html" else 200), first.content.decode()[:3000]
    assert draft_references(seeded).count(added.pk) == 1

    # The second post replaces the draft's rows with what it submits (the inline formset
    # drops rows it was not sent), so the id-less row is added once again, not twice.
    second = admin_client.post(edit_url(seeded), data)
    assert second.status_code == 302, second.content.decode()[:3000]
    assert draft_references(seeded).count(added.pk) == 1
    assert sorted(draft_references(seeded)) == sorted([*on_article, added.pk])
