"""Administration of tenants and staff accounts. Domain records are edited in the staff UI,
where the services keep the audit trail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from kausa.core.models import AuditEntry, Office, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin[Office]):
    list_display = ["name", "organisation", "district"]
    list_filter = ["organisation"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["district"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "office", "is_active"]
    list_filter = ["role", "organisation", "office", "is_active"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("KAUSA Hub"), {"fields": ("organisation", "office", "role")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("KAUSA Hub"), {"fields": ("organisation", "office", "role")}),
    )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    list_display = ["at", "actor", "office", "action", "object_type", "object_id", "client_address"]
    list_filter = ["action", "office"]
    date_hierarchy = "at"

    # The audit trail is append-only, also for administrators.
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
