"""Routes of the interface work (issue 12), added to web/urls.py by one line."""

from django.urls import path

from mixflow.web import draft_views, person_desk_views, ui_views

urlpatterns = [
    path(
        "imports/template/<int:questionnaire_id>/csv/",
        ui_views.import_template_csv,
        name="import_template_csv",
    ),
    path(
        "imports/template/<int:questionnaire_id>/xlsx/",
        ui_views.import_template_xlsx,
        name="import_template_xlsx",
    ),
    path("imports/<int:batch_id>/cancel/", ui_views.import_cancel, name="import_cancel"),
    path("drafts/", draft_views.draft_list, name="draft_list"),
    path(
        "questionnaires/<int:questionnaire_id>/draft/",
        draft_views.draft_save,
        name="draft_save",
    ),
    path("drafts/<int:draft_id>/delete/", draft_views.draft_delete, name="draft_delete"),
    path("persons/<int:person_id>/edit/", person_desk_views.person_edit, name="person_edit"),
    path("persons/<int:person_id>/visit/", person_desk_views.person_visit, name="person_visit"),
    path(
        "persons/<int:person_id>/group/",
        person_desk_views.person_group_start,
        name="person_group_start",
    ),
    path("groups/<int:group_id>/", person_desk_views.group_detail, name="group_detail"),
    path(
        "groups/<int:group_id>/members/add/",
        person_desk_views.group_member_add,
        name="group_member_add",
    ),
    path(
        "groups/<int:group_id>/members/<int:member_id>/remove/",
        person_desk_views.group_member_remove,
        name="group_member_remove",
    ),
]
