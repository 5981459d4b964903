from django.urls import path

from kausa.administration.views import invitations, offices, staff

app_name = "administration"
urlpatterns = [
    path("", staff.staff_list, name="staff"),
    path("staff/invite/", staff.staff_invite_view, name="invite"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/role/", staff.staff_role, name="role"),
    path("staff/<int:pk>/deactivate/", staff.staff_deactivate_view, name="deactivate"),
    path("staff/<int:pk>/reactivate/", staff.staff_reactivate_view, name="reactivate"),
    path("staff/<int:pk>/resend/", staff.staff_resend_view, name="resend"),
    path("staff/<int:pk>/two-factor-reset/", staff.staff_mfa_reset_view, name="mfa_reset"),
    path("offices/", offices.office_list, name="offices"),
    path("offices/new/", offices.office_create_view, name="office_create"),
    path("offices/<int:pk>/", offices.office_edit, name="office_edit"),
    path("invitation/<str:token>/", invitations.invitation_accept_view, name="invitation"),
]
