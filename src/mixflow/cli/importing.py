"""``mixflow import``: bring a spreadsheet or survey export in, from the terminal.

The same steps as the import pages (``intake.actions``: ``start_import``, ``apply_preset``,
``run_import``): rows are validated against the form, invalid ones are quarantined with the
reason per cell, and the report's counts add up to the rows in the file. A run that was killed
resumes with ``--resume BATCH``. Without ``--user`` the run acts as the system actor
``mixflow import`` for the questionnaire's organisation (the audit log names it); with
``--user`` it is refused where the import pages would refuse that user.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, number, prefixed, said

if TYPE_CHECKING:
    from mixflow.accounts.actors import Actor
    from mixflow.accounts.models import User

EXIT_BAD_INPUT = 2
IMPORT_ACTOR = "mixflow import"


def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "file", nargs="?", help=_("CSV, XLSX, Kobo/ODK Central export or Kobo JSON")
    )
    command.add_argument("--form", help=_("form id of the questionnaire the rows answer"))
    command.add_argument(
        "--organisation", help=_("organisation code (default: the only one with the form)")
    )
    command.add_argument("--site", help=_("site code for rows that do not name their site"))
    command.add_argument("--mapping", help=_("name of a saved column-mapping preset"))
    command.add_argument(
        "--user", help=_("username the import is recorded under (and whose permissions apply)")
    )
    command.add_argument(
        "--date",
        action="append",
        default=[],
        metavar="QUESTION=YYYY-MM-DD",
        help=_(
            "the date that applies to every row, for a file without a column for QUESTION"
            " (asked, never assumed to be today)"
        ),
    )
    command.add_argument(
        "--resume", type=int, metavar="BATCH", help=_("resume an interrupted import")
    )


def _fail(message: str) -> int:
    print(prefixed("mixflow import", message), file=sys.stderr)
    return EXIT_BAD_INPUT


def _actor(user: User | None, organisation_id: int) -> Actor:
    from mixflow.core.actors import SystemActor

    return user if user is not None else SystemActor(IMPORT_ACTOR, organisation_id=organisation_id)


def cmd_import(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from django.core.exceptions import PermissionDenied
    from django.core.management import call_command

    from mixflow.accounts import queries as accounts_queries
    from mixflow.cli.progress import counting_progress
    from mixflow.core.actors import SystemActor
    from mixflow.geo import queries as geo_queries
    from mixflow.intake import queries
    from mixflow.intake.actions import (
        ImportFileError,
        MappingRefused,
        apply_mapping,
        apply_preset,
        run_import,
        start_import,
    )

    call_command("migrate", interactive=False, verbosity=0)
    user = None
    if args.user:
        user = accounts_queries.user_by_username(args.user)
        if user is None:
            return _fail(_("no user named %(name)r") % {"name": args.user})
    # Look-ups see what the operator may see: everything without --user, the user's scope with.
    reader = user if user is not None else SystemActor(IMPORT_ACTOR)

    try:
        if args.resume:
            batch = queries.batch_for(reader, args.resume)
            if batch is None:
                return _fail(_("no import number %(number)s") % {"number": args.resume})
            actor = _actor(user, batch.organisation_id)
        else:
            if not args.file or not args.form:
                return _fail(_("give a FILE and --form NAME (or --resume BATCH)"))
            path = Path(args.file)
            if not path.is_file():
                return _fail(_("%(path)s is not a file") % {"path": path})
            found = list(
                queries.questionnaires_for(reader)
                .filter(form_id=args.form, **_in_organisation(args.organisation))
                .select_related("organisation")[:2]
            )
            if not found:
                return _fail(_("no questionnaire with form id %(form)r") % {"form": args.form})
            if len(found) > 1:
                return _fail(
                    _("several organisations have this form: name one with --organisation")
                )
            questionnaire = found[0]
            actor = _actor(user, questionnaire.organisation_id)
            site = None
            if args.site:
                site = geo_queries.site_by_code(args.site)
                if site is None:
                    return _fail(_("unknown site code %(code)r") % {"code": args.site})
            preset = None
            if args.mapping:
                preset = queries.preset_named(reader, questionnaire, args.mapping)
                if preset is None:
                    return _fail(
                        _("no mapping preset named %(name)r for this form") % {"name": args.mapping}
                    )
            with path.open("rb") as source:
                try:
                    batch = start_import(
                        actor=actor,
                        questionnaire=questionnaire,
                        source=source,
                        file_name=path.name,
                        site=site,
                    )
                except ImportFileError as exc:
                    return _fail(said(exc.message.template, exc.message.params))
            if preset is not None:
                batch = apply_preset(actor=actor, batch=batch, preset=preset)
            if args.date:
                dates = dict(item.partition("=")[::2] for item in args.date)
                batch = apply_mapping(actor=actor, batch=batch, mapping=batch.mapping, dates=dates)
            unmapped = [c for c, q in batch.mapping.items() if not q]
            read = f"{path.name}: {batch.file_format}, {batch.encoding}"
            if batch.delimiter:
                read += ", " + _("delimiter %(delimiter)r") % {"delimiter": batch.delimiter}
            columns = len(batch.mapping)
            read += "; " + ngettext("%(count)s column", "%(count)s columns", columns) % {
                "count": columns
            }
            if unmapped:
                read += (
                    " ("
                    + ngettext(
                        "%(count)s not mapped: %(columns)s",
                        "%(count)s not mapped: %(columns)s",
                        len(unmapped),
                    )
                    % {"count": len(unmapped), "columns": ", ".join(unmapped[:8])}
                    + ")"
                )
            print(read)
        with counting_progress(
            _("Importing %(file)s") % {"file": batch.file_name}, total=100
        ) as advance:
            run_import(actor=actor, batch=batch, progress=lambda b: advance(b.percent))
    except PermissionDenied as refusal:
        return _fail(str(refusal) or _("refused"))
    except MappingRefused as refused:
        return _fail("; ".join(str(r) for r in refused.reasons))
    batch.refresh_from_db()
    if batch.status == queries.ImportStatus.FAILED:
        return _fail(batch.failure)
    print(
        ngettext(
            "Import %(number)s: %(rows)s row in the file = %(imported)s imported + %(present)s "
            "already present + %(quarantined)s quarantined",
            "Import %(number)s: %(rows)s rows in the file = %(imported)s imported + "
            "%(present)s already present + %(quarantined)s quarantined",
            batch.rows_total or 0,
        )
        % {
            "number": batch.pk,
            "rows": number(batch.rows_total or 0),
            "imported": number(batch.imported),
            "present": number(batch.already_present),
            "quarantined": number(batch.quarantined),
        }
    )
    return 0


def _in_organisation(code: str | None) -> dict[str, str]:
    return {"organisation__code": code} if code else {}
