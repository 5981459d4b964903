"""Portal routes of proposals (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_proposals"
urlpatterns: list[URLPattern] = []
