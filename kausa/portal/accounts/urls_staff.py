"""Staff routes of the portal's accounts (under /staff/portal/accounts/)."""

from django.urls import URLPattern

app_name = "portal_accounts_staff"
urlpatterns: list[URLPattern] = []
