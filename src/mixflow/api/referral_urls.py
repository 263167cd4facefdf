"""Routes of the directory and referral endpoints (added to ``api/urls.py`` by one line)."""

from django.urls import path

from mixflow.api import referrals

urlpatterns = [
    path("services/", referrals.ServiceList.as_view(), name="services"),
    path("services/<int:pk>/", referrals.ServiceDetail.as_view(), name="service"),
    path("referrals/", referrals.ReferralList.as_view(), name="referrals"),
    path("referrals/<int:pk>/", referrals.ReferralDetail.as_view(), name="referral"),
    path("referrals/<int:pk>/send/", referrals.ReferralSend.as_view(), name="referral_send"),
    path("referrals/<int:pk>/close/", referrals.ReferralClose.as_view(), name="referral_close"),
    path("inbox/", referrals.InboxList.as_view(), name="inbox"),
    path("inbox/<int:pk>/", referrals.InboxDetail.as_view(), name="inbox_referral"),
    path("inbox/<int:pk>/answer/", referrals.InboxAnswer.as_view(), name="inbox_answer"),
    path(
        "persons/<int:pk>/suggestions/",
        referrals.PersonSuggestions.as_view(),
        name="person_suggestions",
    ),
]
