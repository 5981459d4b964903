"""Portal routes of accounts (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_accounts"
urlpatterns: list[URLPattern] = []
