"""The registry of audit actions: every code is declared once, with a label and its object.

Each app declares its codes in `<app>/audit_actions.py` (loaded when Django starts) with
`register("counselling.case.opened", _("Case opened"), "counselling.case")`. `audit_log`
refuses a code that is not registered or an object of another type, so a typo or a code
built at run time fails loudly instead of leaving a trail nobody can filter. The team
lead's audit page shows the labels and filters by them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


class UnknownAuditAction(LookupError):
    """An audit code that no app registered, or used with the wrong kind of object."""


@dataclass(frozen=True)
class AuditAction:
    code: str
    label: str | Promise
    # `app_label.model_name` of the object the entry points at (`AuditEntry.object_type`).
    object_type: str


_registry: dict[str, AuditAction] = {}


def register(code: str, label: str | Promise, object_type: str) -> str:
    """Declare `code`; returns it so a module can keep it as a constant."""
    parts = code.split(".")
    if len(parts) < 2 or not all(part.replace("_", "").isalnum() for part in parts):
        raise ValueError(f"audit code {code!r} must be dotted lower-case words")
    existing = _registry.get(code)
    if existing is not None and existing.object_type != object_type:
        raise ValueError(f"audit code {code!r} is registered twice with different objects")
    _registry[code] = AuditAction(code=code, label=label, object_type=object_type)
    return code


def action_for(code: str, *, object_type: str | None = None) -> AuditAction:
    """The registered action `code`; with `object_type`, also checks that it matches."""
    action = _registry.get(code)
    if action is None:
        raise UnknownAuditAction(f"audit code {code!r} is not registered")
    if object_type is not None and action.object_type != object_type:
        raise UnknownAuditAction(
            f"audit code {code!r} is registered for {action.object_type}, not {object_type}"
        )
    return action


def label_for(code: str) -> str:
    """The translated label of `code`, or the code itself for entries of retired codes."""
    action = _registry.get(code)
    return str(action.label) if action is not None else code


def registered_actions() -> list[AuditAction]:
    return sorted(_registry.values(), key=lambda action: action.code)
