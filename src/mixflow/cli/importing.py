"""``mixflow import``: bring a spreadsheet or survey export in, from the terminal.

The same path as the web upload (``intake.imports``): rows are validated against the form,
invalid ones are quarantined with the reason per cell, and the report's counts add up to the
rows in the file. A run that was killed resumes with ``--resume BATCH``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_BAD_INPUT = 2


def add_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", nargs="?", help="CSV, XLSX, Kobo/ODK Central export or Kobo JSON")
    command.add_argument("--form", help="form id of the questionnaire the rows answer")
    command.add_argument(
        "--organisation", help="organisation code (default: the only one with the form)"
    )
    command.add_argument("--site", help="site code for rows that do not name their site")
    command.add_argument("--mapping", help="name of a saved column-mapping preset")
    command.add_argument("--user", help="username the import is recorded under")
    command.add_argument("--resume", type=int, metavar="BATCH", help="resume an interrupted import")


def _fail(message: str) -> int:
    print(f"mixflow import: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_import(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from django.core.management import call_command

    from mixflow.accounts.models import Organisation, User
    from mixflow.cli.progress import counting_progress
    from mixflow.geo.models import Location
    from mixflow.intake.importing.errors import ImportFileError
    from mixflow.intake.imports import create_batch, preview, run_import, store_upload
    from mixflow.intake.models import ImportBatch, MappingPreset, Questionnaire

    call_command("migrate", interactive=False, verbosity=0)
    actor = None
    if args.user:
        actor = User.objects.filter(username=args.user).first()
        if actor is None:
            return _fail(f"no user named {args.user!r}")

    if args.resume:
        batch = ImportBatch.objects.filter(pk=args.resume).first()
        if batch is None:
            return _fail(f"no import number {args.resume}")
    else:
        if not args.file or not args.form:
            return _fail("give a FILE and --form NAME (or --resume BATCH)")
        path = Path(args.file)
        if not path.is_file():
            return _fail(f"{path} is not a file")
        questionnaires = Questionnaire.objects.filter(form_id=args.form)
        if args.organisation:
            questionnaires = questionnaires.filter(organisation__code=args.organisation)
        found = list(questionnaires.select_related("organisation")[:2])
        if not found:
            return _fail(f"no questionnaire with form id {args.form!r}")
        if len(found) > 1:
            return _fail("several organisations have this form: name one with --organisation")
        questionnaire = found[0]
        version = questionnaire.current_version()
        if version is None:
            return _fail("the questionnaire has no version")
        site = None
        if args.site:
            site = Location.objects.filter(code=args.site).first()
            if site is None:
                return _fail(f"unknown site code {args.site!r}")
        with path.open("rb") as source:
            stored, sha, _size = store_upload(source, path.name)
        try:
            proposed = preview(stored, path.name, version)
        except ImportFileError as exc:
            return _fail(str(exc.message))
        mapping: dict[str, str | None] = dict(proposed.mapping)
        if args.mapping:
            preset = MappingPreset.objects.filter(
                questionnaire=questionnaire, name=args.mapping
            ).first()
            if preset is None:
                return _fail(f"no mapping preset named {args.mapping!r} for this form")
            mapping.update(preset.mapping)
        unmapped = [c for c, q in mapping.items() if not q]
        print(
            f"{path.name}: {proposed.file_format}, {proposed.encoding}"
            + (f", delimiter {proposed.delimiter!r}" if proposed.delimiter else "")
            + f"; {len(proposed.columns)} columns"
            + (f" ({len(unmapped)} not mapped: {', '.join(unmapped[:8])})" if unmapped else "")
        )
        organisation = Organisation.objects.get(pk=questionnaire.organisation_id)
        batch = create_batch(
            actor=actor,
            organisation=organisation,
            version=version,
            path=stored,
            file_name=path.name,
            sha256=sha,
            site=site,
            mapping=mapping,
        )

    with counting_progress(f"Importing {batch.file_name}", total=100) as advance:
        run_import(batch, actor=actor, progress=lambda b: advance(b.percent))
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.FAILED:
        return _fail(batch.error)
    print(
        f"Import {batch.pk}: {batch.rows_total:,} rows in the file = {batch.imported:,} imported"
        f" + {batch.already_present:,} already present + {batch.quarantined:,} quarantined"
    )
    return 0
