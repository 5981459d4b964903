"""Portal routes of enquiries (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_enquiries"
urlpatterns: list[URLPattern] = []
