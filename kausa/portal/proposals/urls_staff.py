"""Staff routes of the portal's proposals (under /staff/portal/proposals/)."""

from django.urls import URLPattern

app_name = "portal_proposals_staff"
urlpatterns: list[URLPattern] = []
