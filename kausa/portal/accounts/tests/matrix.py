"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

import itertools
from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_accounts:register": (None, {"get": "public", "post": "public"}),
    "portal_accounts:register_sent": (None, {"get": "public"}),
    "portal_accounts:login": (None, {"get": "public", "post": "public"}),
    "portal_accounts:login_code": (None, {"get": "public", "post": "public"}),
    "portal_accounts:reset_request": (None, {"get": "public", "post": "public"}),
    "portal_accounts:reset_sent": (None, {"get": "public"}),
    "portal_accounts:logout": (None, {"post": "account"}),
    "portal_accounts:pending": (None, {"get": "account"}),
    "portal_accounts:security": (None, {"get": "account", "post": "account"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests
# (kausa/portal/accounts/tests/test_tokens.py: expired, tampered, reused).
TOKEN_ROUTES: set[str] = {"portal_accounts:verify", "portal_accounts:reset"}
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_accounts_staff:registrations": (None, {"get": "create_org"}),
    "portal_accounts_staff:registration": (
        "portal_registration",
        {"get": "org_write", "post": "org_write"},
    ),
}

_serial = itertools.count(1)


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    return {}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """A pending registration of organisation 1 (with a confirmed address)."""
    from django.utils import timezone

    from kausa.portal.accounts.models import CompanyRegistration, PortalAccount

    account = PortalAccount(
        organisation=world.organisation,
        email=f"matrix-{next(_serial)}-{timezone.now().timestamp()}@betrieb.example",
        name="Matrix Kontakt",
        email_verified_at=timezone.now(),
    )
    account.set_password("Sicheres-Passwort-2026")
    account.save()
    registration = CompanyRegistration.objects.create(
        organisation=world.organisation,
        account=account,
        company_name="Matrix Betrieb",
        postal_code="39104",
    )
    return {"portal_registration": [registration.pk]}
