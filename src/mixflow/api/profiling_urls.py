"""Routes of the profiling endpoints, added to ``api/urls.py`` in one line."""

from __future__ import annotations

from django.urls import path

from mixflow.api import profiling

urlpatterns = [
    path("profile-flags/", profiling.ProfileFlagList.as_view(), name="profile_flags"),
    path("profile-flags/<int:pk>/", profiling.ProfileFlagDetail.as_view(), name="profile_flag"),
    path(
        "profile-flags/<int:pk>/decision/",
        profiling.ProfileFlagDecision.as_view(),
        name="profile_flag_decision",
    ),
    path("profile-rules/", profiling.ProfileRulesInForce.as_view(), name="profile_rules"),
]
