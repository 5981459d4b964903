"""Staff routes of the portal's content (under /staff/portal/content/)."""

from django.urls import URLPattern

app_name = "portal_content_staff"
urlpatterns: list[URLPattern] = []
