"""Staff routes of the portal's places (under /staff/portal/places/)."""

from django.urls import URLPattern

app_name = "portal_places_staff"
urlpatterns: list[URLPattern] = []
