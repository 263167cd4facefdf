"""Routes of the profiling pages (issue 9), added to ``web/urls.py`` in one line."""

from __future__ import annotations

from django.urls import path

from mixflow.web import profiling_views

urlpatterns = [
    path(
        "profiles/flags/<int:flag_id>/",
        profiling_views.profile_flag_decide,
        name="profile_flag_decide",
    ),
    path("profiles/rules/", profiling_views.profile_rules, name="profile_rules"),
    path(
        "profiles/rules/<str:rule_id>/edit/",
        profiling_views.profile_rule_edit,
        name="profile_rule_edit",
    ),
]
