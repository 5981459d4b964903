"""Portal routes of content (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_content"
urlpatterns: list[URLPattern] = []
