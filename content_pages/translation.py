"""The one list of translated fields.

django-modeltranslation adds a column per configured language for each field named
here (``title_en``, ``title_ms``, ``title_zh_hans``...); wagtail-modeltranslation shows
them per language in the admin. Page's own title, slug, SEO title and search
description are registered by wagtail-modeltranslation itself.
"""

from modeltranslation.translator import TranslationOptions, register

from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CallToAction,
    Contributor,
    EnquiryFormField,
    EnquiryFormPage,
    HomePage,
    Reference,
    Topic,
)


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ArticleIndexPage)
class ArticleIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(ArticlePage)
class ArticlePageTranslation(TranslationOptions):
    fields = ("standfirst", "body", "aside")


@register(EnquiryFormPage)
class EnquiryFormPageTranslation(TranslationOptions):
    fields = ("intro", "thank_you_text")


@register(EnquiryFormField)
class EnquiryFormFieldTranslation(TranslationOptions):
    fields = ("label", "help_text", "choices")


@register(CallToAction)
class CallToActionTranslation(TranslationOptions):
    fields = ("heading", "body", "button_label", "whatsapp_message")


@register(Reference)
class ReferenceTranslation(TranslationOptions):
    fields = ("lay_summary",)


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)


@register(Contributor)
class ContributorTranslation(TranslationOptions):
    fields = ("role",)
