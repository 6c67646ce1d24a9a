from typing import Any

from django.apps import AppConfig
from django.core import checks


class ContentPagesConfig(AppConfig):
    name = "content_pages"
    verbose_name = "Content pages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here: the app registry must be ready before models are imported.
        from content_pages.interfaces import receivers, wiring
        from content_pages.models.gate import install
        from content_pages.publishing.gate import PublishingService
        from content_pages.publishing.gate.actions import route_publish_actions_through_gate

        install(PublishingService())
        route_publish_actions_through_gate()
        wiring.install_model_hooks()
        wiring.install_admin_forms()
        wiring.install_admin_panels()
        wiring.install_reach_side_panel()
        wiring.install_routing()
        wiring.install_slug_check()
        receivers.connect()
        checks.register(_model_hooks_installed)


def _model_hooks_installed(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:  # noqa: ARG001 Django passes app_configs by keyword
    from content_pages.models.hooks import missing

    return [
        checks.Error(
            f"Model hook {name!r} is not installed.",
            hint="Install it in interfaces/wiring.py.",
            id="content_pages.E001",
        )
        for name in missing()
    ]
