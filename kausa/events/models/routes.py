"""The stops of a JOBWALK or bus tour, in the order they are visited."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.events.models.events import Event


class RouteStop(models.Model):
    """A company from the registry or a free point (meeting point, bus pick-up)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="route_stops")
    position = models.PositiveSmallIntegerField(_("position"))
    company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="route_stops"
    )
    label = models.CharField(_("name of the stop"), max_length=200)
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_pickup = models.BooleanField(_("pick-up point"), default=False)
    stay_minutes = models.PositiveSmallIntegerField(_("time at the stop (minutes)"), default=30)
    # The company's contact person for this visit (printed on the route sheet).
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("route stop")
        verbose_name_plural = _("route stops")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="route_stop_unique_position")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id
