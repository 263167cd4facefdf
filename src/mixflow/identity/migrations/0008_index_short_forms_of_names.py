"""Index again the persons who gave a short form as their name.

Since this change a short form of one name is read as that name (Paco = Francisco, Lupe =
Guadalupe, Tom = Thomas, Betty = Elizabeth, Sasha = Aleksandr, Natasha = Natalia, Серёжа =
Sergei): ``mixflow.lib.names``. Persons registered before hold the old keys only: this
rebuilds their keys (:mod:`mixflow.identity.migrations._rekeying`). Going back does nothing:
the code before this change would search these persons by the old keys, which their next
change of name gives them again.

The short forms are listed here as they stood at this change, so that the migration does
the same thing whatever the key learns later.
"""

from typing import Any

from django.db import migrations

# fmt: off
SHORT_FORMS = frozenset({
    "aliosha", "alyosha", "andy", "annie", "archie", "artie", "becky", "benny", "bess", "bessie",
    "betty", "bill", "billy", "bob", "bobbie", "bobby", "cathy", "charley", "charlie", "charly",
    "charo", "chayo", "chelo", "chepe", "chucho", "chuck", "chuy", "curro", "danny", "dasha",
    "dave", "debbi", "debbie", "dick", "donnie", "doug", "eddie", "eddy", "ernie", "fanny", "fred",
    "freddie", "freddy", "fredy", "galya", "gerry", "ginny", "goyo", "greg", "hank", "harry",
    "herbie", "jack", "jenni", "jenny", "jeny", "jhonny", "jim", "jimmie", "jimmy", "joe", "joey",
    "johnny", "johny", "kathy", "katie", "katya", "kike", "kolia", "kolya", "lalo", "larry",
    "lenny", "liuda", "lizzie", "lola", "loli", "lupe", "lyosha", "lyuda", "maggie", "meche",
    "memo", "mike", "mikey", "mischa", "misha", "mollie", "molly", "moncho", "nacho", "nastia",
    "nastya", "natacha", "natascha", "natasha", "ned", "nicky", "olya", "paco", "paddy", "pancho",
    "patty", "peggy", "pete", "petya", "pili", "polly", "quique", "rafa", "rick", "ricky", "rob",
    "robbie", "robby", "ronnie", "sacha", "sadie", "sally", "sascha", "sasha", "serezha",
    "seriozha", "seryozha", "steve", "stevie", "susie", "suzy", "sveta", "tanja", "tanya", "ted",
    "timmy", "tom", "tommie", "tommy", "tomy", "tono", "tony", "trish", "vicki", "vicky",
    "volodia", "volodya", "vova", "wally", "walt", "willie", "willy", "yenny", "yura",
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
