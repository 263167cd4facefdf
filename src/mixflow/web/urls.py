from django.contrib.auth import views as auth_views
from django.urls import path

from mixflow.web import (
    account_views,
    case_urls,
    export_views,
    identity_views,
    import_views,
    mapping_views,
    questionnaire_views,
    submission_views,
    trust_urls,
    ui_urls,
    views,
)
from mixflow.web.publish_urls import urlpatterns as publish_urlpatterns

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("persons/", views.person_search, name="person_search"),
    path("persons/<int:person_id>/", views.person_detail, name="person_detail"),
    path("persons/<int:person_id>/split/", identity_views.person_split, name="person_split"),
    path("identity/review/", identity_views.review_queue, name="review_queue"),
    path(
        "identity/review/<int:candidate_id>/",
        identity_views.candidate_review,
        name="candidate_review",
    ),
    path("identity/decisions/", identity_views.decision_history, name="decision_history"),
    path(
        "identity/decisions/<int:decision_id>/undo/",
        identity_views.decision_undo,
        name="decision_undo",
    ),
    path("sites/", views.site_list, name="site_list"),
    path("sites/<int:site_id>/", views.site_detail, name="site_detail"),
    path("questionnaires/", questionnaire_views.questionnaire_list, name="questionnaire_list"),
    path(
        "questionnaires/upload/",
        questionnaire_views.questionnaire_upload,
        name="questionnaire_upload",
    ),
    path(
        "questionnaires/install-defaults/",
        questionnaire_views.questionnaire_install_defaults,
        name="questionnaire_install_defaults",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/fill/",
        questionnaire_views.questionnaire_fill,
        name="questionnaire_fill",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/relevance/",
        questionnaire_views.questionnaire_relevance,
        name="questionnaire_relevance",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/mapping/",
        mapping_views.questionnaire_mapping,
        name="questionnaire_mapping",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/export/",
        export_views.submissions_export,
        name="submissions_export",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/export/encrypted/",
        export_views.submissions_export_encrypted,
        name="submissions_export_encrypted",
    ),
    path(
        "submissions/<int:submission_id>/",
        submission_views.submission_detail,
        name="submission_detail",
    ),
    path(
        "submissions/files/<int:attachment_id>/",
        submission_views.attachment_download,
        name="attachment_download",
    ),
    path("imports/", import_views.import_list, name="import_list"),
    path("imports/new/", import_views.import_new, name="import_new"),
    path("imports/<int:batch_id>/", import_views.import_detail, name="import_detail"),
    path("imports/<int:batch_id>/columns/", import_views.import_mapping, name="import_mapping"),
    path("imports/<int:batch_id>/resume/", import_views.import_resume, name="import_resume"),
    path(
        "imports/<int:batch_id>/quarantine/",
        import_views.quarantine_list,
        name="quarantine_list",
    ),
    path(
        "imports/<int:batch_id>/quarantine/<int:row_id>/",
        import_views.quarantine_row,
        name="quarantine_row",
    ),
    # Accounts of one's organisation (next to accounts/login/ and accounts/logout/).
    path("accounts/users/", account_views.user_list, name="user_list"),
    path("accounts/users/add/", account_views.user_add, name="user_add"),
    path("accounts/users/<int:user_id>/", account_views.user_detail, name="user_detail"),
    path("accounts/users/<int:user_id>/names/", account_views.user_names, name="user_names"),
    path("accounts/users/<int:user_id>/grant/", account_views.user_grant, name="user_grant"),
    path(
        "accounts/users/<int:user_id>/revoke/<str:role>/",
        account_views.user_revoke,
        name="user_revoke",
    ),
    path(
        "accounts/users/<int:user_id>/password/",
        account_views.user_password,
        name="user_password",
    ),
    path("accounts/users/<int:user_id>/active/", account_views.user_active, name="user_active"),
]

# Publications and the public data portal (issue 10).
urlpatterns += publish_urlpatterns

from mixflow.web import dashboard_urls  # noqa: E402 (the flows dashboards)

urlpatterns += dashboard_urls.urlpatterns

# Account security (issue 13): two-factor authentication, sessions, sign-in records.
urlpatterns += trust_urls.urlpatterns

from mixflow.web.profiling_urls import urlpatterns as profiling_urlpatterns  # noqa: E402

urlpatterns += profiling_urlpatterns

# The service directory, referrals, the provider's inbox and the consent page (issue 9).
from mixflow.web import referral_urls  # noqa: E402

urlpatterns += referral_urls.urlpatterns

# Cases, "My work" and sensitive details opened on request (issue 9, item 5).
urlpatterns += case_urls.urlpatterns

# Import templates and cancelling an unfinished import (issue 12).
urlpatterns += ui_urls.urlpatterns
