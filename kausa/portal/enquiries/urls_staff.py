"""Staff routes of the portal's enquiries (under /staff/portal/enquiries/)."""

from django.urls import URLPattern

app_name = "portal_enquiries_staff"
urlpatterns: list[URLPattern] = []
