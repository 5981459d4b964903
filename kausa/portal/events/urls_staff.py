"""Staff routes of the portal's events (under /staff/portal/events/)."""

from django.urls import URLPattern

app_name = "portal_events_staff"
urlpatterns: list[URLPattern] = []
