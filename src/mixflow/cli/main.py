"""The ``mixflow`` command.

Subcommands are small functions; Django is set up only by those that need the database, so
``mixflow synth`` and ``mixflow --help`` start instantly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from mixflow import __version__
from mixflow.cli import language
from mixflow.cli.language import gettext as _

DEMO_ROUTES = ("central_med", "americas")
DEMO_PEOPLE = 20_000
DEMO_SEED = 2026


def _setup_django(*, speak: bool = True) -> None:
    """Set Django up; unless ``speak`` is false, in the command's language (what an action
    says reaches the terminal translated). A server and a worker keep Django's default: each
    request, each task chooses its own."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixflow.settings")
    import django

    django.setup()
    if speak:
        language.activate_in_django()


# Django's own account commands write users without the checks and the audit of
# ``accounts.actions``: ``mixflow users`` does the same work through them.
BYPASSING_COMMANDS = {
    "createsuperuser": "mixflow users add USERNAME --organisation CODE --role system_admin",
    "changepassword": "mixflow users password USERNAME",
}


def cmd_manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    command = args.rest[0] if args.rest else ""
    if command in BYPASSING_COMMANDS:
        print(
            _(
                "mixflow manage %(command)s: refused, it would change an account without the "
                "checks and the audit of Mixflow's actions. Use: %(instead)s"
            )
            % {"command": command, "instead": BYPASSING_COMMANDS[command]},
            file=sys.stderr,
        )
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixflow.settings")
    execute_from_command_line(["mixflow manage", *args.rest])
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from mixflow.cli.progress import counting_progress
    from mixflow.testing.synthetic import generate

    routes = [r.strip() for r in args.routes.split(",")] if args.routes else None
    out = Path(args.out)
    with counting_progress(_("Generating people"), total=args.people) as advance:
        result = generate(out, people=args.people, seed=args.seed, routes=routes, progress=advance)
    print(
        _("%(people)s → %(records)s, %(encounters)s, %(groups)s, %(flow_counts)s in %(directory)s")
        % {
            "people": counted(result.people, "person"),
            "records": counted(result.records, "record"),
            "encounters": counted(result.encounters, "encounter"),
            "groups": counted(result.groups, "group"),
            "flow_counts": counted(result.flow_counts, "flow count"),
            "directory": out,
        }
    )
    if args.load:
        return _load(out)
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    return _load(Path(args.directory))


def _load(directory: Path) -> int:
    _setup_django()
    from django.core.management import call_command

    from mixflow.cli.progress import stage_progress
    from mixflow.core.actors import SystemActor
    from mixflow.testing.load import load_dataset

    call_command("migrate", interactive=False, verbosity=0)
    with stage_progress(_("Loading %(stage)s")) as progress:
        result = load_dataset(directory, actor=SystemActor("mixflow load"), progress=progress)
    if result.skipped:
        print(_("%(directory)s was loaded before: nothing to do.") % {"directory": directory})
    else:
        print(loaded(result.counts))
    return 0


def counted(n: int, what: str) -> str:
    """``1 record``, ``2 records``, ``1,000 records``, in the command's language.

    ``what`` names one of the things the commands count (singular, English)."""
    forms = {
        "person": language.ngettext("%(count)s person", "%(count)s people", n),
        "record": language.ngettext("%(count)s record", "%(count)s records", n),
        "registration record": language.ngettext(
            "%(count)s registration record", "%(count)s registration records", n
        ),
        "encounter": language.ngettext("%(count)s encounter", "%(count)s encounters", n),
        "group": language.ngettext("%(count)s group", "%(count)s groups", n),
        "flow count": language.ngettext("%(count)s flow count", "%(count)s flow counts", n),
        "consent": language.ngettext("%(count)s consent", "%(count)s consents", n),
    }
    return forms[what] % {"count": language.number(n)}


LOADED = {
    "persons": "registration record",
    "groups": "group",
    "encounters": "encounter",
    "flow_counts": "flow count",
    "consents": "consent",
}
"""The tables ``load_dataset`` counts, as ``counted`` names them (a "person" row is one
registration record; the README counts people as the humans)."""


def loaded(counts: dict[str, int]) -> str:
    """``Loaded 3 registration records, 2 groups…``; a table not named above keeps its name."""
    parts = [
        counted(n, LOADED[what]) if what in LOADED else f"{language.number(n)} {what}"
        for what, n in counts.items()
    ]
    return _("Loaded %(counts)s") % {"counts": ", ".join(parts)}


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django(speak=False)
    from mixflow.cli.worker import run_worker

    run_worker(batch=args.batch)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django(speak=False)
    from mixflow.cli.serving import serve

    serve(args.host, args.port, threads=args.threads)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from mixflow.cli.demo import run_demo

    return run_demo(host=args.host, port=args.port, people=args.people, serve_app=not args.no_serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mixflow",
        description=_("Mixflow: manage mixed migration flows humanely."),
        epilog=_("Settings come from the environment: see the README."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"mixflow {__version__}",
        help=_("show the version number and exit"),
    )
    parser.add_argument(
        language.OPTION,
        choices=language.LANGUAGES,
        help=_(
            "language of the messages: en, fr or es (default: MIXFLOW_LANGUAGE, else the "
            "locale: LANGUAGE, LC_ALL, LC_MESSAGES, LANG; else English)"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    demo = add(
        "demo", cmd_demo, _("Set up a demo (database, demo data, one user per role) and serve it.")
    )
    demo.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)")
    )
    demo.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    demo.add_argument("--people", type=int, default=DEMO_PEOPLE, help=_("people in the demo data"))
    demo.add_argument("--no-serve", action="store_true", help=_("prepare everything, then stop"))

    serve = add("serve", cmd_serve, _("Serve the web application with a production WSGI server."))
    serve.add_argument(
        "--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1)")
    )
    serve.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    serve.add_argument(
        "--threads", type=int, default=8, help=_("requests served at once (default 8)")
    )

    worker = add("worker", cmd_worker, _("Run the background task worker."))
    worker.add_argument("--batch", action="store_true", help=_("run queued tasks, then stop"))

    synth = add("synth", cmd_synth, _("Generate synthetic mixed-migration data (CSV files)."))
    synth.add_argument("--people", type=int, required=True, help=_("number of human beings"))
    synth.add_argument("--seed", type=int, default=1, help=_("random seed (same seed, same files)"))
    synth.add_argument("--out", required=True, help=_("directory to write the CSV files to"))
    synth.add_argument("--routes", help=_("comma-separated route codes (default: all routes)"))
    synth.add_argument(
        "--load", action="store_true", help=_("then load the files into the database")
    )

    from mixflow.cli.importing import add_arguments as import_arguments
    from mixflow.cli.importing import cmd_import

    import_arguments(
        add(
            "import",
            cmd_import,
            _("Import a spreadsheet or survey export against a questionnaire."),
        )
    )

    from mixflow.cli.questionnaires import add_parser as add_questionnaire_parser

    add_questionnaire_parser(sub)

    from mixflow.cli.identity import add_arguments as identity_arguments
    from mixflow.cli.identity import cmd_identity

    identity_arguments(add("identity", cmd_identity, _("Link registrations into identities.")))

    from mixflow.cli.users import add_arguments as users_arguments
    from mixflow.cli.users import cmd_users

    users_arguments(
        add("users", cmd_users, _("Add accounts, grant and revoke roles, list accounts."))
    )

    from mixflow.cli.backup import add_arguments as backup_arguments
    from mixflow.cli.backup import cmd_backup, cmd_restore

    backup_arguments(
        add("backup", cmd_backup, _("Copy the whole database to a file (online).")),
        add("restore", cmd_restore, _("Replace the whole database with a backup's copy.")),
    )

    from mixflow.cli import referrals as referral_commands

    referral_commands.add_services_arguments(
        add("services", referral_commands.cmd_services, _("Keep the service directory."))
    )
    referral_commands.add_referrals_arguments(
        add(
            "referrals",
            referral_commands.cmd_referrals,
            _("Follow referrals: overdue reminders."),
        )
    )

    load = add("load", cmd_load, _("Load a directory made by 'mixflow synth' into the database."))
    load.add_argument("directory", help=_("a directory written by 'mixflow synth'"))

    from mixflow.cli.link import add_parser as add_link_parser

    add_link_parser(sub)  # Django-free: CSV in, CSV out

    from mixflow.cli.reporting import add_parser as add_report_parser

    add_report_parser(sub)

    from mixflow.cli.flows import add_parser as add_flows_parser

    add_flows_parser(sub, _setup_django)

    from mixflow.cli.retention import add_parser as add_retention_parser

    add_retention_parser(sub, _setup_django)
    from mixflow.cli.keys import add_parser as add_keys_parser

    add_keys_parser(sub, _setup_django)

    from mixflow.cli.profiling import add_parser as add_profile_parser

    add_profile_parser(sub)

    manage = add("manage", cmd_manage, _("Run any Django management command: mixflow manage ARGS…"))
    manage.add_argument(
        "rest", nargs=argparse.REMAINDER, help=_("the management command and its arguments")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # The language first: the parser's help texts are written in it.
    with language.speaking(language.chosen(arguments)):
        parser = build_parser()
        args = parser.parse_args(arguments)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)


if __name__ == "__main__":
    sys.exit(main())
