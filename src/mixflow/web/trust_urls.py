"""Routes of issue 13 (trust): two-factor authentication, sign-ins and sessions, data rights."""

from django.urls import path

from mixflow.web import (
    data_rights_views,
    retention_views,
    sign_in_views,
    token_views,
    two_factor_views,
)

urlpatterns = [
    path("accounts/two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", two_factor_views.two_factor_start, name="two_factor_start"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("accounts/sign-ins/", sign_in_views.sign_ins, name="sign_ins"),
    path("accounts/api-tokens/", token_views.api_tokens, name="api_tokens"),
    path(
        "accounts/sessions/<int:session_id>/end/",
        sign_in_views.session_end,
        name="session_end",
    ),
    path("accounts/users/<int:user_id>/unlock/", sign_in_views.user_unlock, name="user_unlock"),
    path(
        "persons/<int:person_id>/data-requests/",
        data_rights_views.data_request_add,
        name="data_request_add",
    ),
    path(
        "persons/<int:person_id>/legal-holds/",
        data_rights_views.legal_hold_add,
        name="legal_hold_add",
    ),
    path(
        "legal-holds/<int:hold_id>/lift/",
        data_rights_views.legal_hold_lift,
        name="legal_hold_lift",
    ),
    path(
        "persons/<int:person_id>/access-report.json",
        data_rights_views.access_report,
        name="access_report",
    ),
    path(
        "persons/<int:person_id>/correct/",
        data_rights_views.person_correct,
        name="person_correct",
    ),
    path(
        "persons/<int:person_id>/access-report/encrypted/",
        data_rights_views.access_report_encrypted,
        name="access_report_encrypted",
    ),
    path(
        "persons/<int:person_id>/access-report.pdf",
        data_rights_views.access_report_pdf,
        name="access_report_pdf",
    ),
    path(
        "retention/",
        retention_views.retention,
        name="retention",
    ),
    path(
        "data-requests/<int:request_id>/decide/",
        data_rights_views.data_request_decide,
        name="data_request_decide",
    ),
]
