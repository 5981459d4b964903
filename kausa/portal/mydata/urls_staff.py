"""Staff routes of the portal's mydata (under /staff/portal/mydata/)."""

from django.urls import URLPattern

app_name = "portal_mydata_staff"
urlpatterns: list[URLPattern] = []
