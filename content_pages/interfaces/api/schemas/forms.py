"""Enquiry form definition and submission shapes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from content_pages.publishing.enquiries import CHANNELS
from content_pages.rendering.contracts.common import Language, Strict
from content_pages.rendering.contracts.pages import FormField, PrivacyNotice


class FormDefinitionMeta(Strict):
    language: str
    available_languages: list[Language]
    html_url: str
    submit_url: str
    honeypot: str = Field(description="A field to send empty; a filled one marks a bot and nothing is stored.")


class FormDefinition(Strict):
    id: int
    meta: FormDefinitionMeta
    title: str
    intro: str = Field(description="HTML.")
    thank_you_text: str = Field(description="HTML.")
    fields: list[FormField]
    privacy_notice: PrivacyNotice | None = Field(
        description="The site's privacy notice, in the requested language: show it before the person sends anything. "
        "Null when the site has none."
    )


class SubmissionIn(Strict):
    data: dict[str, Any] = Field(
        description="Answers by field name; checkboxes as a list of choice values, a single checkbox as true/false."
    )
    channel: Literal[CHANNELS] = Field(  # type: ignore[valid-type]
        "api", description="Where the person filled it in."
    )


class SubmissionAccepted(Strict):
    status: str = Field(description="`received`.")
    message: str = Field(description="The thank-you text, plain, in the requested language.")


class SubmissionErrors(Strict):
    message: str
    code: str
    errors: dict[str, list[str]] = Field(description="Messages per field name, in the requested language.")
