from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mixflow.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from mixflow.accounts import checks  # noqa: F401  (registers the deploy check)
        from mixflow.accounts.models import (
            ApiToken,
            Organisation,
            RoleAssignment,
            SignedInSession,
            User,
        )
        from mixflow.accounts.scopes import compute_scope
        from mixflow.accounts.sessions import limit_session
        from mixflow.accounts.sign_ins import on_sign_in, on_sign_out
        from mixflow.accounts.two_factor import remember_enrolment
        from mixflow.core import audit, scoping

        scoping.use_scope_provider(compute_scope)
        user_logged_in.connect(limit_session, dispatch_uid="mixflow.accounts.limit_session")
        user_logged_in.connect(on_sign_in, dispatch_uid="mixflow.accounts.on_sign_in")
        user_logged_in.connect(
            remember_enrolment, dispatch_uid="mixflow.accounts.remember_enrolment"
        )
        user_logged_out.connect(on_sign_out, dispatch_uid="mixflow.accounts.on_sign_out")

        # Accounts are the staff's, not migrants': their entries may keep their names.
        audit.register(Organisation, named=True)
        # No password hash in the log; last_login changes at every sign-in and is no change
        # to the account. Django's groups and permissions are not logged as m2m fields: Mixflow
        # grants nothing through them (capabilities come from role assignments, logged below).
        audit.register(User, exclude_fields=["password", "last_login"], named=True)
        audit.register(RoleAssignment, m2m_fields={"limited_to"}, named=True)
        # Issued and revoked tokens are logged; their digest is not (it stands for the key).
        audit.register(ApiToken, exclude_fields=["digest"], named=True)
        # Sessions opened and ended; the key is a credential and stays out of the log.
        audit.register(SignedInSession, exclude_fields=["session_key"], named=True)
