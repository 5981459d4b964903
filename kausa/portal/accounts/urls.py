"""Portal routes of accounts (under /<language>/account/…)."""

from django.urls import path

from kausa.portal.accounts import views

app_name = "portal_accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("login/", views.login, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout, name="logout"),
    path("pending/", views.pending, name="pending"),
    path("password/", views.reset_request, name="reset_request"),
    path("password/sent/", views.reset_sent, name="reset_sent"),
    path("reset/<str:token>/", views.reset, name="reset"),
    path("security/", views.security, name="security"),
]
