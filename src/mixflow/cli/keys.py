"""``mixflow keys rotate [--retire-old]`` and ``mixflow keys reindex [--new-index-key]``.

Run by the machine's operator (audited as ``system:mixflow keys``). See docs/security.md,
"Encryption at rest", for the order of steps with a running server.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mixflow.cli.language import gettext as _
from mixflow.cli.language import ngettext, number, prefixed

__all__ = ["add_parser"]

ACTOR = "mixflow keys"


def _rotate(args: argparse.Namespace) -> int:
    from mixflow.core.actors import SystemActor
    from mixflow.core.key_actions import retire_old_field_keys, rotate_field_keys

    actor = SystemActor(ACTOR)
    result = rotate_field_keys(actor=actor)
    total = sum(result.resealed.values())
    where = "MIXFLOW_FIELD_KEYS" if result.from_environment else _("the data directory's key file")
    print(
        ngettext(
            "Re-encrypted %(count)s row under the first key of %(where)s (%(keys)s keys held): "
            "%(tables)s",
            "Re-encrypted %(count)s rows under the first key of %(where)s (%(keys)s keys held): "
            "%(tables)s",
            total,
        )
        % {
            "count": number(total),
            "where": where,
            "keys": result.keys_in_file,
            "tables": ", ".join(f"{label} {number(n)}" for label, n in result.resealed.items()),
        }
    )
    if args.retire_old:
        try:
            removed = retire_old_field_keys(actor=actor)
        except ValueError as error:
            print(prefixed("mixflow keys rotate", error), file=sys.stderr)
            return 1
        print(
            ngettext(
                "Retired %(count)s old key: only the new key remains.",
                "Retired %(count)s old keys: only the new key remains.",
                removed,
            )
            % {"count": removed}
        )
    elif result.keys_in_file > 1:
        print(
            _(
                "Old keys are kept so that running servers still read everything; once every "
                "server and worker has restarted, run 'mixflow keys retire'."
            )
        )
    return 0


def _retire(args: argparse.Namespace) -> int:
    from mixflow.core.actors import SystemActor
    from mixflow.core.key_actions import retire_old_field_keys

    try:
        removed = retire_old_field_keys(actor=SystemActor(ACTOR))
    except ValueError as error:
        print(prefixed("mixflow keys retire", error), file=sys.stderr)
        return 1
    print(
        ngettext("Retired %(count)s old key.", "Retired %(count)s old keys.", removed)
        % {"count": removed}
    )
    return 0


def _reindex(args: argparse.Namespace) -> int:
    from mixflow.core.actors import SystemActor
    from mixflow.core.key_actions import reindex, rotate_index_key

    actor = SystemActor(ACTOR)
    try:
        counts = rotate_index_key(actor=actor) if args.new_index_key else reindex(actor=actor)
    except ValueError as error:
        print(prefixed("mixflow keys reindex", error), file=sys.stderr)
        return 1
    print(
        _("Blind indexes computed again: %(counts)s")
        % {"counts": ", ".join(f"{k} {number(n)}" for k, n in counts.items())}
    )
    return 0


def add_parser(sub: Any, setup: Any) -> None:
    keys = sub.add_parser(
        "keys",
        help=_("Rotate the keys that encrypt sensitive fields at rest."),
        description=_("Rotate the keys that encrypt sensitive fields at rest."),
    )
    actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    rotate = actions.add_parser(
        "rotate", help=_("add a new key and re-encrypt every sensitive value with it")
    )
    rotate.add_argument(
        "--retire-old",
        action="store_true",
        help=_("then remove the old keys (only with no other server or worker running)"),
    )
    retire = actions.add_parser("retire", help=_("remove the old keys once nothing needs them"))
    reindex = actions.add_parser(
        "reindex", help=_("compute the blind indexes again (after changing the index key)")
    )
    reindex.add_argument(
        "--new-index-key", action="store_true", help=_("generate a new index key first")
    )

    def wrap(handler: Any) -> Any:
        def run(args: argparse.Namespace) -> int:
            setup()
            return int(handler(args))

        return run

    rotate.set_defaults(handler=wrap(_rotate))
    retire.set_defaults(handler=wrap(_retire))
    reindex.set_defaults(handler=wrap(_reindex))
