from django.urls import path

from kausa.accounts import views, views_login, views_tokens

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
    path("tokens/", views_tokens.api_tokens, name="api_tokens"),
    path("tokens/new/", views_tokens.api_token_create, name="api_token_create"),
    path("tokens/<int:pk>/revoke/", views_tokens.api_token_revoke, name="api_token_revoke"),
]
