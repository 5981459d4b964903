from django.contrib import admin
from django.urls import include, path

from kausa.accounts.views_login import StaffLoginView, StaffLogoutView
from kausa.api.api import api
from kausa.core.views import healthz

urlpatterns = [
    path("", include("kausa.workbench.urls")),
    path("", include("kausa.core.urls")),
    path("people/", include("kausa.people.urls")),
    path("companies/", include("kausa.companies.urls")),
    path("places/", include("kausa.vacancies.urls")),
    path("network/", include("kausa.partners.urls")),
    path("placements/", include("kausa.placements.urls")),
    path("counselling/", include("kausa.counselling.urls")),
    path("chains/", include("kausa.chains.urls")),
    path("language-courses/", include("kausa.bsk.urls")),
    path("ba/", include("kausa.ba.urls")),
    path("reports/", include("kausa.reports.urls")),
    path("events/", include("kausa.events.urls")),
    path("administration/", include("kausa.administration.urls")),
    path("login/", StaffLoginView.as_view(), name="login"),
    path("logout/", StaffLogoutView.as_view(), name="logout"),
    path("account/", include("kausa.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# Friendly German error pages (kausa.core.errors); 429 is rendered by the throttling code.
handler400 = "kausa.core.errors.bad_request"
handler403 = "kausa.core.errors.permission_denied"
handler404 = "kausa.core.errors.page_not_found"
handler500 = "kausa.core.errors.server_error"
