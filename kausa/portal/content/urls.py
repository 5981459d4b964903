"""Portal routes of content (under /<language>/info/)."""

from django.urls import path

from kausa.portal.content import views

app_name = "portal_content"
urlpatterns = [
    path("training/", views.training, name="training"),
    path("offices/", views.offices, name="offices"),
    path("page/<slug:slug>/", views.page, name="page"),
]
