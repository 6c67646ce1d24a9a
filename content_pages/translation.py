"""This app's translated fields, registered with django-modeltranslation.

modeltranslation autodiscovers this module at start-up and adds a column per configured
language for each field registered here (``standfirst_en``, ``standfirst_ms``,
``standfirst_zh_hans``...); wagtail-modeltranslation shows them per language in the
admin. Page's own title, slug, SEO title, search description and URL path are
registered by wagtail-modeltranslation itself and inherited by every page type.

Together these make modeltranslation's registry, the one list of translated fields.
``foundations/translated_fields.py`` reads the registry for the
PO export and import, translation status, translators' admin forms, the one-language
publish and the audit of a publish's languages, and names the registered fields that
are not translator text (a page's slug and URL path). Registering a field here (and
migrating its new columns) is all it takes for translators to get it; ``reads/segments.py``
gives it a default note until someone writes a better one.
"""

from modeltranslation.translator import TranslationOptions, register

from content_pages.models import (
    ArticleIndexPage,
    ArticlePage,
    CallToAction,
    Contributor,
    EnquiryFormField,
    EnquiryFormPage,
    EnquiryPrivacyNotice,
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


@register(EnquiryPrivacyNotice)
class EnquiryPrivacyNoticeTranslation(TranslationOptions):
    fields = ("text", "link_label", "link_url")


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
