"""Portal routes of events (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_events"
urlpatterns: list[URLPattern] = []
