"""Settings → API keys: issue, list, edit and revoke the keys frontends send to the API.

Only superusers and users with ``content_pages.add_apikey`` see or use any of it (one
permission for every action, ``ApiKeyPermissionPolicy``): a key raises a client's read
limit, which is an administrator's decision, not an editor's, translator's or medical
reviewer's. A new key's plain text is shown once, in the answer to the form that made it
(no redirect, so it is never put in a session, a message or a log), and never again.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.response import TemplateResponse
from typing_extensions import override
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from content_pages.models import ApiKey
from content_pages.publishing.access.api_keys import create_key, key_changed

MANAGE_ACTION = "add"


class ApiKeyPermissionPolicy(ModelPermissionPolicy):
    """Every action on API keys (list, add, edit, delete) needs the "add" permission."""

    @override
    def user_has_permission(self, user: Any, action: str) -> bool:
        return bool(user.is_active and user.has_perm(self._get_permission_name(MANAGE_ACTION)))

    @override
    def users_with_any_permission(self, actions: Any) -> QuerySet[Any]:
        users: QuerySet[Any] = super().users_with_any_permission([MANAGE_ACTION])
        return users

    @override
    def users_with_permission(self, action: str) -> QuerySet[Any]:
        users: QuerySet[Any] = super().users_with_any_permission([MANAGE_ACTION])
        return users


register_permission_policy(ApiKey, ApiKeyPermissionPolicy(ApiKey))


class ApiKeyCreateView(generic.CreateView):
    """Makes the key through the publishing service and shows its plain text this once."""

    def form_valid(self, form: Any) -> HttpResponse:
        self.form = form
        with transaction.atomic():
            self.object, plain = create_key(
                form.cleaned_data["name"],
                rate_limit=form.cleaned_data["rate_limit"],
                active=form.cleaned_data.get("active", True),
                user=self.request.user,
            )
            log(instance=self.object, action="wagtail.create", user=self.request.user)
        response = TemplateResponse(
            self.request,
            "content_pages/admin/api_key_created.html",
            {"key": self.object, "plain_key": plain, "index_url": self.get_success_url()},
        )
        # Not kept by the browser or any cache in between.
        response["Cache-Control"] = "no-store"
        return response


class ApiKeyEditView(generic.EditView):
    def save_instance(self) -> Any:
        instance = super().save_instance()
        key_changed(instance)  # a new limit or a revocation reaches every process sharing the cache at once
        return instance


class ApiKeyDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        key = self.object
        super().delete_action()
        key_changed(key)


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    name = "api_keys"
    form_fields = ["name", "rate_limit", "active"]
    list_display = ["name", "prefix", "rate_limit", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    add_view_class = ApiKeyCreateView
    edit_view_class = ApiKeyEditView
    delete_view_class = ApiKeyDeleteView
    copy_view_enabled = False
    inspect_view_enabled = False


api_key_viewset = ApiKeyViewSet()
