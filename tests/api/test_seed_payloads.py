"""Everything the API and the channels serve for the seed, against reviewed golden files.

These hold the payloads still while the code behind them moves: a change that alters what a
frontend or a patient receives shows up here as a diff to review. Database ids and
publish times differ between SQLite and PostgreSQL, so they are replaced by stable labels
(``page:<slug>``, ``cta:<heading>``) before comparing; so are publish dates, which are
the day the seed was loaded.

The files and the comparison are shared with the channels' tests (``tests/golden_files.py``);
run with UPDATE_GOLDEN=1 to rewrite the files after an intended change, then review the diff.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from wagtail.models import Page

from content_pages.foundations.languages import content_languages
from content_pages.models import CallToAction, Reference, Topic
from content_pages.rendering.channels import CHANNELS
from tests.golden_files import check_golden

LANGUAGES = content_languages()
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
# The JSON-LD's publish dates are the day the seed was loaded: the day the tests run.
PUBLISH_DATES = {"datePublished", "dateModified"}
PAGE_URL = re.compile(r"/api/v2/pages/(\d+)/")
CTA_URL = re.compile(r"/api/v2/snippets/ctas/(\d+)/")
REFERENCE_URL = re.compile(r"/api/v2/snippets/references/(\d+)/")


class Labels:
    """Stable names for the seed's database ids, one namespace per kind of object."""

    def __init__(self, items: str = "pages") -> None:
        self.items = items  # what the listing's "items" are
        self.page = {page.pk: f"page:{page.slug_en or page.slug}" for page in Page.objects.all()}
        self.cta = {cta.pk: f"cta:{cta.heading_en}" for cta in CallToAction.objects.all()}
        self.reference = {ref.pk: f"reference:{ref.title}" for ref in Reference.objects.all()}
        self.topic = {topic.pk: f"topic:{topic.slug}" for topic in Topic.objects.all()}

    def namespace(self, key: str, parent: str) -> dict[int, str] | None:
        parent = self.items if parent == "items" else parent
        if key == "cta_id" or (key == "id" and parent == "ctas"):
            return self.cta
        if key == "id" and parent == "references":
            return self.reference
        if key == "id" and parent == "topics":
            return self.topic
        if key in ("id", "parent_id", "form_page_id"):
            return self.page
        return None

    def url(self, text: str) -> str:
        text = PAGE_URL.sub(lambda m: f"/api/v2/pages/<{self.page[int(m[1])]}>/", text)
        text = CTA_URL.sub(lambda m: f"/api/v2/snippets/ctas/<{self.cta[int(m[1])]}>/", text)
        return REFERENCE_URL.sub(lambda m: f"/api/v2/snippets/references/<{self.reference[int(m[1])]}>/", text)

    def normalise(self, value: Any, key: str = "", parent: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.normalise(v, k, key if key != "" else parent) for k, v in value.items()}
        if isinstance(value, list):
            return [self.normalise(v, key, key) for v in value]
        return self.scalar(value, key, parent)

    def scalar(self, value: Any, key: str, parent: str) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            names = self.namespace(key, parent)
            return names.get(value, f"<unknown {key} {value}>") if names is not None else value
        if isinstance(value, str):
            if key in PUBLISH_DATES:
                return "<date>"
            return "<timestamp>" if TIMESTAMP.match(value) else self.url(value)
        return value


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_api_pages_of_the_seed_are_unchanged(seeded, client, language):
    labels = Labels()
    listing = client.get(f"/api/v2/pages/?lang={language}&limit=50")
    assert listing.status_code == 200
    check_golden(f"pages-{language}", labels.normalise(listing.json()))
    for page_id in sorted(item["id"] for item in listing.json()["items"]):
        detail = client.get(f"/api/v2/pages/{page_id}/?lang={language}")
        assert detail.status_code == 200
        check_golden(f"page-{labels.page[page_id].split(':', 1)[1]}-{language}", labels.normalise(detail.json()))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_api_channels_of_the_seed_article_are_unchanged(seeded, client, language):
    labels = Labels()
    for channel in CHANNELS.values():
        for mode in channel.modes:
            query = f"?lang={language}" + (f"&mode={mode}" if mode else "")
            response = client.get(f"/api/v2/pages/{seeded.pk}/channels/{channel.name}/{query}")
            assert response.status_code == 200, response.content
            name = f"channel-{channel.name}{'-' + mode if mode else ''}-{language}"
            check_golden(name, labels.normalise(response.json()))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_api_snippets_of_the_seed_are_unchanged(seeded, client, language):
    for kind in ("ctas", "references"):
        labels = Labels(items=kind)
        listing = client.get(f"/api/v2/snippets/{kind}/?lang={language}&limit=50")
        assert listing.status_code == 200, listing.content
        check_golden(f"snippets-{kind}-{language}", labels.normalise(listing.json()))
