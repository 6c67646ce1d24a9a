from django.apps import AppConfig


class ContentPagesConfig(AppConfig):
    name = "content_pages"
    verbose_name = "Content pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from content_pages.interfaces import receivers as signals
        from content_pages.models.gate import install
        from content_pages.publishing.gate import PublishingService

        install(PublishingService())
        signals.connect()
