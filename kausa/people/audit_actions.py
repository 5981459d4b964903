"""Audit codes of people (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PERSON = "people.person"
CREATED = register("people.person.created", _("Person registered"), PERSON)
UPDATED = register("people.person.updated", _("Person changed"), PERSON)
SENSITIVE_UPDATED = register(
    "people.person.sensitive_updated", _("Residence status or background changed"), PERSON
)
SHARING_CHANGED = register(
    "people.person.sharing_changed", _("Sharing with offices changed"), PERSON
)
ARCHIVED = register("people.person.archived", _("Person archived"), PERSON)
RESTORED = register("people.person.restored", _("Person restored"), PERSON)
EXPORTED = register("people.person.exported", _("Person's data exported (Art. 15)"), PERSON)
ERASED = register("people.person.erased", _("Person erased on request (Art. 17)"), PERSON)
ERASED_RETENTION = register(
    "people.person.erased_retention", _("Person erased after the retention period"), PERSON
)
GUARDIAN_ADDED = register("people.guardian.added", _("Parent or guardian added"), "people.guardian")
GUARDIAN_REMOVED = register(
    "people.guardian.removed", _("Parent or guardian removed"), "people.guardian"
)
