"""Portal routes of enquiries (under /<language>/counselling/)."""

from django.urls import path

from kausa.portal.enquiries import views

app_name = "portal_enquiries"
urlpatterns = [
    path("", views.create, name="create"),
    path("sent/", views.sent, name="sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("parent/<str:token>/", views.parent, name="parent"),
]
