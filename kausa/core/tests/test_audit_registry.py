"""The audit registry: every code is declared once, used as declared, and shown by its label."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from kausa.core.audit import audit_log
from kausa.core.audit_registry import UnknownAuditAction, registered_actions
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory

SOURCE_ROOT = Path(__file__).resolve().parents[2]


def _source_files() -> list[Path]:
    return [
        path
        for path in SOURCE_ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


@pytest.mark.django_db
def test_audit_log_refuses_an_unregistered_code_and_writes_nothing(counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    before = AuditEntry.objects.count()
    with pytest.raises(UnknownAuditAction):
        audit_log(actor=counsellor_a, action="people.person.teleported", obj=person)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_audit_log_refuses_a_code_used_on_another_kind_of_object(counsellor_a):
    company = CompanyFactory(organisation=counsellor_a.organisation)
    with pytest.raises(UnknownAuditAction, match=r"registered for people\.person"):
        audit_log(actor=counsellor_a, action="people.person.created", obj=company)


AUDIT_WRITERS = {"audit_log", "record_download", "AuditEntry", "_staff_entry"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def _action_arguments() -> list[tuple[Path, int, ast.expr]]:
    """Every `action=` passed to a function that writes the audit trail."""
    found = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _called_name(node) in AUDIT_WRITERS:
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        found.append((path, node.lineno, keyword.value))
    return found


def test_no_audit_code_is_built_at_run_time():
    built = [
        f"{path.relative_to(SOURCE_ROOT.parent)}:{line}"
        for path, line, value in _action_arguments()
        if isinstance(value, ast.JoinedStr | ast.BinOp)
        or (isinstance(value, ast.Call) and getattr(value.func, "attr", "") == "format")
    ]
    assert built == [], f"audit codes built from strings at run time: {built}"


def test_every_literal_code_in_the_code_is_registered():
    registered = {action.code for action in registered_actions()}
    literals = [
        (path, line, value.value)
        for path, line, value in _action_arguments()
        if isinstance(value, ast.Constant) and isinstance(value.value, str)
    ]
    unknown = [
        f"{path.name}:{line} {code}" for path, line, code in literals if code not in registered
    ]
    assert unknown == []


def test_every_registered_code_is_used_somewhere():
    """A registered code nobody writes is a dead label on the audit page's filter."""
    texts = {path: path.read_text(encoding="utf-8") for path in _source_files()}
    unused = []
    for action in registered_actions():
        declared_in = [path for path, text in texts.items() if f'"{action.code}"' in text]
        declaring = [path for path in declared_in if path.name == "audit_actions.py"]
        constant_names = _constant_names(declaring, action.code)
        used = any(
            path.name != "audit_actions.py"
            and (
                f'"{action.code}"' in text
                or any(
                    f".{name}" in text or f"import {name}" in text or f" {name}," in text
                    for name in constant_names
                )
            )
            for path, text in texts.items()
        )
        if not used and not action.code.startswith("demo."):
            unused.append(action.code)
    assert unused == [], f"registered but never written: {unused}"


def _constant_names(paths: list[Path], code: str) -> list[str]:
    names = []
    for path in paths:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and node.value.args
                and isinstance(node.value.args[0], ast.Constant)
                and node.value.args[0].value == code
            ):
                names += [target.id for target in node.targets if isinstance(target, ast.Name)]
    return names


@pytest.mark.django_db
def test_the_audit_page_shows_labels_and_filters_by_action(client, counsellor_a, team_lead):
    person = PersonFactory(office=counsellor_a.office)
    audit_log(actor=counsellor_a, action="people.person.created", obj=person, office=person.office)
    audit_log(actor=counsellor_a, action="people.person.updated", obj=person, office=person.office)
    client.force_login(team_lead)
    response = client.get(reverse("core:audit"), {"action": "people.person.updated"})
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert [entry.action for entry in entries] == ["people.person.updated"]
    body = response.content.decode()
    assert "Person geändert" in body  # the German label, not only the code
    # A code nobody registered is not a choice: a clear form error, no 500, nothing filtered away.
    response = client.get(reverse("core:audit"), {"action": "people.person.teleported"})
    assert response.status_code == 200
    assert response.context["form"].errors["action"]
