from django.urls import path

from kausa.accounts import views, views_login

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("verify/", views_login.login_verify, name="verify"),
    path("confirm-password/", views.reauthenticate, name="reauth"),
    path("password/", views.password_change, name="password"),
    path("email/", views.email_change, name="email"),
    path("two-factor/", views.mfa_setup, name="mfa_setup"),
    path("two-factor/reset/", views.mfa_reset, name="mfa_reset"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
