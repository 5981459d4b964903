"""Portal routes of business (under /<language>/company/): the company's own pages."""

from django.urls import path

from kausa.portal.business import views

app_name = "portal_business"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("places/", views.places, name="places"),
    path("places/new/", views.place_create, name="place_create"),
    path("places/<int:pk>/", views.place_edit, name="place_edit"),
    path("places/<int:pk>/close/", views.place_close, name="place_close"),
    path("chains/", views.chains, name="chains"),
    path("chains/<int:pk>/", views.chain, name="chain"),
    path("chains/<int:pk>/handout.pdf", views.chain_handout, name="chain_handout"),
]
