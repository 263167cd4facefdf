"""Index again the persons who gave a short form as their name.

Since this change a short form of one name is read as that name (Paco = Francisco, Lupe =
Guadalupe, Bill = William, Sasha = Aleksandr, Nastya = Anastasia, Серёжа = Sergei):
``mixflow.lib.names``. Persons registered before hold the old keys only: this rebuilds their
keys (:mod:`mixflow.identity.migrations._rekeying`). Going back does nothing:
the code before this change would search these persons by the old keys, which their next
change of name gives them again.

The short forms are listed here as they stood at this change, so that the migration does
the same thing whatever the key learns later.
"""

from typing import Any

from django.db import migrations

# fmt: off
SHORT_FORMS = frozenset({
    "aliosha", "alyosha", "artie", "bess", "bessie", "bill", "bob", "charo", "chayo", "chelo",
    "chepe", "chucho", "chuck", "chuy", "curro", "dasha", "dave", "dick", "doug", "ernie", "fred",
    "galya", "gerry", "ginny", "goyo", "greg", "hank", "herbie", "jim", "joe", "katya", "kike",
    "kolia", "kolya", "lalo", "liuda", "loli", "lupe", "lyosha", "lyuda", "meche", "memo", "mike",
    "mikey", "misha", "moncho", "nacho", "nastia", "nastya", "ned", "olya", "paco", "paddy",
    "pancho", "peggy", "pete", "petya", "pili", "quique", "rafa", "rick", "rob", "sasha",
    "serezha", "seriozha", "seryozha", "steve", "sveta", "ted", "tono", "trish", "volodia",
    "volodya", "vova", "wally", "walt", "yura",
})
# fmt: on


def index_short_forms(apps: Any, schema_editor: Any) -> None:
    from mixflow.identity.migrations._rekeying import name_pieces, rekey_persons

    def flagged_name(*parts: str) -> bool:
        return any(piece in SHORT_FORMS for _, piece in name_pieces(parts))

    rekey_persons(apps, flagged_name)


class Migration(migrations.Migration):
    dependencies = [("identity", "0007_index_ukrainian_and_maghreb_names")]

    operations = [migrations.RunPython(index_short_forms, migrations.RunPython.noop, elidable=True)]
