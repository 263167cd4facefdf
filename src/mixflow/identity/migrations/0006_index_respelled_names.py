"""Index again the persons whose names the phonetic key now reads another way.

Since this change an x outside Somali's places is ks (Alexander = Aleksandr, Maxim = Maksym);
French ou before a vowel is often w (Jaouad = Jawad, Alaoui = Alawi, Marouane = Marwan);
Russian "dzh" is j (Dzhamshed = Jamshed); Slavic -ej and -ij are -ey and -iy (Sergej,
Valerij); Persian and Levantine -eh is -a (Fatemeh = Fatima, Alizadeh = Alizada); Arabic names
written the Turkish, Egyptian, Persian or Russian way are read as the names they are (Cemal =
Jamal, Gamal = Jamal, Ghasemi = Qasemi, Magomed = Muhammad, Ramazan = Ramadan); and the
article written joined goes as it goes when written apart (Alhassan = Al Hassan = Hassan):
``mixflow.lib.names``. Persons registered before hold the old keys only, so a search typed
the other way would miss them: this rebuilds their keys. Going back does nothing: the code
before this change would search these persons by the old keys, which their next change of
name gives them again.

The spellings are listed here as they stood at this change, so that the migration does the
same thing whatever the key learns later.
"""

import re
from typing import Any

from django.db import migrations

# fmt: off
RESPELLED = frozenset({
    "cemal", "celal", "cemil", "cemile", "cafer", "cevdet", "cuma", "recep", "necip", "mecit",
    "mecid", "mucahit", "hatice", "halil", "halit", "halide", "hatip", "hayri", "hacer", "haci",
    "huseyin", "ayse", "zeynep", "emine", "yakup", "eyup", "serif", "serife", "sukru",
    "ramazan", "ramzan", "ramezan", "sevki", "cevat", "cevad", "celil", "enver", "amgad",
    "maged", "magued", "magid", "meriem", "mariem", "otmane", "otman", "bouchra", "brahim",
    "driss", "michael", "micheal", "michaela", "anouar", "ghasem", "ghasemi", "sadegh",
    "sadeghi", "bagher", "bagheri", "taghi", "taghavi", "naghi", "ghader", "ghaderi", "ghorban",
    "ghorbani", "ghodrat", "tofigh", "tofighi", "rafigh", "shafigh", "eshagh", "eshaghi",
    "yaghoub", "yaghoubi", "roghayeh", "roghieh", "haghighi", "sedigh", "sedigheh", "mottaghi",
    "ghorbanali", "ghasemali",
    "gamal", "gamil", "gamila", "ragab", "hagar", "naguib", "nagib", "nagy", "nagi", "magdy",
    "magdi", "hegazy", "hegazi", "gomaa", "gomma", "negm", "gaber", "nagwa", "gehad", "gihad",
    "mahgoub", "mukhammad", "mukhammed", "mukhamed", "magomed", "magomet", "akhmad", "akhmed",
    "akhmet", "makhmud", "rakhim", "rakhman", "rakhmon", "rakhmat", "khasan", "gasan",
    "khusein", "khuseyn", "khusain", "gusein", "guseyn", "ibragim", "khamid", "khakim",
    "khabib", "khalim", "khamza", "khafiz", "kharun", "khadzhi", "xavier", "ximena", "nikolaj",
})
# fmt: on


#: French ou read as w (Jaouad, Alaoui, Marouane).
OU_AS_W = re.compile(r"(?<=[aeiy])ou(?=[aei])|(?<=.[b-df-hj-np-tv-z])ou(?=an)")


def _respelled(token: str) -> bool:
    return (
        token in RESPELLED
        or "x" in token
        or "dzh" in token
        or (len(token) > 4 and token[-2:] in ("ej", "ij"))
        or ("ou" in token and OU_AS_W.search(token) is not None)
        or (len(token) > 5 and token[-2:] == "eh")
    )


def index_respelled(apps: Any, schema_editor: Any) -> None:
    from mixflow.identity.migrations._rekeying import name_pieces, rekey_persons
    from mixflow.lib.names import compound_parts

    def flagged_name(*parts: str) -> bool:
        # A joined article counts only where it now goes (Alhassan): every Ali starts with al.
        return any(
            _respelled(piece) or (t[:2] in ("al", "el") and compound_parts(t) == (t[2:],))
            for t, piece in name_pieces(parts)
        )

    rekey_persons(apps, flagged_name)


class Migration(migrations.Migration):
    dependencies = [("identity", "0005_index_compound_names")]

    operations = [migrations.RunPython(index_respelled, migrations.RunPython.noop, elidable=True)]
