"""Routes of the service directory, referrals, the provider's inbox and the consent page
(added to ``web/urls.py`` by one line, in the ``web`` namespace)."""

from django.urls import path

from mixflow.web import consent_views, group_referral_views, referral_views, service_views

urlpatterns = [
    path("services/", service_views.service_list, name="service_list"),
    path("services/add/", service_views.service_add, name="service_add"),
    path("services/import/", service_views.service_import, name="service_import"),
    path("services/<int:service_id>/", service_views.service_detail, name="service_detail"),
    path("services/<int:service_id>/edit/", service_views.service_edit, name="service_edit"),
    path("referrals/", referral_views.referral_list, name="referral_list"),
    path("referrals/<int:referral_id>/", referral_views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/send/", referral_views.referral_send, name="referral_send"),
    path(
        "referrals/<int:referral_id>/close/",
        referral_views.referral_close,
        name="referral_close",
    ),
    path(
        "persons/<int:person_id>/referrals/new/",
        referral_views.referral_new,
        name="referral_new",
    ),
    path(
        "groups/<int:group_id>/referrals/new/",
        group_referral_views.group_referral_new,
        name="group_referral_new",
    ),
    path("persons/<int:person_id>/consent/", consent_views.person_consent, name="person_consent"),
    path("inbox/", referral_views.inbox, name="inbox"),
    path("inbox/<int:received_id>/", referral_views.inbox_detail, name="inbox_detail"),
    path("inbox/<int:received_id>/answer/", referral_views.inbox_answer, name="inbox_answer"),
]
