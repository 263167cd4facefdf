"""Index again the persons whose names the key now reads as another language writes them.

Since this change Ukrainian names in a Ukrainian passport's letters are read as their Russian
forms, which Cyrillic script gives (Olha = Olga = Ольга, Mykola = Nikolai, Dmytro = Dmitry,
Oleksandr = Aleksandr); the passports' -iia is -ia (Mariia = Maria); Russian names with ye and
yo where Cyrillic writes е and ё are read with e (Yelena = Elena, Pyotr = Petr); and the
Maghreb's Hocine, Lahcen and Aïssa are Hussein, Hassan and Issa (Hocine was keyed as Hassan);
Venezuela's Anyelo is Angelo, Eritrea's Abrham Abraham; ذ ض ظ said d or dh in Arabic are
the z of Persian, Dari, Urdu and Turkish, name by name (Kadhim = Kazim, Rida = Reza, Ridwan
= Rizwan, Riyad = Riaz, Hafidh = Hafiz): ``mixflow.lib.names``. Persons registered before
hold the old keys only: this rebuilds their keys
(:mod:`mixflow.identity.migrations._rekeying`). Going back does nothing: the code before this
change would search these persons by the old keys, which their next change of name gives them
again.

The spellings are listed here as they stood at this change, so that the migration does the
same thing whatever the key learns later.
"""

import re
from typing import Any

from django.db import migrations

# fmt: off
RESPELLED = frozenset({
    "olha", "oleh", "ihor", "bohdan", "halyna", "hennadii", "hennadiy", "hryhorii", "hryhoriy",
    "heorhii", "heorhiy", "serhii", "serhiy", "serhij", "oleksandr", "oleksander",
    "oleksandra", "oleksii", "oleksiy", "oleksij", "mykola", "mykhailo", "mykhaylo", "dmytro",
    "petro", "pavlo", "vasyl", "yevhen", "yevgen", "ievgen", "ievhen", "yevheniia",
    "yevheniya", "olena", "fedir", "hlib", "yelena", "yelizaveta", "yegor", "yekaterina",
    "yevgeny", "yevgeniy", "yevgenii", "yevgeni", "yevgenia", "yevgeniya", "yefim", "yeva",
    "pyotr", "fyodor", "semyon", "artyom", "alyona", "seryozha", "solovyov", "gorbachyov",
    "korolyov", "kiselyov", "zhuravlyov", "hocine", "houcine", "hocein", "houssine",
    "lhoucine", "lhoussaine", "lahoucine", "lahcen", "lahsen", "lahssen", "aissa", "anyelo",
    "anyela", "anyeli", "anyelina", "anyelica", "anyelis", "abrham", "abreham", "kadhim",
    "kadhem", "kathim", "hafidh", "hafedh", "nadhir", "nadheer", "nadhim", "nadhem", "adhim",
    "dhahir", "dhaher", "rida", "ridha", "redha", "reda", "ridwan", "radwan", "redwan",
    "ridouane", "redouane", "riad", "riyad", "riyadh", "fadl", "fadel", "fadil", "murtada",
    "mortada", "qadi", "dhiya", "diaa", "dhulfiqar", "dhikra",
})
#: Arabic-script names the transliterator now reads from its list: رياض رضوان قاضي كاظم
#: فاضل ناظم عظيم (their letters alone gave d for ض).
NATIVE = frozenset({"رياض", "رضوان", "قاضي", "قاضی", "كاظم", "فاضل", "ناظم", "عظيم"})
# fmt: on

#: Ukrainian -iia after a consonant (Mariia, Nataliia).
IIA = re.compile(r"[b-df-hj-np-tv-z]iia")


def index_respelled(apps: Any, schema_editor: Any) -> None:
    from mixflow.identity.migrations._rekeying import name_pieces, rekey_persons
    from mixflow.lib.names import normalise

    def flagged_name(*parts: str) -> bool:
        return any(word in NATIVE for p in parts if p for word in normalise(p).split()) or any(
            piece in RESPELLED or IIA.search(piece) is not None for _, piece in name_pieces(parts)
        )

    rekey_persons(apps, flagged_name)


class Migration(migrations.Migration):
    dependencies = [("identity", "0006_index_respelled_names")]

    operations = [migrations.RunPython(index_respelled, migrations.RunPython.noop, elidable=True)]
