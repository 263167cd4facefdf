"""``mixflow backup FILE`` and ``mixflow restore FILE --yes``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mixflow.cli.language import gettext as _
from mixflow.cli.language import number, prefixed


def add_arguments(backup: argparse.ArgumentParser, restore: argparse.ArgumentParser) -> None:
    backup.add_argument("file", help=_("where to write the copy of the database"))
    restore.add_argument("file", help=_("a file written by 'mixflow backup'"))
    restore.add_argument(
        "--yes",
        action="store_true",
        help=_("replace every table of the database (stop the server and the worker first)"),
    )


def cmd_backup(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    _setup_django()
    from mixflow.core.backup import BackupError, backup, engine

    target = Path(args.file)
    if target.exists():
        print(
            _("mixflow backup: %(file)s exists; choose a new file") % {"file": target},
            file=sys.stderr,
        )
        return 2
    try:
        backup(target)
    except BackupError as error:
        print(prefixed("mixflow backup", error), file=sys.stderr)
        return 1
    print(
        _("Backed up the %(engine)s database to %(file)s (%(size)s bytes)")
        % {"engine": engine(), "file": target, "size": number(target.stat().st_size)}
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from mixflow.cli.main import _setup_django

    if not args.yes:
        print(
            _(
                "mixflow restore: this replaces every table of the database with the backup's."
                " Stop the server and the worker, then run again with --yes."
            ),
            file=sys.stderr,
        )
        return 2
    _setup_django()
    from django.core.management import call_command

    from mixflow.core.backup import BackupError, restore

    try:
        restore(Path(args.file))
    except BackupError as error:
        print(prefixed("mixflow restore", error), file=sys.stderr)
        return 1
    # A backup of an older version gains the newer tables.
    call_command("migrate", interactive=False, verbosity=0)
    print(_("Restored the database from %(file)s") % {"file": args.file})
    return 0
