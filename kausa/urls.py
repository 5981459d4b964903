from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kausa.core.views import healthz

urlpatterns = [
    path("", include("kausa.core.urls")),
    path("people/", include("kausa.people.urls")),
    path("companies/", include("kausa.companies.urls")),
    path("places/", include("kausa.vacancies.urls")),
    path("network/", include("kausa.partners.urls")),
    path("placements/", include("kausa.placements.urls")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
