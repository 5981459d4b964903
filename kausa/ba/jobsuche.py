"""Client for the job agency's job search (`/pc/v4/jobs`, `/pc/v4/jobdetails/{base64(refnr)}`).

Only the region (postal code and radius) and the kind of offer (apprenticeship) are sent.
Shapes follow `jobsuche-openapi.yaml`; anything else is `BaSchemaError`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings

from kausa.ba.http import BaRequestError, PoliteClient

APPRENTICESHIP = 4  # angebotsart 4: Ausbildung / duales Studium
PAGE_SIZE = 100
# The agency serves a bounded number of pages per query; more is a runaway loop.
MAX_PAGES = 1000


class BaSchemaError(BaRequestError):
    """An answer that is JSON but not in the documented shape (schema drift)."""


@dataclass(frozen=True)
class SearchPage:
    offers: list[dict[str, Any]]
    total: int


@dataclass
class JobsucheClient:
    http: PoliteClient

    def search_page(
        self, *, postal_code: str, radius_km: int, page: int, size: int = PAGE_SIZE
    ) -> SearchPage:
        body = self.http.get_json(
            "/pc/v4/jobs",
            {
                "angebotsart": APPRENTICESHIP,
                "wo": postal_code,
                "umkreis": radius_km,
                "page": page,
                "size": size,
            },
        )
        if not isinstance(body, dict):
            raise BaSchemaError("search answer is not an object")
        offers = body.get("stellenangebote", [])  # absent when nothing was found
        if not isinstance(offers, list):
            raise BaSchemaError("stellenangebote is not a list")
        try:
            total = int(body.get("maxErgebnisse") or 0)
        except (TypeError, ValueError):
            raise BaSchemaError("maxErgebnisse is not a number") from None
        return SearchPage(offers=offers, total=total)

    def details(self, refnr: str) -> dict[str, Any]:
        code = quote(base64.b64encode(refnr.encode()).decode(), safe="")
        body = self.http.get_json(f"/pc/v4/jobdetails/{code}")
        if not isinstance(body, dict):
            raise BaSchemaError("details answer is not an object")
        return body

    def close(self) -> None:
        self.http.close()


def jobsuche_client(**options: Any) -> JobsucheClient:
    """A client for `settings.BA_JOBSUCHE_BASE_URL`; `options` go to `PoliteClient`."""
    return JobsucheClient(PoliteClient(base_url=settings.BA_JOBSUCHE_BASE_URL, **options))
