"""Portal routes of places (under /<language>/places/)."""

from django.urls import path

from kausa.portal.places import views

app_name = "portal_places"
urlpatterns = [
    path("", views.place_search, name="search"),
    path("map/", views.place_map, name="map"),
    path("<int:pk>/", views.place_detail, name="detail"),
]
