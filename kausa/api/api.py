"""The REST API (`/api/v1/`): django-ninja over the same selectors and services as the UI.

Each resource has a router module in `kausa/api/routers/`; they share the token
authentication, the error format (`kausa/api/errors.py`) and cursor pagination
(`kausa/api/pagination.py`). Access rules are the app's own: another office's record answers
404, a record the token's owner may read but not change answers 403, and so does any write
with a read token.
"""

from __future__ import annotations

from ninja import NinjaAPI

from kausa.api.auth import TokenAuth
from kausa.api.errors import install_error_handlers
from kausa.api.routers import (
    cases,
    chain_runs,
    companies,
    events,
    partners,
    people,
    places,
    proposals,
    referrals,
)

api = NinjaAPI(
    title="KAUSA Hub API",
    version="1",
    description=(
        "Personal access tokens are created on “Mein Konto”. Send them as "
        "`Authorization: Bearer kausa_…`. Errors: `{code, message: {de, en}, fields?}`."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/people", people.router, tags=["people"])
api.add_router("/companies", companies.router, tags=["companies"])
api.add_router("/places", places.router, tags=["places"])
api.add_router("/partners", partners.router, tags=["partners"])
api.add_router("/cases", cases.router, tags=["cases"])
api.add_router("/referrals", referrals.router, tags=["referrals"])
api.add_router("/proposals", proposals.router, tags=["proposals"])
api.add_router("/chain-runs", chain_runs.router, tags=["chain runs"])
api.add_router("/events", events.router, tags=["events"])
