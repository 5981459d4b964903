"""Three faces: the public portal under /<language>/ (de, en, ar, uk, ru, tr, fa), the staff
app under /staff/, and the API under /api/v1/. `/` sends a visitor to the portal in the
browser's language; the staff app's old addresses redirect to /staff/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from kausa.accounts.views_login import StaffLoginView, StaffLogoutView
from kausa.api.api import api
from kausa.core.views import favicon, healthz
from kausa.portal.urls import sub_domain_patterns as portal_sub_domains
from kausa.portal.views import legacy_staff_redirect, portal_root

staff_urlpatterns = [
    path("staff/", include("kausa.workbench.urls")),
    path("staff/", include("kausa.core.urls")),
    path("staff/people/", include("kausa.people.urls")),
    path("staff/companies/", include("kausa.companies.urls")),
    path("staff/places/", include("kausa.vacancies.urls")),
    path("staff/network/", include("kausa.partners.urls")),
    path("staff/placements/", include("kausa.placements.urls")),
    path("staff/counselling/", include("kausa.counselling.urls")),
    path("staff/chains/", include("kausa.chains.urls")),
    path("staff/language-courses/", include("kausa.bsk.urls")),
    path("staff/ba/", include("kausa.ba.urls")),
    path("staff/reports/", include("kausa.reports.urls")),
    path("staff/events/", include("kausa.events.urls")),
    path("staff/administration/", include("kausa.administration.urls")),
    path("staff/portal/accounts/", include("kausa.portal.accounts.urls_staff")),
    path("staff/portal/content/", include("kausa.portal.content.urls_staff")),
    path("staff/portal/places/", include("kausa.portal.places.urls_staff")),
    path("staff/portal/enquiries/", include("kausa.portal.enquiries.urls_staff")),
    path("staff/portal/mydata/", include("kausa.portal.mydata.urls_staff")),
    path("staff/portal/events/", include("kausa.portal.events.urls_staff")),
    path("staff/portal/business/", include("kausa.portal.business.urls_staff")),
    path("staff/portal/proposals/", include("kausa.portal.proposals.urls_staff")),
    path("staff/login/", StaffLoginView.as_view(), name="login"),
    path("staff/logout/", StaffLogoutView.as_view(), name="logout"),
    path("staff/account/", include("kausa.accounts.urls")),
    path("staff/admin/", admin.site.urls),
]

urlpatterns = [
    path("", portal_root, name="portal_root"),
    *staff_urlpatterns,
    # Bookmarks and links in sent mails from before the staff app moved under /staff/.
    re_path(
        r"^(?P<rest>(?:people|companies|places|network|placements|counselling|chains"
        r"|language-courses|ba|reports|events|administration|login|logout|account|admin"
        r"|offices|districts|audit|design)/.*)$",
        legacy_staff_redirect,
        name="legacy_staff_redirect",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("api/v1/", api.urls),
    *i18n_patterns(
        path("", include("kausa.portal.urls")),
        *portal_sub_domains,
        prefix_default_language=True,
    ),
]

# Friendly error pages (kausa.core.errors); 429 is rendered by the throttling code.
handler400 = "kausa.core.errors.bad_request"
handler403 = "kausa.core.errors.permission_denied"
handler404 = "kausa.core.errors.page_not_found"
handler500 = "kausa.core.errors.server_error"
