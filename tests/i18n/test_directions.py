"""Script direction in the API: every language object says ``ltr`` or ``rtl``."""

import pytest
from django.test import override_settings

from content_pages.rendering import shapes
from content_pages.rendering.contracts.common import Language

pytestmark = pytest.mark.django_db


def test_every_language_object_states_its_direction(client, seeded):
    meta = client.get(f"/api/v2/pages/{seeded.pk}/?lang=ms").json()["meta"]
    assert {row["code"]: row["direction"] for row in meta["available_languages"]} == {
        "en": "ltr",
        "zh-hans": "ltr",
        "ms": "ltr",
    }


@override_settings(
    CMS_LANGUAGES=("en", "zh-hans", "ms", "ar"),
    LANGUAGES=[("en", "English"), ("zh-hans", "中文（简体）"), ("ms", "Bahasa Melayu"), ("ar", "العربية")],
)
def test_a_right_to_left_language_is_rtl_in_the_contract():
    rows = [Language.model_validate(row) for row in shapes.languages()]
    assert [(row.code, row.direction) for row in rows][-1] == ("ar", "rtl")
    assert {row.direction for row in rows[:-1]} == {"ltr"}


def test_the_openapi_document_names_the_two_directions(client):
    schema = client.get("/api/v2/openapi.json").json()["components"]["schemas"]["Language"]
    assert schema["properties"]["direction"]["enum"] == ["ltr", "rtl"]
    assert "direction" in schema["required"]
