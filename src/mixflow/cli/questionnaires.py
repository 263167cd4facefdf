"""``mixflow questionnaire add|list``: store an XLSForm, list the questionnaires.

``add`` goes through ``intake.actions.upload_questionnaire``, like the upload page: with
``--user`` it needs that user's ``manage_forms`` in the organisation; without, it acts as the
system actor ``mixflow questionnaire`` for that organisation, which the audit log names. A
refused form prints each problem with its sheet, row and column. Exit 2 on refusal or bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mixflow.cli.language import gettext as _
from mixflow.cli.language import prefixed

EXIT_BAD_INPUT = 2
QUESTIONNAIRE_ACTOR = "mixflow questionnaire"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser(
        "questionnaire",
        help=_("Add or list questionnaires (XLSForms)."),
        description=_("Add or list questionnaires (XLSForms)."),
    )
    actions = command.add_subparsers(dest="questionnaire_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("store a new version of an XLSForm (.xlsx)"))
    add.add_argument("file", help=_("the XLSForm (.xlsx)"))
    add.add_argument("--organisation", required=True, help=_("code of the organisation it is for"))
    add.add_argument("--user", help=_("username it is recorded under (needs manage_forms)"))
    add.add_argument(
        "--media",
        nargs="+",
        default=[],
        metavar="FILE",
        help=_("files the form refers to (CSV choice lists of select_one_from_file, images)"),
    )
    add.set_defaults(handler=cmd_add)
    listing = actions.add_parser("list", help=_("list questionnaires and their current version"))
    listing.add_argument("--organisation", help=_("only this organisation's (its code)"))
    listing.set_defaults(handler=cmd_list)


def _fail(message: str) -> int:
    print(prefixed("mixflow questionnaire", message), file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_add(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from django.core.exceptions import PermissionDenied
    from django.core.management import call_command

    from mixflow.accounts import queries as accounts_queries
    from mixflow.accounts.actors import Actor
    from mixflow.core.actors import SystemActor
    from mixflow.intake.actions import FormError, upload_questionnaire
    from mixflow.intake.xlsform.media import MediaFile

    call_command("migrate", interactive=False, verbosity=0)
    path = Path(args.file)
    if not path.is_file():
        return _fail(_("%(path)s is not a file") % {"path": path})
    organisation = accounts_queries.organisation_by_code(args.organisation)
    if organisation is None:
        return _fail(_("no organisation with code %(code)r") % {"code": args.organisation})
    media: list[MediaFile] = []
    for name in args.media:
        file = Path(name)
        if not file.is_file():
            return _fail(_("%(path)s is not a file") % {"path": file})
        media.append(MediaFile(file.name, file.read_bytes()))
    actor: Actor = SystemActor(QUESTIONNAIRE_ACTOR, organisation_id=organisation.pk)
    if args.user:
        user = accounts_queries.user_by_username(args.user)
        if user is None:
            return _fail(_("no user named %(name)r") % {"name": args.user})
        actor = user
    try:
        version = upload_questionnaire(
            actor=actor,
            organisation=organisation,
            content=path.read_bytes(),
            file_name=path.name,
            media=media,
        )
    except PermissionDenied as refusal:
        return _fail(str(refusal))
    except FormError as refused:
        for problem in refused.problems:
            print(prefixed(path.name, problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    questionnaire = version.questionnaire
    print(
        _("%(organisation)s %(form)s: version %(version)s of “%(title)s” stored.")
        % {
            "organisation": organisation.code,
            "form": questionnaire.form_id,
            "version": version.version,
            "title": questionnaire.title,
        }
    )
    from mixflow.intake.queries import compiled

    for note in compiled(version).form.notes:  # kept but ignored, or left to ODK Collect
        print(_("%(file)s: note: %(note)s") % {"file": path.name, "note": note})
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from django.core.management import call_command

    from mixflow.accounts import queries as accounts_queries
    from mixflow.intake import queries

    call_command("migrate", interactive=False, verbosity=0)
    if args.organisation and accounts_queries.organisation_by_code(args.organisation) is None:
        return _fail(_("no organisation with code %(code)r") % {"code": args.organisation})
    for questionnaire in queries.all_questionnaires(args.organisation or ""):
        current = questionnaire.current_version()
        print(
            f"{questionnaire.organisation.code}\t{questionnaire.form_id}\t"
            f"{current.version if current else '-'}\t{questionnaire.title}"
        )
    return 0
