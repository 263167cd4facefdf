"""The titles of the three questionnaires Mixflow ships, marked for translation.

An XLSForm has one ``form_title`` whatever its languages, so pages show ``gettext(title)``: the
shipped forms' titles read in the page's language, an organisation's own forms as written."""

from django.utils.translation import gettext_lazy as _

SHIPPED_QUESTIONNAIRE_TITLES = (
    _("Registration and protection screening"),
    _("Flow monitoring registry"),
    _("Flow monitoring survey"),
)

THIRD_PARTY_ADMIN_NAMES = (
    # The Django admin shows these names of other packages' apps and models; their packages
    # carry no French or Spanish, so Mixflow's catalogue does.
    _("Audit log"),
    _("log entry"),
    _("log entries"),
    _("Task Result"),
    _("Task Results"),
    _("action"),
    _("timestamp"),
    _("remote address"),
    _("object representation"),
    _("additional data"),
)
