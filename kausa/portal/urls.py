"""The portal under /<language>/: the home page here, each sub-domain under its own prefix."""

from django.urls import include, path

from kausa.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
]

# Included beside the portal's own namespace (kausa/urls.py adds them to i18n_patterns).
sub_domain_patterns = [
    path("account/", include("kausa.portal.accounts.urls")),
    path("info/", include("kausa.portal.content.urls")),
    path("places/", include("kausa.portal.places.urls")),
    path("counselling/", include("kausa.portal.enquiries.urls")),
    path("my-data/", include("kausa.portal.mydata.urls")),
    path("events/", include("kausa.portal.events.urls")),
    path("company/", include("kausa.portal.business.urls")),
    path("company/proposals/", include("kausa.portal.proposals.urls")),
]
