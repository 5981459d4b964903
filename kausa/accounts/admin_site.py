"""The Django admin behind the same sign-in as the staff pages, second factor included."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse


class StaffAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Superusers only (staff accounts are administered in the staff pages), with a
        session verified by the second factor when MFA is required."""
        if not super().has_permission(request) or not request.user.is_superuser:
            return False
        if not settings.MFA_REQUIRED:
            return True
        is_verified = getattr(request.user, "is_verified", None)
        return bool(is_verified is not None and is_verified())

    def login(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponseRedirect:
        # One login for everything: throttled, with the second step, then back to the admin.
        target = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': target})}")


class StaffAdminConfig(AdminConfig):
    """Replaces `django.contrib.admin` in INSTALLED_APPS so that `admin.site` is ours."""

    default_site = "kausa.accounts.admin_site.StaffAdminSite"
