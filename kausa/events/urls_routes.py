"""Routes of events: the route of a JOBWALK or bus tour (stops, map, route sheet, GPX)."""

from django.urls import URLPattern, path

from kausa.events.views import routes as route_views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/route/", route_views.route, name="route"),
    path("<int:pk>/route/stops/", route_views.route_stop_add, name="route_stop_add"),
    path("stops/<int:stop_pk>/remove/", route_views.route_stop_remove, name="route_stop_remove"),
    path("stops/<int:stop_pk>/move/", route_views.route_stop_move, name="route_stop_move"),
    path("<int:pk>/route/optimise/", route_views.route_optimise, name="route_optimise"),
    path("<int:pk>/route/sheet/", route_views.route_sheet, name="route_sheet"),
    path("<int:pk>/route.gpx", route_views.route_gpx_download, name="route_gpx"),
]
