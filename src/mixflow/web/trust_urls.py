"""Routes of account security (issue 13): two-factor authentication."""

from django.urls import path

from mixflow.web import two_factor_views

urlpatterns = [
    path("accounts/two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", two_factor_views.two_factor_start, name="two_factor_start"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
]
