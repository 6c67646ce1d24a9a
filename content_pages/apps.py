from django.apps import AppConfig


class ContentPagesConfig(AppConfig):
    name = "content_pages"
    verbose_name = "Content pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals
        from .models.gate import install
        from .pipeline.publishing import PublishingService

        install(PublishingService())
        signals.connect()
