"""Portal routes of business (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_business"
urlpatterns: list[URLPattern] = []
