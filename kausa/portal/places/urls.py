"""Portal routes of places (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_places"
urlpatterns: list[URLPattern] = []
