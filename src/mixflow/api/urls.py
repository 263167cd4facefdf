from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from mixflow.api import case_urls, views
from mixflow.api.public import urlpatterns as public_urlpatterns
from mixflow.api.submissions import SubmissionCreate
from mixflow.api.tokens import TokenView

app_name = "api"

urlpatterns = [
    path("token/", TokenView.as_view(), name="token"),
    path("persons/", views.PersonList.as_view(), name="persons"),
    path("persons/<int:pk>/", views.PersonDetail.as_view(), name="person"),
    path(
        "persons/<int:pk>/encounters/",
        views.PersonEncounters.as_view(),
        name="person_encounters",
    ),
    path("encounters/", views.EncounterList.as_view(), name="encounters"),
    path(
        "encounters/<int:pk>/sensitive/",
        views.SensitiveDetailsView.as_view(),
        name="encounter_sensitive",
    ),
    path("groups/", views.GroupList.as_view(), name="groups"),
    path("flow-counts/", views.FlowCountList.as_view(), name="flow_counts"),
    path("questionnaires/", views.QuestionnaireList.as_view(), name="questionnaires"),
    path(
        "questionnaires/<int:pk>/submissions/",
        SubmissionCreate.as_view(),
        name="submissions",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]

# The public aggregates API: approved publications only (issue 10).
urlpatterns += public_urlpatterns

from mixflow.api.profiling_urls import urlpatterns as profiling_urlpatterns  # noqa: E402

urlpatterns += profiling_urlpatterns

# The service directory and referrals (issue 9).
from mixflow.api import referral_urls  # noqa: E402

urlpatterns += referral_urls.urlpatterns

# Cases (issue 9, item 7 for cases).
urlpatterns += case_urls.urlpatterns
