"""Portal routes of mydata (under /<language>/my-data/)."""

from django.urls import path

from kausa.portal.mydata import views

app_name = "portal_mydata"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("link/", views.request_link, name="request_link"),
    path("open/<str:token>/", views.open_link, name="open"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("request/", views.data_request, name="data_request"),
    path("sign-out/", views.sign_out, name="sign_out"),
]
