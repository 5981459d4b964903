"""Records the whole portal shares: the per-address counters of its throttling."""

from __future__ import annotations

from django.db import models


class ThrottleHit(models.Model):
    """One counted request of a scope ("portal.enquiry") from one client, by a keyed hash of
    its address (the address itself is not kept). Rows older than the longest window go."""

    scope = models.CharField(max_length=60)
    client_key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["scope", "client_key", "at"], name="portal_throttle_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
