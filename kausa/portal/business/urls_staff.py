"""Staff routes of the portal's business (under /staff/portal/business/)."""

from django.urls import URLPattern

app_name = "portal_business_staff"
urlpatterns: list[URLPattern] = []
