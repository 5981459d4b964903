"""Portal routes of mydata (under /<language>/…)."""

from django.urls import URLPattern

app_name = "portal_mydata"
urlpatterns: list[URLPattern] = []
