"""A small world shared by the tests, built through the application's own actions.

Two organisations; sites in Niger and Libya; one user per role in the home organisation, a
registration officer limited to one site, and a caseworker of the other organisation (the
outsider); persons of each organisation, one of whom consented to sharing with home.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from typing import Any

import pytest

from mixflow.accounts.actions import create_or_update_user
from mixflow.accounts.models import Organisation, User
from mixflow.core.actors import SystemActor
from mixflow.core.roles import Role
from mixflow.geo.actions import add_missing_countries
from mixflow.geo.models import Location
from mixflow.identity.actions import PersonDetails, register_person
from mixflow.identity.models import Person
from mixflow.intake.actions import Journey, Sensitive, record_encounter
from mixflow.lib.vocabularies import ConsentMethod, ConsentPurpose, EncounterKind, SiteKind
from mixflow.protection.actions import record_consent

PASSWORD = "correct-horse-battery-staple-42"
DAY = datetime.date(2026, 9, 14)
SETUP = SystemActor("tests")
"""Who sets the world up: the operator, who may create any account."""


@dataclass
class World:
    home: Organisation
    other: Organisation
    agadez: Location
    tripoli: Location
    users: dict[str, User]
    outsider: User
    limited: User
    at_agadez: Person
    at_tripoli: Person
    of_other: Person
    shared: Person

    def user(self, role: str) -> User:
        return self.users[role]


def _site(code: str, name: str, country: str, area: str, lat: float, lon: float) -> Location:
    parent = Location.objects.get(code=country)
    admin = Location(
        code=area, pcode=area, level="admin1", parent=parent, country_code=country, name=area
    )
    admin.save()
    site = Location(
        code=code,
        level="site",
        parent=admin,
        country_code=country,
        name=name,
        site_kind=SiteKind.BUS_STATION,
        latitude=lat,
        longitude=lon,
    )
    site.save()
    return site


def _person(org: Organisation, site: Location, actor: Any, **details: Any) -> Person:
    person = register_person(
        actor=actor,
        organisation=org,
        site=site,
        registered_on=DAY,
        details=PersonDetails(**details),
    )
    record_encounter(
        actor=actor,
        person=person,
        site=site,
        occurred_on=DAY,
        kind=EncounterKind.REGISTRATION,
        journey=Journey(country_of_origin="ERI", intended_destination="ITA", used_smuggler=True),
        sensitive=Sensitive(trafficking_indicators=["debt_bondage"], wishes_asylum=True),
    )
    return person


@pytest.fixture(autouse=True)
def _english_unless_asked() -> Any:
    """Each test starts in English: a request made by an earlier test in another language
    leaves that language active in the thread (the locale middleware does not reset it)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _cli_in_english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``mixflow`` command speaks the environment's language (``mixflow.cli.language``):
    a developer's LANG=fr_FR must not turn the English output the tests read into French, in
    this process or in the commands they start. A test of another language asks for it."""
    monkeypatch.setenv("MIXFLOW_LANGUAGE", "en")


@pytest.fixture(autouse=True)
def _no_dashboard_copy_outlives_its_test() -> Any:
    """The dashboards' DuckDB copies live in the process while each test's rows are rolled
    back; facts are numbered from the highest one held (``seq``), so a later test's facts may
    carry the numbers of an earlier test's and be taken as already read. Each test starts
    with no copy, as a server does when it starts."""
    yield
    from mixflow.flows import engine

    engine.FACTS.forget()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # PBKDF2's deliberate slowness is for attackers, not for a test that creates ten users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    # A transactional test before this one flushed the migration's rows.
    add_missing_countries(actor=SETUP)
    home = Organisation.objects.create(code="home", name="Home Agency", kind="un_agency")
    other = Organisation.objects.create(code="other", name="Other NGO", kind="ngo")
    agadez = _site("NER-AGZ-BUS", "Agadez bus station", "NER", "NE001", 16.97, 7.99)
    tripoli = _site("LBY-TIP-HUB", "Tripoli transit hub", "LBY", "LY021", 32.88, 13.19)
    users = {
        role.value: create_or_update_user(
            username=role.value,
            organisation=home,
            password=PASSWORD,
            roles=[role.value],
            actor=SETUP,
        )
        for role in Role
    }
    outsider = create_or_update_user(
        username="outsider",
        organisation=other,
        password=PASSWORD,
        roles=[Role.CASEWORKER],
        actor=SETUP,
    )
    limited = create_or_update_user(
        username="limited",
        organisation=home,
        password=PASSWORD,
        roles=[Role.REGISTRATION_OFFICER],
        limited_to=[agadez],
        actor=SETUP,
    )
    officer = users[Role.REGISTRATION_OFFICER]
    at_agadez = _person(
        home,
        agadez,
        officer,
        given_name="Tesfaye",
        family_name="Haile",
        sex="male",
        date_of_birth="1999",
        nationalities=["ERI"],
    )
    at_tripoli = _person(
        home,
        tripoli,
        officer,
        given_name="Mohammed",
        family_name="Abdelrahman",
        sex="male",
        date_of_birth="2001-03-04",
        nationalities=["SDN"],
    )
    of_other = _person(
        other,
        agadez,
        outsider,
        given_name="Aisha",
        family_name="Idris",
        sex="female",
        date_of_birth="1995",
        nationalities=["SDN"],
    )
    shared = _person(
        other,
        agadez,
        outsider,
        given_name="Yusuf",
        family_name="Omar",
        sex="male",
        date_of_birth="1990",
        nationalities=["SOM"],
    )
    record_consent(
        actor=outsider,
        person=shared,
        purpose=ConsentPurpose.SHARE_WITH_ORGANISATION,
        given=True,
        method=ConsentMethod.SIGNED,
        recorded_on=DAY,
        target_organisation=home,
    )
    return World(
        home,
        other,
        agadez,
        tripoli,
        users,
        outsider,
        limited,
        at_agadez,
        at_tripoli,
        of_other,
        shared,
    )


@pytest.fixture(autouse=True)
def _second_factor_confirmed(request: Any) -> Any:
    """Sign-ins made by the tests count as confirmed with a second factor (a TOTP device is
    made for the account when it needs one), so that tests about other things sign in with
    ``force_login`` or the sign-in page as before. Tests of two-factor authentication itself
    ask for the ``real_two_factor`` fixture, which turns this off."""
    if "real_two_factor" in request.fixturenames:
        yield
        return
    from django.contrib.auth.signals import user_logged_in
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from mixflow.accounts.two_factor import required_for

    def confirm(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
        if request is not None and hasattr(request, "session") and required_for(user):
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="tests", defaults={"confirmed": True}
            )
            # What ``django_otp.login`` keeps, set directly: ``force_login``'s request has no
            # ``user`` for it to check against.
            request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id

    user_logged_in.connect(confirm, dispatch_uid="tests.second_factor")
    yield
    user_logged_in.disconnect(dispatch_uid="tests.second_factor")


@pytest.fixture
def real_two_factor() -> None:
    """Sign-ins are not confirmed for the test: the two-factor step is the real one."""


@pytest.fixture
def login(client: Any) -> Any:
    """``login(user)`` signs ``user`` in on the test client and returns the client."""

    def sign_in(user: User) -> Any:
        client.force_login(user)
        return client

    return sign_in


# -- browser tests ---------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("MIXFLOW_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


# -- a user per role of the other organisation -----------------------------------------------


@pytest.fixture
def outsiders(world: World) -> dict[str, User]:
    """One user per role of ``other`` (usernames ``other_<role>``), for tests that try every
    role of a second organisation on the home organisation's records."""
    from mixflow.core.actors import SystemActor

    return {
        role.value: create_or_update_user(
            username=f"other_{role.value}",
            organisation=world.other,
            password=PASSWORD,
            roles=[role.value],
            actor=SystemActor("tests"),
        )
        for role in Role
    }


DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)
"""pytest-django's fixtures through which a test reaches the database (a test without one of
them, or the ``django_db`` mark, is refused any query)."""


def touches_the_database(item: Any) -> bool:
    """Whether ``item`` can reach the configured database: through pytest-django, or by
    running ``mixflow`` in a subprocess, which inherits ``DATABASE_URL`` (``database`` mark)."""
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("database") is not None
        or not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))
    )


def once_on_sqlite(item: Any) -> str | None:
    """Why ``item`` runs only in the SQLite half of CI (``None``: it runs on both databases).

    The PostgreSQL half is there for what depends on the database. A test that cannot reach it
    gives the same answer twice. Walks of what pages say and how they look (``markup``) and
    journeys in a real browser (``browser``) have the templates, the catalogues, the browser's
    behaviour and the page's scripts as their subject; the queries behind the same pages run on
    PostgreSQL too, through the URL walk and each app's page tests. Run twice, these cost CI
    about a third of its time."""
    if not touches_the_database(item):
        return "touches no database: its answer is the same on PostgreSQL"
    if item.get_closest_marker("markup") is not None:
        return "page markup is checked on SQLite (see tests/conftest.py)"
    if item.get_closest_marker("browser") is not None:
        return "browser journeys run on SQLite; their pages' queries run here (tests/conftest.py)"
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    if not os.environ.get("DATABASE_URL"):
        return
    for item in items:
        reason = once_on_sqlite(item)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture
def offline_page(page: Any, live_server: Any) -> Any:
    """A browser page that can reach only the app under test: anything else (a CDN, a font
    service) is aborted and kept in ``page.outside``, and every console error and uncaught
    script error in ``page.errors``, for the test to say they stayed empty."""
    page.outside = []
    page.errors = []

    def only_local(route: Any) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return page
