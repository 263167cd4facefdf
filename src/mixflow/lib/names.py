"""Names: normalisation, transliteration to Latin, tokens and search keys.

Django-free. People are found whatever the spelling: accents, case, script and the usual
transliteration variants (Mohammed / Muhammad / Maxamed, Tesfay / Tesfaye, Hussein / Xuseen...).

The key scheme
==============

Every person gets a set of *search keys* computed from all their name parts; a query gets the
keys of each of its tokens and is matched exactly against them (the last query token may also
match the plain-token keys as a prefix). There are two kinds of key, told apart by case:

* **plain tokens**, lowercase ``[a-z0-9]``: the name transliterated to Latin (:func:`to_latin`),
  normalised (:func:`normalise`), with particles dropped and compound names joined into one
  canonical token (:func:`tokens`): ``Abd al-Rahman``, ``Abdel Rahman``, ``Abdurahman`` all
  give ``abdulrahman``; ``Nour Eddine`` and ``Noureddine`` give ``nourdin``; ``Habib Ullah`` and
  ``Habibollah`` give ``habibullah``; ``Tesfa Mariam`` gives ``tesfamariam``.
* **phonetic keys**, uppercase ``[A-Z]``: a consonant skeleton of the token
  (:func:`phonetic_key`). Consonants are folded into classes (t=d=th=dh → ``D``,
  k=q=kh=ck=hard c → ``K``, g=gh, j=dj=zh, f=ph, w=v, s=soft c, sh=ch → ``C``; Somali ``x`` is
  h and ``c`` is ʿayn), doubled letters collapse, a mute final ``e`` and a final ``h`` after a
  vowel are ignored, and vowels are dropped but for four markers: the token's first vowel, if it
  starts the token, by quality (``A`` for a, ``E`` for e/i, ``O`` for o/u: Omar ``OMR`` ≠ Amir
  ``AMR``); its last vowel, if it ends the token (``A`` for a, ``I`` for i/e/y, ``U`` for o/u:
  Omar ``OMR`` ≠ Amara ``AMRA``); ``I`` for a diphthong (ai, ay, ei, ey, ie; Somali ee) just
  before the last consonant, past the first syllable (Hussein ``HSIN`` ≠ Hassan ``HSN``); and
  an ``h`` that closes a syllable is ``Q`` (Mahmoud ``MQMD`` ≠ Mohammed ``MHMD``, Ahmed
  ``AQMD`` ≠ Hamid ``HMD``). A few irregular spellings are read as a canonical one first
  (Mohamud → Mahmoud, Maryan → Maryam, Md → Mohammed...).

Names written in an abjad (Arabic, Persian, Pashto, Urdu script) carry no short vowels: a common
name is read through a small dictionary of conventional spellings (محمد → Mohammed); any other
word is transliterated letter by letter and given one phonetic key per reading of its
ambiguities (the vowel of an initial alef or ʿayn; ي as a diphthong or not; ه/ح closing a
syllable or not; a final ی as i or as alef maqsura), so that it meets the Latin spellings of the
same name.

Person search: index :func:`search_keys` of all the name parts; a query matches a person when
each group of :func:`query_key_groups` (one per query token: the plain token, then its phonetic
keys) meets one of the person's keys. Only plain tokens are meant for prefix matching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from anyascii import anyascii

__all__ = [
    "display_latin",
    "normalise",
    "phonetic_key",
    "phonetic_keys",
    "query_key_groups",
    "query_keys",
    "search_keys",
    "short_form_of",
    "to_latin",
    "tokens",
]

# --------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------

#: Apostrophes and letter-like quotes: removed, so that O'Neil → oneil, N'Diaye → ndiaye.
_APOSTROPHES: Final = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4\u2032\u055a\ua78b\ua78c"

_ASCII_TABLE: Final[dict[int, str | None]] = {
    **{ord(c): " " for c in '!"#$%&()*+,-./:;<=>?@[\\]^_{|}~\t\n\r\x0b\x0c'},
    ord("'"): None,
    ord("`"): None,
}


def _build_nonascii_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Generic combining diacritics (accents on Latin, Greek, Cyrillic letters).
    for lo, hi in (
        (0x0300, 0x036F),
        (0x1AB0, 0x1AFF),
        (0x1DC0, 0x1DFF),
        (0x20D0, 0x20FF),
        (0xFE20, 0xFE2F),
    ):
        for cp in range(lo, hi + 1):
            table[cp] = None
    # Arabic vowel marks, Quranic marks and tatweel: unwritten in most names anyway.
    for lo, hi in ((0x064B, 0x065F), (0x06D6, 0x06ED)):
        for cp in range(lo, hi + 1):
            table[cp] = None
    table[0x0670] = None  # superscript alef
    table[0x0640] = None  # tatweel
    table[0x0671] = "\u0627"  # alef wasla → alef
    table[0x06CC] = "\u064a"  # Persian yeh → Arabic yeh
    table[0x06A9] = "\u0643"  # keheh → kaf
    for i in range(10):
        table[0x0660 + i] = str(i)
        table[0x06F0 + i] = str(i)
    for c in _APOSTROPHES:
        table[ord(c)] = None
    # Latin letters that do not decompose (ø, ł, đ, æ, ı, ŋ, ɛ, ɗ, ƙ...): their ASCII form.
    for lo, hi in (
        (0x00C0, 0x024F),
        (0x0250, 0x02AF),
        (0x1E00, 0x1EFF),
        (0x2C60, 0x2C7F),
        (0xA720, 0xA7FF),
    ):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if cp not in table and ch.isalpha():
                table[cp] = anyascii(ch).lower()
    return table


_NONASCII_TABLE: Final = _build_nonascii_table()
_KEEP_CATEGORIES: Final = frozenset("LMN")


def normalise(text: str) -> str:
    """Fold ``text`` for comparison, keeping its script.

    Unicode NFKC, casefold, diacritics stripped (é→e, ö→o, ñ→n, ç→c, ı→i, ø→o, đ→d, Vietnamese
    tones, Arabic short-vowel marks), apostrophes removed (O'Neil → ``oneil``), any other
    punctuation (hyphens, dots...) turned into a space, whitespace collapsed.
    """
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_TABLE).split())
    s = unicodedata.normalize("NFKC", text).casefold()
    s = unicodedata.normalize("NFD", s).translate(_NONASCII_TABLE)
    s = unicodedata.normalize("NFC", s)
    if not s.isascii():
        s = "".join(
            c if c.isspace() or unicodedata.category(c)[0] in _KEEP_CATEGORIES else " " for c in s
        )
        return " ".join(s.split())
    return " ".join(s.translate(_ASCII_TABLE).split())


# --------------------------------------------------------------------------------------------
# to_latin: Arabic script
# --------------------------------------------------------------------------------------------

# fmt: off
_AR_LETTERS: Final[dict[str, str]] = {
    "\u0627": "a",  # ا
    "\u0621": "",  # ء
    "\u0628": "b",
    "\u062a": "t",
    "\u062b": "th",
    "\u062c": "j",
    "\u062d": "h",
    "\u062e": "kh",
    "\u062f": "d",
    "\u0630": "dh",
    "\u0631": "r",
    "\u0632": "z",
    "\u0633": "s",
    "\u0634": "sh",
    "\u0635": "s",
    "\u0636": "d",
    "\u0637": "t",
    "\u0638": "z",
    "\u0639": "",  # ع: medial ʿayn is silent in Latin spellings (Said, Saad)
    "\u063a": "gh",
    "\u0641": "f",
    "\u0642": "q",
    "\u0643": "k",
    "\u0644": "l",
    "\u0645": "m",
    "\u0646": "n",
    "\u0647": "h",
    "\u0648": "w",
    "\u064a": "y",
    "\u0649": "a",  # ى alef maqsura
    "\u0629": "a",  # ة ta marbuta
    # Persian, Urdu, Pashto, Kurdish letters
    "\u067e": "p",  # پ
    "\u0686": "ch",  # چ
    "\u0698": "zh",  # ژ
    "\u06af": "g",  # گ
    "\u06a4": "v",  # ڤ
    "\u0679": "t",  # ٹ
    "\u0688": "d",  # ڈ
    "\u0691": "r",  # ڑ
    "\u06ba": "n",  # ں
    "\u06be": "h",  # ھ
    "\u06c1": "h",  # ہ
    "\u06c3": "a",  # ۃ
    "\u06d2": "e",  # ے
    "\u06cd": "ay",  # ۍ
    "\u06d0": "e",  # ې
    "\u069a": "sh",  # ښ
    "\u0696": "zh",  # ږ
    "\u0681": "dz",  # ځ
    "\u0685": "ts",  # څ
    "\u067c": "t",  # ټ
    "\u0689": "d",  # ډ
    "\u0693": "r",  # ړ
    "\u06bc": "n",  # ڼ
    "\u06d5": "e",  # ە
    "\u06c6": "o",  # ۆ
    "\u06ce": "e",  # ێ
    "\u06b5": "l",  # ڵ
    "\u0695": "r",  # ڕ
    "\u06c0": "a",  # ۀ
}

#: Conventional Latin spellings of common names written in Arabic script. Keys are normalised at
#: import (hamza seats and alef variants folded, ى read as ي).
_AR_NAMES_SOURCE: Final[dict[str, str]] = {
    "محمد": "mohammed", "أحمد": "ahmed", "محمود": "mahmoud", "مصطفى": "mustafa", "علي": "ali",
    "حسن": "hassan", "حسين": "hussein", "عمر": "omar", "عثمان": "osman", "يوسف": "youssef",
    "إبراهيم": "ibrahim", "إسماعيل": "ismail", "إسحاق": "ishaq", "يعقوب": "yacoub",
    "موسى": "musa", "عيسى": "issa", "يحيى": "yahya", "آدم": "adam", "نوح": "nuh",
    "داود": "dawud", "سليمان": "suleiman", "زكريا": "zakaria", "ياسين": "yassin", "طه": "taha",
    "حمزة": "hamza", "عباس": "abbas", "جعفر": "jafar", "بلال": "bilal", "خالد": "khaled",
    "خليل": "khalil", "سعيد": "said", "سعد": "saad", "صالح": "saleh", "سالم": "salem",
    "سليم": "salim", "جمال": "jamal", "جميل": "jamil", "كمال": "kamal", "كريم": "karim",
    "رشيد": "rashid", "حامد": "hamid", "حميد": "hamid", "مجيد": "majid", "ماجد": "majed",
    "وليد": "walid", "طارق": "tariq", "زياد": "ziad", "زيد": "zaid", "فيصل": "faisal",
    "منصور": "mansour", "ناصر": "nasser", "نصر": "nasr", "نور": "nour", "بكر": "bakr",
    "أبوبكر": "abubakar", "جبريل": "jibril", "إدريس": "idris", "إلياس": "elias",
    "أيمن": "ayman", "أنس": "anas", "مالك": "malik", "عادل": "adel", "أمين": "amin",
    "أنور": "anwar", "أسامة": "osama", "هشام": "hisham", "هاشم": "hashem", "قاسم": "qasim",
    "جابر": "jaber", "سامي": "sami", "سمير": "samir", "عماد": "imad", "عصام": "issam",
    "رامي": "rami", "فارس": "fares", "مراد": "mourad", "مهدي": "mahdi", "هادي": "hadi",
    "شريف": "sharif", "سيد": "sayed", "شيخ": "sheikh", "حافظ": "hafiz", "حبيب": "habib",
    "رحمن": "rahman", "رحيم": "rahim", "صلاح": "salah", "رضا": "reza", "عليرضا": "alireza",
    "محمدرضا": "mohammadreza", "جواد": "javad", "سجاد": "sajjad", "أمير": "amir",
    "حيدر": "haider", "مرتضى": "murtaza", "گل": "gul", "خان": "khan", "شاه": "shah",
    "عبد": "abd", "الله": "allah", "أبو": "abu", "بن": "bin", "ابن": "ibn", "بنت": "bint",
    "عبدالله": "abdullah", "عبدالرحمن": "abdulrahman", "عبدالعزيز": "abdulaziz",
    "عبدالقادر": "abdulkadir", "عبدالكريم": "abdulkarim", "عبدالرحيم": "abdulrahim",
    "عبدالسلام": "abdulsalam", "عبدالحميد": "abdulhamid", "عبدالمجيد": "abdulmajid",
    "عبدالناصر": "abdulnasser", "عبدالفتاح": "abdulfattah", "عبدالحكيم": "abdulhakim",
    "عبدالوهاب": "abdulwahab", "عبدالغني": "abdulghani", "عبدالباقي": "abdulbaqi",
    "نورالدين": "noureddine", "صلاحالدين": "salahuddin",
    "فاطمة": "fatima", "عائشة": "aisha", "خديجة": "khadija", "مريم": "maryam",
    "زينب": "zainab", "حليمة": "halima", "حواء": "hawa", "أسماء": "asma", "سارة": "sara",
    "هاجر": "hajar", "ليلى": "layla", "سلمى": "salma", "رقية": "ruqayya", "زهرة": "zahra",
    "زهراء": "zahra", "زهرا": "zahra", "هدى": "huda", "أمل": "amal", "إيمان": "iman",
    "رحمة": "rahma", "سعاد": "suad", "نادية": "nadia", "سميرة": "samira", "صفية": "safiya",
    "جميلة": "jamila", "كلثوم": "kulthum", "حنان": "hanan", "منى": "mona", "رانيا": "rania",
    "ياسمين": "yasmin", "آمنة": "amina", "أمينة": "amina", "نسرين": "nasrin",
    "فرشته": "fereshteh", "ملالی": "malalai", "شكرية": "shukria", "فريدة": "farida",
    "عمرو": "amr", "ذبيح": "zabih", "فضل": "fazl", "نذير": "nazir", "ضياء": "zia",
    "ضيا": "zia", "ظاهر": "zahir", "رمضان": "ramadan", "شيماء": "shaimaa", "إيناس": "inas",
    "كريمة": "karima", "نبيل": "nabil", "نبيلة": "nabila", "هيثم": "haitham",
    "رياض": "riyad", "رضوان": "ridwan", "قاضي": "qadi", "كاظم": "kazem", "فاضل": "fadel",
    "ناظم": "nazim", "عظيم": "azim",
}
_AR_SUFFIXES: Final = ("\u0627\u0644\u0644\u0647", "\u0627\u0644\u062f\u064a\u0646")  # الله الدين
# fmt: on


def _ar_lookup_form(word: str) -> str:
    return word.replace("\u0649", "\u064a")


_AR_NAMES: Final[dict[str, str]] = {
    _ar_lookup_form(normalise(k)): v for k, v in _AR_NAMES_SOURCE.items()
}
_AR_RANGE: Final = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_ARABIC_WORD: Final = re.compile(f"[{_AR_RANGE}0-9]+")
_ARABIC_RUN: Final = re.compile(f"[{_AR_RANGE}]+")
_AL: Final = "\u0627\u0644"
_ABD: Final = "\u0639\u0628\u062f"
_ABU: Final = "\u0627\u0628\u0648"


def _ar_letters(word: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(word):
        if i == 0 and ch == "\u0639":  # initial ʿayn: read as the vowel it carries (ʿUmar)
            out.append("a")
        elif ch.isdigit():
            out.append(ch)
        else:
            out.append(_AR_LETTERS.get(ch, ""))
    return "".join(out)


def _arabic_word(word: str) -> tuple[str, bool]:
    """Latin for one Arabic-script word; the flag says it is an unvocalised skeleton."""
    form = _ar_lookup_form(word)
    hit = _AR_NAMES.get(form)
    if hit is not None:
        return hit, False
    for suffix in _AR_SUFFIXES:  # نورالله, صلاحالدين: two words written as one
        if form.endswith(suffix) and len(form) > len(suffix) + 1:
            stem, abjad = _arabic_word(word[: -len(suffix)])
            tail, _ = _arabic_word(word[-len(suffix) :])
            return stem + " " + tail, abjad
    if form.startswith(_AL) and len(form) > 3:
        rest, abjad = _arabic_word(word[2:])
        return "al " + rest, abjad
    if form.startswith(_ABD) and len(form) > 4:
        rest, abjad = _arabic_word(word[3:])
        return "abd " + rest, abjad
    if form.startswith(_ABU) and len(form) > 4:
        rest, abjad = _arabic_word(word[3:])
        return "abu " + rest, abjad
    return _ar_letters(word), True


# --------------------------------------------------------------------------------------------
# to_latin: Bengali (anyascii drops the inherent vowel; we restore the common cases)
# --------------------------------------------------------------------------------------------


def _table(letters: str, latin: str) -> dict[str, str]:
    """Letters paired with space-separated Latin spellings."""
    return dict(zip(letters, latin.split(), strict=True))


_BN_CONSONANTS: Final = _table(
    "কখগঘঙচছজঝঞটঠডঢণতথদধনপফবভমযরলশষসহৎ",
    "k kh g gh ng ch chh j jh n t th d dh n t th d dh n p f b bh m j r l sh sh s h t",
)
_BN_PRECOMPOSED: Final = {"\u09dc": "ড\u09bc", "\u09dd": "ঢ\u09bc", "\u09df": "য\u09bc"}
_BN_SIGNS: Final = _table("ািীুূৃেৈোৌৗ", "a i i u u ri e oi o ou ou")
_BN_VOWELS: Final = _table("অআইঈউঊঋএঐওঔ", "a a i i u u ri e oi o ou")
_BN_OTHER: Final[dict[str, str]] = {"\u0981": "", "\u0982": "ng", "\u0983": "h"}
_BN_RUN: Final = re.compile("[\u0980-\u09ff]+")


def _bengali(run: str) -> str:
    for pre, dec in _BN_PRECOMPOSED.items():
        run = run.replace(pre, dec)
    # One unit per consonant or vowel: its Latin, its vowel ("" none, None bare consonant).
    latins: list[str] = []
    vowels: list[str | None] = []
    consonant: list[bool] = []
    after_virama = False
    for ch in run:
        if ch == "\u09bc":  # nukta: ড় r, ঢ় rh, য় y
            if consonant and consonant[-1]:
                latins[-1] = {"d": "r", "dh": "rh", "j": "y"}.get(latins[-1], latins[-1])
            continue
        if ch == "\u09cd":  # virama: no vowel
            if consonant and consonant[-1]:
                vowels[-1] = ""
                after_virama = True
            continue
        if ch in _BN_CONSONANTS:
            latins.append("y" if after_virama and ch == "য" else _BN_CONSONANTS[ch])
            vowels.append(None)
            consonant.append(True)
        elif ch in _BN_SIGNS and consonant and consonant[-1] and vowels[-1] is None:
            vowels[-1] = _BN_SIGNS[ch]
        else:
            latins.append(_BN_VOWELS.get(ch) or _BN_OTHER.get(ch) or anyascii(ch))
            vowels.append("")
            consonant.append(False)
        after_virama = False
    # The inherent vowel is written after a bare first consonant (রহমান Rahman) and before a
    # bare final one (মোহাম্মদ Mohammad); elsewhere it is usually silent in names.
    out: list[str] = []
    last = len(latins) - 1
    for k, lat in enumerate(latins):
        out.append(lat)
        vowel = vowels[k]
        if vowel is None:
            if k < last and (
                (k == 0 and consonant[k])
                or (k + 1 == last and consonant[last] and vowels[last] is None)
            ):
                out.append("a")
        else:
            out.append(vowel)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# to_latin: Burmese (anyascii reads vowel signs letter by letter: မောင် → "mean")
# --------------------------------------------------------------------------------------------

_MY_CONSONANTS: Final = _table(
    "ကခဂဃငစဆဇဈညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအ",
    "k kh g g ng s s z z ny t ht d d n t ht d d n p ph b b m y y l w th h l -",
)
# fmt: off
_MY_INDEPENDENT: Final[dict[str, str]] = {
    "ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "e", "ဩ": "aw", "ဪ": "aw",
}
#: onset + medial ya/ra (ျ ြ) → conventional spelling.
_MY_Y_ONSETS: Final[dict[str, str]] = {
    "k": "ky", "kh": "ch", "g": "gy", "p": "py", "ph": "phy", "b": "by", "m": "my",
    "l": "ly", "ng": "ny", "-": "y",
}
_MY_H_ONSETS: Final[dict[str, str]] = {
    "y": "sh", "l": "hl", "m": "hm", "n": "hn", "ng": "hng", "ny": "hny", "w": "hw",
}
_MY_VOWELS: Final[dict[str, str]] = {
    "": "a", "ာ": "a", "ါ": "a", "ိ": "i", "ီ": "i", "ု": "u", "ူ": "u", "ေ": "e", "ဲ": "e",
    "ော": "aw", "ေါ": "aw", "ို": "o", "ံ": "an", "ုံ": "on", "ိုံ": "on",
}
_MY_RHYMES: Final[dict[tuple[str, str], str]] = {
    ("", "င"): "in", ("ို", "င"): "aing", ("ော", "င"): "aung", ("ေါ", "င"): "aung",
    ("", "ဉ"): "in", ("", "ည"): "i", ("ိ", "ည"): "i",
    ("", "န"): "an", ("ိ", "န"): "ein", ("ု", "န"): "on", ("w", "န"): "un",
    ("", "မ"): "an", ("ိ", "မ"): "ein", ("ု", "မ"): "on", ("w", "မ"): "un",
    ("", "တ"): "at", ("ိ", "တ"): "eik", ("ု", "တ"): "ok", ("w", "တ"): "ut",
    ("", "က"): "et", ("ို", "က"): "aik", ("ော", "က"): "auk", ("ေါ", "က"): "auk",
    ("", "ပ"): "at", ("ိ", "ပ"): "eik", ("ု", "ပ"): "ok", ("w", "ပ"): "ut",
    ("w", "င"): "win",
}
# fmt: on
_MY_SIGNS: Final = frozenset("ါာိီုူေဲံ")
_MY_TONES: Final = frozenset("\u1037\u1038")
_MY_ASAT: Final = "\u103a"
_MY_RUN: Final = re.compile("[\u1000-\u109f]+")


def _burmese(run: str) -> str:
    chars = [c for c in run if c not in _MY_TONES]
    n = len(chars)
    out: list[str] = []
    i = 0
    while i < n:
        ch = chars[i]
        if ch in _MY_INDEPENDENT:
            out.append(_MY_INDEPENDENT[ch])
            i += 1
            continue
        if ch not in _MY_CONSONANTS:
            out.append(anyascii(ch) if ch not in _MY_SIGNS and ch != _MY_ASAT else "")
            i += 1
            continue
        onset = _MY_CONSONANTS[ch]
        i += 1
        medial_w = False
        while i < n and chars[i] in "\u103b\u103c\u103d\u103e":
            m = chars[i]
            if m in "\u103b\u103c":
                onset = _MY_Y_ONSETS.get(onset, onset + "y")
            elif m == "\u103d":
                medial_w = True
            else:
                onset = _MY_H_ONSETS.get(onset, "h" + onset)
            i += 1
        vowel = ""
        while i < n and chars[i] in _MY_SIGNS:
            vowel += chars[i]
            i += 1
        if i < n and chars[i] == _MY_ASAT:  # ော် : the asat only marks the tone
            i += 1
        final = ""
        if i + 1 < n and chars[i] in _MY_CONSONANTS and chars[i + 1] == _MY_ASAT:
            final = chars[i]
            i += 2
        onset = "" if onset == "-" else onset
        if final:
            key = ("w" if medial_w and not vowel else vowel, final)
            rhyme = _MY_RHYMES.get(key)
            if rhyme is None:
                rhyme = _MY_VOWELS.get(vowel, "a") + _MY_CONSONANTS[final].strip("-")
            elif key[0] == "w":
                medial_w = False
        else:
            rhyme = _MY_VOWELS.get(vowel, anyascii(vowel))
        out.append(onset + ("w" if medial_w else "") + rhyme)
    return " ".join(out)


# --------------------------------------------------------------------------------------------
# to_latin
# --------------------------------------------------------------------------------------------

_CJK_RUN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_CLEAN: Final = re.compile(r"[^a-z0-9 ]+")
_LATIN_APOS: Final = re.compile(r"['`]+")


def _cjk(run: str) -> str:
    return " " + " ".join(anyascii(c) for c in run) + " "


@lru_cache(maxsize=1 << 16)
def _word_latin(word: str) -> tuple[str, bool]:
    """Latin for one normalised word (may contain spaces); flag: unvocalised Arabic script."""
    if word.isascii():
        return word, False
    if _ARABIC_WORD.fullmatch(word):
        latin, abjad = _arabic_word(word)
        return " ".join(latin.split()), abjad
    s = _ARABIC_RUN.sub(lambda m: " " + _arabic_word(m.group())[0] + " ", word)
    s = _BN_RUN.sub(lambda m: _bengali(m.group()), s)
    s = _MY_RUN.sub(lambda m: _burmese(m.group()), s)
    s = _CJK_RUN.sub(lambda m: _cjk(m.group()), s)
    s = _LATIN_APOS.sub("", anyascii(s).lower())
    return " ".join(_LATIN_CLEAN.sub(" ", s).split()), False


def _latin_words(text: str) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for word in normalise(text).split():
        latin, abjad = _word_latin(word)
        if latin:
            out.extend((w, abjad) for w in latin.split())
    return out


def to_latin(text: str) -> str:
    """Transliterate ``text`` (any script) to lowercase ASCII Latin, normalised.

    anyascii does most scripts (Cyrillic, Greek, Ethiopic, Devanagari...); Arabic script (with
    Persian, Pashto and Urdu letters) uses a dictionary of common names then letter by letter,
    Bengali restores the common inherent vowels, Burmese follows the conventional spelling of
    names (Aung, Kyaw, Htun), Chinese characters become separate syllables.
    """
    return " ".join(w for w, _ in _latin_words(text))


# --------------------------------------------------------------------------------------------
# tokens: particles and compounds
# --------------------------------------------------------------------------------------------

#: Arabic article forms dropped wherever they stand before a name.
_ARTICLES: Final = frozenset({"al", "el", "ul", "il"})
#: Sun-letter articles (ad-Din, ash-Shami, as-Sayed): dropped before a name starting the same.
_ASSIMILATED: Final = re.compile(r"^[aeiu](sh|th|dh|zh|[dlrstz])$")
#: Other particles: patronymic and nobiliary. Dropped from keys, kept in display.
# fmt: off
PARTICLES: Final = frozenset(
    {
        "bin", "ben", "ibn", "ebn", "bint", "binti", "ould", "wad", "wld", "walad", "ag",
        "de", "del", "della", "di", "da", "dos", "das", "du", "des", "van", "von", "der", "den",
        "ter", "ten", "y",
    }
)
# fmt: on
_AFTER_DE: Final = frozenset({"la", "las", "los", "le", "l"})
_AFTER_VAN: Final = frozenset({"der", "den", "de", "het", "t"})

_ABD_BARE: Final = re.compile(r"^abd(?:(?:ou|[aeiou])(?:sh|[lrsnztd]))?$")
_ALLAH_FAMILY: Final = re.compile(r"^abd(?:ou|[aeiou])?ll?[aeiou]{1,2}h?[aeiouy]{0,2}$")
_ABD_ATTACHED: Final = re.compile(
    r"^abd(?:ou|[aeiou])?(?:l|(?P<c>sh|[rsntdz])(?=(?P=c)))?(?P<rest>[a-z]{3,})$"
)
_DIN_ATTACHED: Final = re.compile(
    r"^(?P<stem>[a-z]{2,}?[^aeiou\d])(?:[aeiou]{1,2}d?|[aeiou]l)?d(?:i|ee|ii|y)ne?$"
)
# fmt: off
_DIN_DETACHED: Final = frozenset(
    {"din", "dine", "deen", "diin", "eddine", "eddin", "edine", "edin", "uddin", "uddine",
     "uddeen", "udin", "udeen", "addin", "addine", "adin", "oddin", "dyn"}
)
_ULLAH_ATTACHED: Final = re.compile(r"^(?P<stem>[a-z]{3,}?)[uoa](?:llah?|lah)$")
_ULLAH_DETACHED: Final = frozenset(
    {"ullah", "ulla", "ulah", "allah", "alla", "ollah", "olla", "llah", "ullahi"}
)
_ABU_BARE: Final = frozenset({"abu", "abou"})
#: Ethiopian compound names written in two words: Tesfa Mariam = Tesfamariam.
_ETH_FIRST: Final = frozenset(
    {
        "gebre", "gebra", "ghebre", "gabre", "gabra", "wolde", "welde", "wolda", "walda",
        "haile", "hayle", "tekle", "tekla", "habte", "habta", "tesfa", "kidane", "kidan", "zere",
        "zera", "fikre", "berhane", "sahle", "tewelde", "tewolde", "amha", "ameha",
    }
)
_ETH_SECOND: Final = frozenset(
    {
        "mariam", "maryam", "medhin", "medhn", "medhane", "selassie", "silassie", "sellassie",
        "selase", "sellase", "egziabher", "egziabeher", "giorgis", "georgis", "giyorgis",
        "kristos", "christos", "yesus", "iyesus", "hiwet", "hiwot", "meskel", "mesqel", "amlak",
        "tensae", "tsion", "tsiyon",
    }
)
# fmt: on


def _canon(word: str) -> str:
    """The canonical form of one compound-bearing word (``abdul…``, ``…din``, ``…ullah``)."""
    if word.startswith("cabd"):  # Somali: c = ʿayn
        word = word[1:]
    if not word.startswith("abd"):
        if not word.endswith(_COMPOUND_ENDINGS):
            return word
        m = _DIN_ATTACHED.match(word)
        if m:
            return m.group("stem") + "din"
        m = _ULLAH_ATTACHED.match(word)
        if m:
            return m.group("stem") + "ullah"
        return word
    if _ALLAH_FAMILY.match(word):
        return "abdullah"
    m = _ABD_ATTACHED.match(word)
    if m:
        return "abdul" + m.group("rest")
    return word


_COMPOUND_ENDINGS: Final = ("din", "dine", "deen", "diin", "dyn", "dyne", "lla", "llah", "lah")


def _join_abd(second: str) -> str:
    """``Abdul`` + a separate second element: Abd al-Rahman, Abdel Aziz, Abd Allah."""
    if second in _ULLAH_DETACHED or second in ("lah", "llahi", "lahi"):
        return "abdullah"
    return _canon("abdul" + second)


def _is_particle(word: str, nxt: str | None, prev: str | None) -> bool:
    if word in _ARTICLES or word in PARTICLES:
        return True
    if prev in ("de", "del") and word in _AFTER_DE:
        return True
    if prev in ("van", "von") and word in _AFTER_VAN:
        return True
    m = _ASSIMILATED.match(word)
    return bool(m and nxt is not None and nxt.startswith(m.group(1)))


_PARTICLE_WORDS: Final = (
    _ARTICLES
    | PARTICLES
    | _AFTER_DE
    | _AFTER_VAN
    | {v + c for v in "aeiu" for c in ("sh", "th", "dh", "zh", "d", "l", "r", "s", "t", "z")}
)


def _drop_particles(words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Drop particles that stand before a name (a trailing one is a name: Wang Bin)."""
    if not any(w in _PARTICLE_WORDS for w, _ in words):
        return words
    n = len(words)
    flags = [
        _is_particle(w, words[i + 1][0] if i + 1 < n else None, words[i - 1][0] if i > 0 else None)
        for i, (w, _) in enumerate(words)
    ]
    last_name = max((i for i in range(n) if not flags[i]), default=-1)
    return [wf for i, wf in enumerate(words) if not flags[i] or i > last_name]


_COMPOUND_WORDS: Final = _ETH_FIRST | _DIN_DETACHED | _ULLAH_DETACHED


def _compounds(words: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    i = 0
    n = len(words)
    while i < n:
        w, abjad = words[i]
        if (
            w not in _COMPOUND_WORDS
            and not w.startswith(("ab", "cabd"))
            and not w.endswith(_COMPOUND_ENDINGS)
        ):
            out.append((w, abjad))
            i += 1
            continue
        nxt = words[i + 1] if i + 1 < n else None
        if nxt is not None and w in _ETH_FIRST and nxt[0] in _ETH_SECOND:
            out.append((w + nxt[0], abjad or nxt[1]))
            i += 2
            continue
        if _ABD_BARE.match(w):
            if nxt is None:
                out.append(("abd", abjad))
            else:
                out.append((_join_abd(nxt[0]), abjad or nxt[1]))
                i += 1
            i += 1
            continue
        if w in _ABU_BARE and nxt is not None:
            out.append(("abu" + nxt[0], abjad or nxt[1]))
            i += 2
            continue
        if out and w in _DIN_DETACHED:
            prev, pab = out[-1]
            out[-1] = (prev + "din", pab or abjad)
            i += 1
            continue
        if out and w in _ULLAH_DETACHED:
            prev, pab = out[-1]
            out[-1] = (_join_abd(w) if prev == "abd" else prev + "ullah", pab or abjad)
            i += 1
            continue
        out.append((_canon(w), abjad))
        i += 1
    return out


def _analyse(text: str) -> list[tuple[str, bool]]:
    if text.isalpha() and text.isascii():  # one plain word: the usual name part
        return _compounds([(text.lower(), False)])
    if text.isascii():
        words = [(w, False) for w in text.lower().translate(_ASCII_TABLE).split()]
    else:
        words = _latin_words(text)
    if not words:
        return []
    return _compounds(_drop_particles(words))


def tokens(text: str) -> list[str]:
    """Normalised Latin tokens of a name, particles dropped and compounds joined.

    ``Abdel Rahman``, ``Abd al-Rahman``, ``Abdulrahman``, ``Abdurahman``, ``Abd-el-Rahman`` all
    give ``["abdulrahman"]``; ``Abdullah``, ``Abdallah``, ``Abdullahi``, ``Abdoulaye`` give
    ``["abdullah"]``; ``Mohamed ould Abdel Aziz`` gives ``["mohamed", "abdulaziz"]``;
    ``José de la Cruz`` gives ``["jose", "cruz"]``. Particles (al, el, ad-, ash-, bin, ben,
    ibn, ould, wad, de, del, de la, van, von...) are dropped only before a name: a name made of
    particles only is kept whole.
    """
    return [w for w, _ in _analyse(text)]


@lru_cache(maxsize=1 << 18)
def loose_key(key: str) -> str:
    """A looser equivalence key, for spellings the phonetic key keeps apart.

    s = z (González, Gonzales), h dropped but for an initial one (Jhon, John; Mamadou,
    Mahamadou), y = j at the start (Yennifer, Jennifer), a final vowel and a final s after a
    longer skeleton ignored (Ibrahim, Ibrahima; Kerven, Kervens). The initial vowel and the
    diphthong markers stay, so Omar ≠ Amir and Hassan ≠ Hussein still.
    """
    if not key or not key.isupper():
        return key
    s = key.replace("Z", "S").replace("Q", "H")
    s = s[0] + s[1:].replace("H", "")
    if s[0] == "Y":
        s = "J" + s[1:]
    if len(s) > 2 and s[-1] in "AIU":
        s = s[:-1]
    out = s[0]
    for ch in s[1:]:
        if ch != out[-1]:
            out += ch
    if len(out) >= 4 and out[-1] == "S":
        out = out[:-1]
    return out


#: First elements of given names written joined or apart with the same meaning: Persian and
#: Afghan (Mohammadreza / Mohammad Reza, Gholamhossein, Alireza, Ahmadshah, Noormohammad),
#: Uzbek (Muhammadali, Muhammadsodiq) and Spanish (Mariajosé / María José, Juancarlos). Only
#: a head followed by a whole known second element splits, so family names built on a head
#: (Mohammadi, Alizadeh, Mohammadzai) and single names that only begin like one (Mariangel,
#: Jansen, Sherman, Alisher) stay whole.
# fmt: off
_COMPOUND_HEADS: Final = frozenset(
    {
        "mohammad", "muhammad", "mohamad", "muhamad", "mohammed", "muhammed", "mohamed",
        "muammad", "mouhammad", "muhemmad", "mohammd", "mukhammad", "mahammad",
        "ali", "gholam", "ghulam", "golam", "gulam", "amir", "mir", "noor", "nur", "nour",
        "gul", "dost", "jan", "sher", "shir", "wali", "ahmad", "ahmed",
        "maria", "jose", "juan", "luis", "ana",
    }
)
_COMPOUND_SECONDS: Final = frozenset(
    {
        # Persian, Dari, Pashto, Urdu
        "reza", "raza", "riza", "ali", "aly", "hossein", "hosein", "hussain", "husain", "hussein",
        "husayn", "hosain", "hasan", "hassan", "mahdi", "mehdi", "javad", "jawad", "amin",
        "taqi", "taghi", "naqi", "naghi", "sadegh", "sadeq", "sadiq", "karim", "rahim", "akbar",
        "asghar", "asqar", "ebrahim", "ibrahim", "esmaeil", "esmail", "ismail", "yousef",
        "yusuf", "yousuf", "qasem", "ghasem", "qasim", "kazem", "kazim", "baqer", "bagher",
        "baqir", "jafar", "jaafar", "hadi", "saleh", "nabi", "rasul", "rasool", "sakhi",
        "sarwar", "naser", "nasser", "nasir", "hamid", "hamed", "mohammad", "muhammad",
        "mohammed", "mohamad", "ahmad", "ahmed", "mahmoud", "mahmood", "mahmud", "omar", "umar",
        "osman", "usman", "aziz", "zaman", "zaher", "zahir", "nazar", "dawood", "dawud",
        "daoud", "younes", "yunus", "younus", "rafi", "shafi", "sharif", "haidar", "haider",
        "heydar", "haydar", "khalil", "jalil", "jamil", "qader", "ghader", "qadir", "nader",
        "nadir", "hakim", "majid", "rashid", "wahid", "farid", "fazel", "alam", "mostafa",
        "mustafa", "morteza", "murtaza", "mojtaba", "abbas", "shah", "muhamad", "muammad",
        "mouhammad", "muhemmad", "mukhammad",
        # Uzbek and Tajik spellings
        "solih", "sodiq", "qodir", "rizo", "ibrohim", "ismoil",
        # Spanish
        "jose", "carlos", "pablo", "luis", "fernanda", "fernando", "alejandra", "alejandro",
        "camila", "gabriela", "daniela", "angel", "eugenia", "elena", "isabel", "antonio",
        "manuel", "david", "miguel", "andres", "jesus", "maria",
    }
)
# fmt: on


#: Spanish family names with their particle written joined ("Delacruz", "Delossantos", as
#: systems that strip spaces print them): the particle goes, as it goes when written apart
#: (:func:`tokens`). Listed one by one: Delgado, Delfina and Delahunty are names of their own.
# fmt: off
_JOINED_PARTICLES: Final[dict[str, frozenset[str]]] = {
    "del": frozenset({
        "rio", "valle", "castillo", "toro", "pino", "carmen", "angel", "campo", "rosario",
        "real", "moral", "olmo", "prado", "pozo", "monte", "villar", "hierro", "barco",
    }),
    "dela": frozenset({
        "cruz", "rosa", "torre", "fuente", "paz", "vega", "garza", "cerda", "pena", "cueva",
        "parra", "serna", "mora", "hoz", "riva", "barrera", "calle", "luz", "puente", "osa",
    }),
    "delos": frozenset({"santos", "reyes", "rios", "angeles", "llanos", "cobos"}),
    "delas": frozenset({"casas", "heras", "nieves", "mercedes"}),
}
# fmt: on


@lru_cache(maxsize=1 << 16)
def compound_parts(token: str) -> tuple[str, ...]:
    """The names a joined compound is made of (``mohammadreza`` → ``mohammad``, ``reza``;
    ``mariajose`` → ``maria``, ``jose``; ``delacruz`` → ``cruz``), else ``(token,)``.

    One person is written "Mohammadreza" at one desk and "Mohammad Reza" at the next, or
    just "Mohammad": read as two names, the three share what they have in common. The head
    is one of its known spellings; the second element is known by its phonetic key too, so
    a respelled compound (Muhammadreezo, Muhammadsodik) splits like the one it respells:
    split on one side and whole on the other, two spellings of one name would share nothing.
    Takes a token from :func:`tokens`.
    """
    if len(token) < 6 or not token.isalpha() or not token.isascii():
        return (token,)
    for particle in ("delos", "delas", "dela", "del"):
        if token.startswith(particle) and token[len(particle) :] in _JOINED_PARTICLES[particle]:
            return (token[len(particle) :],)
    for cut in range(3, len(token) - 2):
        head, rest = token[:cut], token[cut:]
        if head in _COMPOUND_HEADS and (
            rest in _COMPOUND_SECONDS or (len(rest) >= 4 and _key_of(rest) in _second_keys())
        ):
            return head, rest
    if token[:2] in ("al", "el") and _is_arabic_name(token[2:]):
        # The article written joined (Alhassan, Elsayed, Elnour) goes, as it goes when written
        # apart (:func:`tokens`): "Al Hassan" and "Alhassan" are one name.
        return (token[2:],)
    return (token,)


def _key_of(word: str) -> str:
    keys = _token_keys(word, False)
    return keys[0] if keys else ""


#: Short names written with the article joined, known by their letters (their keys, two
#: consonants, are met by chance: Alzate is not al-Zaid); other short names after "al" or "el"
#: begin names of their own (Alissa, Elsara).
_SHORT_AFTER_ARTICLE: Final = frozenset(
    {"amin", "nour", "nur", "noor", "hadi", "said", "saad", "amir", "zaid", "sayed", "sayid"}
)
#: Titles, not names: Elkhan (Azerbaijani) is not Khan.
_TITLES: Final = frozenset({"khan", "shah", "gul", "jan", "mir", "sheikh", "abu", "abd"})


def _is_arabic_name(rest: str) -> bool:
    """Whether ``rest`` is one of the Arabic given names the transliterator knows, of five
    letters or more by its phonetic key (three consonants or more) and its first letter
    (Alcalde's "calde" keys as Khaled does, but is not written as any spelling of it), or a
    listed shorter one as written."""
    if rest in _SHORT_AFTER_ARTICLE:
        return True
    if rest in _TITLES or len(rest) < 5:
        return False
    key = _key_of(rest)
    return len(key) >= 3 and rest[0] in _arabic_name_keys().get(key, "")


@lru_cache(maxsize=1)
def _arabic_name_keys() -> dict[str, str]:
    """Phonetic key → the first letters of the known names with that key."""
    known = {v for v in _AR_NAMES.values() if len(v) >= 5 and v not in _TITLES}
    out: dict[str, str] = {}
    for name in known:
        key = _key_of(name)
        if len(key) >= 2 and name[0] not in out.get(key, ""):
            out[key] = out.get(key, "") + name[0]
    return out


@lru_cache(maxsize=1)
def _second_keys() -> frozenset[str]:
    """Phonetic keys of the second elements of four letters or more, of three letters or
    more themselves (shorter ones, such as Ali's or Shah's, are met by chance)."""
    keys = (_key_of(s) for s in _COMPOUND_SECONDS if len(s) >= 4)
    return frozenset(k for k in keys if len(k) >= 3)


# --------------------------------------------------------------------------------------------
# phonetic keys
# --------------------------------------------------------------------------------------------

#: Irregular spellings read as another spelling of the same name before keying.
# fmt: off
_ALIASES: Final[dict[str, str]] = {
    # Mahmud, whose Somali and Djiboutian spellings put a vowel after the h
    "mohamud": "mahmoud", "mohamoud": "mahmoud", "maxamuud": "mahmoud", "mahamoud": "mahmoud",
    "mahamud": "mahmoud", "maxamud": "mahmoud",
    # Muhammad, Turkish and abbreviated
    "mehmet": "mohammed", "mehmed": "mohammed", "md": "mohammed", "mohd": "mohammed",
    "mhd": "mohammed", "muhd": "mohammed", "mohmmad": "mohammed", "mohmmd": "mohammed",
    "hussen": "hussein", "husen": "hussein", "xusen": "hussein",
    "maryan": "maryam", "mariyan": "maryam",
    "isaac": "ishaq", "isaak": "ishaq", "ishak": "ishaq",
    "ayesha": "aisha", "ayisha": "aisha", "aeysha": "aisha",
    "hadiza": "khadija", "hadiiza": "khadija",
    "ismael": "ismail", "ismayil": "ismail", "ismaeel": "ismail", "esmaeil": "ismail",
    "ismaaciil": "ismail",
    "daoud": "dawud", "daud": "dawud", "dawood": "dawud", "dauod": "dawud",
    "jn": "jean",
    # Arabic names as Turkish writes them (c = j, h = kh, ş = sh, final d and b unvoiced): a
    # Syrian or an Afghan registered in Türkiye under "Cemal Halil" is Jamal Khalil in Greece.
    "cemal": "jamal", "celal": "jalal", "cemil": "jamil", "cemile": "jamila", "cafer": "jafar",
    "cevdet": "jawdat", "cuma": "juma", "recep": "rajab", "necip": "najib", "mecit": "majid",
    "mecid": "majid", "mucahit": "mujahid", "hatice": "khadija", "halil": "khalil",
    "halit": "khalid", "halide": "khalida", "hatip": "khatib", "hayri": "khairi",
    "hacer": "hajar", "haci": "haji", "huseyin": "hussein", "ayse": "aisha", "zeynep": "zaynab",
    "emine": "amina", "yakup": "yaqub", "eyup": "ayyub", "serif": "sharif", "serife": "sharifa",
    "sukru": "shukri", "sevki": "shawki", "cevat": "jawad", "cevad": "jawad", "celil": "jalil",
    "enver": "anwar",
    # ق written gh as Persian says it (Iran, and Afghans registered there): Ghasem = Qasem,
    # Sadeghi = Sadeqi. Not a rule: gh is also غ, the same in Ghulam and Gulam.
    "ghasem": "qasem", "ghasemi": "qasemi", "sadegh": "sadeq", "sadeghi": "sadeqi",
    "bagher": "baqer", "bagheri": "baqeri", "taghi": "taqi", "taghavi": "taqavi",
    "naghi": "naqi", "ghader": "qader", "ghaderi": "qaderi", "ghorban": "qurban",
    "ghorbani": "qurbani", "ghodrat": "qudrat", "tofigh": "tawfiq", "tofighi": "tawfiqi",
    "rafigh": "rafiq", "shafigh": "shafiq", "eshagh": "ishaq", "eshaghi": "ishaqi",
    "yaghoub": "yaqub", "yaghoubi": "yaqubi", "roghayeh": "ruqaya", "roghieh": "ruqaya",
    "haghighi": "haqiqi", "sedigh": "siddiq", "sedigheh": "siddiqa", "mottaghi": "muttaqi",
    "ghorbanali": "qurbanali", "ghasemali": "qasemali",
    # ḍ said z in Persian, Dari and Turkish: Ramazan, Ramzan = Ramadan.
    "ramazan": "ramadan", "ramzan": "ramadan", "ramezan": "ramadan",
    # ذ ض ظ, which Arabic says d or dh (Iraq's Kadhim, Hafidh; Rida, Ridwan) and Persian,
    # Dari, Urdu and Turkish z (Kazim, Hafiz, Reza, Rizwan): read as z, name by name, since
    # z is also ز (Zaid is not Daid) and d is also د (Nadir is not Nazir).
    "kadhim": "kazim", "kadhem": "kazem", "kathim": "kazim", "hafidh": "hafiz",
    "hafedh": "hafez", "nadhir": "nazir", "nadheer": "nazir", "nadhim": "nazim",
    "nadhem": "nazem", "adhim": "azim", "dhahir": "zahir", "dhaher": "zaher", "rida": "reza",
    "ridha": "reza", "redha": "reza", "reda": "reza", "ridwan": "rizwan", "radwan": "rizwan",
    "redwan": "rizwan", "ridouane": "rizwan", "redouane": "rizwan", "riad": "riaz",
    "riyad": "riaz", "riyadh": "riaz", "fadl": "fazl", "fadel": "fazel", "fadil": "fazil",
    "murtada": "murtaza", "mortada": "murtaza", "qadi": "qazi", "dhiya": "zia",
    "diaa": "zia", "dhulfiqar": "zulfiqar", "dhikra": "zikra",
    # The Maghreb's French spellings that the rules below do not reach.
    "meriem": "maryam", "mariem": "maryam", "otmane": "othman", "otman": "othman",
    "anouar": "anwar", "bouchra": "bushra", "brahim": "ibrahim", "driss": "idris",
    # Egyptian spellings, where ج is said g: Gamal = Jamal, Ragab = Rajab.
    "gamal": "jamal", "gamil": "jamil", "gamila": "jamila", "ragab": "rajab", "hagar": "hajar",
    "naguib": "najib", "nagib": "najib", "nagy": "naji", "nagi": "naji", "magdy": "majdi",
    "magdi": "majdi", "hegazy": "hijazi", "hegazi": "hijazi", "gomaa": "juma", "gomma": "juma",
    "negm": "najm", "gaber": "jabir", "nagwa": "najwa", "gehad": "jihad", "gihad": "jihad",
    "mahgoub": "mahjoub", "amgad": "amjad", "maged": "majid", "magued": "majid", "magid": "majid",
    # Through Russian, where х stands for ḥ and h, and г for h (Caucasus, Central Asia).
    "mukhammad": "muhammad", "mukhammed": "muhammad", "mukhamed": "muhammad",
    "magomed": "muhammad", "magomet": "muhammad", "akhmad": "ahmad", "akhmed": "ahmad",
    "akhmet": "ahmad", "makhmud": "mahmoud", "rakhim": "rahim", "rakhman": "rahman",
    "rakhmon": "rahman", "rakhmat": "rahmat", "khasan": "hasan", "gasan": "hasan",
    "khusein": "hussein", "khuseyn": "hussein", "khusain": "hussein", "gusein": "hussein",
    "guseyn": "hussein", "ibragim": "ibrahim", "khamid": "hamid", "khakim": "hakim",
    "khabib": "habib", "khalim": "halim", "khamza": "hamza", "khafiz": "hafiz",
    "kharun": "harun", "khadzhi": "haji",
    # Michael said with a k, as Spanish and Italian desks write it back (Maikel, Maicol).
    "michael": "mikael", "micheal": "mikael", "michaela": "mikaela",
    # Spanish names in their older spelling, where x is said j; and English names written
    # as Venezuela says them, ny for the English j (Anyelo = Angelo).
    "xavier": "javier", "ximena": "jimena", "anyelo": "angelo", "anyela": "angela",
    "anyeli": "angeli", "anyelina": "angelina", "anyelica": "angelica", "anyelis": "angelis",
    # Tigrinya and Amharic write no vowel after the h of Abraham.
    "abrham": "abraham", "abreham": "abraham",
    # Slavic names in German and Czech letters: Nikolaj = Nikolai (-ej and -ij: see _prepare).
    "nikolaj": "nikolai",
    # Ukrainian names in a Ukrainian passport's letters (г is h) and their Russian forms, the
    # forms Cyrillic script gives (Ольга = olga): one person registered from the passport at
    # one desk and by what they said at the next. Ukrainian -ія (Mariia): see _prepare.
    "olha": "olga", "oleh": "oleg", "ihor": "igor", "bohdan": "bogdan", "halyna": "galina",
    "hennadii": "gennadii", "hennadiy": "gennadii", "hryhorii": "grigorii",
    "hryhoriy": "grigorii", "heorhii": "georgii", "heorhiy": "georgii", "serhii": "sergei",
    "serhiy": "sergei", "serhij": "sergei", "oleksandr": "aleksandr", "oleksander": "aleksandr",
    "oleksandra": "aleksandra", "oleksii": "aleksei", "oleksiy": "aleksei", "oleksij": "aleksei",
    "mykola": "nikolai", "mykhailo": "mikhail", "mykhaylo": "mikhail", "dmytro": "dmitrii",
    "petro": "petr", "pavlo": "pavel", "vasyl": "vasilii", "yevhen": "evgenii",
    "yevgen": "evgenii", "ievgen": "evgenii", "ievhen": "evgenii", "yevheniia": "evgeniya",
    "yevheniya": "evgeniya", "olena": "elena", "fedir": "fedor", "hlib": "gleb",
    # Russian е at the start written ye, and ё written yo, where Cyrillic script (and the
    # Russian passport) gives e: Yelena = Elena, Pyotr = Petr. Names, not rules: a Kenyan
    # Yegon or Musyoka and a Persian Yeganeh write their y.
    "yelena": "elena", "yelizaveta": "elizaveta", "yegor": "egor", "yekaterina": "ekaterina",
    "yevgeny": "evgenii", "yevgeniy": "evgenii", "yevgenii": "evgenii", "yevgeni": "evgenii",
    "yevgenia": "evgeniya", "yevgeniya": "evgeniya", "yefim": "efim", "yeva": "eva",
    "pyotr": "petr", "fyodor": "fedor", "semyon": "semen", "artyom": "artem",
    "alyona": "alena", "solovyov": "solovev", "gorbachyov": "gorbachev",
    "korolyov": "korolev", "kiselyov": "kiselev", "zhuravlyov": "zhuravlev",
    # The Maghreb's French spellings of Husayn and al-Hasan, and Aïssa for ʿĪsā.
    "hocine": "hussein", "houcine": "hussein", "hocein": "hussein", "houssine": "hussein",
    "lhoucine": "hussein", "lhoussaine": "hussein", "lahoucine": "hussein", "lahcen": "hassan",
    "lahsen": "hassan", "lahssen": "hassan", "aissa": "isa",
}

#: Short forms people give as their name where no document is asked for (Paco for Francisco,
#: Bill for William, Seryozha for Sergei), read as the full name. Only forms of one name each
#: that are not written on documents as names of their own somewhere in the field (a token is
#: read the same in every name field and for every person): Beto (Alberto or Roberto), Nando,
#: Chris, Alex, Frank and Jerry stand for several names; Johnny, Jhonny, Yenny, Fredy, Tom,
#: Tommy, Harry, Jack, Danny, Tony, Betty, Jenny, Lola, Natasha, Tanya and Sasha's French and
#: German spellings are given names on documents in Latin America, Africa and Europe (the
#: project's generator holds 4,949 Jhonnys, Faker's lists Tom beside Thomas); Dima is an
#: Arabic woman's name, Vania and Vanya a Chilean and an Indian woman's, Katia, Tania and Lena
#: names of their own; Pepe, Santi, Will, Matt, Kenny, Sammy, Masha and Pasha are family names
#: in Italy, Britain, Kenya, Türkiye and South Asia; Ira and Ben (also Arabic's "son of").
_SHORT_FORMS: Final[dict[str, str]] = {
    # Spanish: Mexico, Central America, the Andes, the Caribbean.
    "chepe": "jose", "paco": "francisco", "pancho": "francisco", "curro": "francisco",
    "lupe": "guadalupe", "chucho": "jesus", "chuy": "jesus", "nacho": "ignacio",
    "memo": "guillermo", "lalo": "eduardo", "kike": "enrique", "quique": "enrique",
    "tono": "antonio", "rafa": "rafael", "charo": "rosario", "loli": "dolores",
    "chelo": "consuelo", "pili": "pilar", "meche": "mercedes", "goyo": "gregorio",
    "moncho": "ramon", "chayo": "rosario",
    # English: anglophone Africa and the Caribbean.
    "bill": "william", "bob": "robert", "rob": "robert", "rick": "richard", "dick": "richard",
    "jim": "james", "mike": "michael", "mikey": "michael", "dave": "david", "joe": "joseph",
    "ted": "edward", "ned": "edward", "hank": "henry", "fred": "frederick", "chuck": "charles",
    "pete": "peter", "wally": "walter", "walt": "walter", "artie": "arthur",
    "herbie": "herbert", "ernie": "ernest", "steve": "stephen", "paddy": "patrick",
    "gerry": "gerald", "doug": "douglas", "greg": "gregory", "peggy": "margaret",
    "bess": "elizabeth", "bessie": "elizabeth", "trish": "patricia", "ginny": "virginia",
    # Russian and Ukrainian diminutives, as people from Ukraine and the Caucasus give them.
    "sasha": "aleksandr", "misha": "mikhail", "kolia": "nikolai", "kolya": "nikolai",
    "volodia": "vladimir", "volodya": "vladimir", "vova": "vladimir", "seriozha": "sergei",
    "seryozha": "sergei", "serezha": "sergei", "aliosha": "aleksei", "alyosha": "aleksei",
    "lyosha": "aleksei", "petya": "petr", "yura": "yurii", "katya": "ekaterina",
    "nastia": "anastasia", "nastya": "anastasia", "sveta": "svetlana", "liuda": "liudmila",
    "lyuda": "liudmila", "dasha": "daria", "olya": "olga", "galya": "galina",
}
# fmt: on

#: Every token read as another before keying: a short form's full name is read through the
#: aliases too (Mike = Michael = Mikael).
_READ_AS: Final[dict[str, str]] = {
    **_ALIASES,
    **{short: _ALIASES.get(full, full) for short, full in _SHORT_FORMS.items()},
}


def short_form_of(word: str) -> str | None:
    """The name a short form stands for, as the key reads it (``"Paco"`` → ``"francisco"``),
    or ``None`` for a word that is no listed short form (see ``_SHORT_FORMS``)."""
    found = [_SHORT_FORMS[t] for t in tokens(word) if t in _SHORT_FORMS]
    return found[0] if len(found) == 1 else None


_SOMALI_C_START: Final = re.compile(r"^c(?:abd|ali$|umar|usm|ism|ilm|aw)")
#: Ukrainian -ія written -iia in passports since 2010 (Mariia, Nataliia, Yuliia): -ia.
_IIA: Final = re.compile(r"(?<=[b-df-hj-np-tv-z])iia")
_C_AYN: Final = re.compile(r"c(?!h)")
#: French ou for w between vowels (Jaouad = Jawad, Naoual = Nawal, Alaoui = Alawi) and in the
#: Maghreb's -ouane after a consonant (Marouane = Marwan, Redouane = Ridwan); Fouad, Souad
#: and Mouad keep their u (a hamza or an ʿayn follows it), as do Bouazza's Abu and Edouard.
_OU_AS_W: Final = re.compile(r"(?<=[aeiy])ou(?=[aei])|(?<=.[b-df-hj-np-tv-z])ou(?=an)")
#: Where Somali writes x (ḥ): at the start, before a consonant, between two a's. After a
#: consonant no language writes x but by a slip of the keyboard: read as h too, nearly silent
#: in the key, as it always was.
_X_AS_H: Final = re.compile(r"^x(?=[aeiou])|x(?=[^aeiou])|(?<=a)x(?=a)|(?<=[b-df-hj-np-tv-z])x")
#: Letter groups folded into one consonant class (uppercase); single letters go by _SINGLES.
# fmt: off
_DIGRAPHS: Final[dict[str, str]] = {
    "sch": "C", "tch": "C", "dzh": "J", "chr": "KR", "ch": "C", "sh": "C", "zh": "J", "kh": "K",
    "gh": "G", "ph": "F", "bh": "B", "jh": "J", "dj": "J", "dh": "D", "thm": "SM", "th": "D",
    "ck": "K", "ce": "Se", "ci": "Si", "cy": "Sy",
}
_FOLD_RE: Final = re.compile(
    "|".join(sorted(_DIGRAPHS, key=lambda k: (-len(k), k)))
    + "|(?<=[b-df-hj-np-tv-z])[ie](?=[aou])"
)
_SINGLES: Final = str.maketrans(
    {"c": "K", "q": "K", "k": "K", "x": "KS", "b": "B", "d": "D", "t": "D", "f": "F",
     "g": "G", "j": "J", "l": "L", "m": "M", "n": "N", "p": "P", "r": "R", "s": "S", "v": "W",
     "z": "Z"}
)
# fmt: on
_DOUBLES: Final = re.compile(r"([A-Zh])\1+")
_FINAL_H: Final = re.compile(r"(?<=[aeiouyw])h+$")
_FINAL_E: Final = re.compile(r"(?<=[A-Zyw])e$")
_NON_ALPHA: Final = re.compile(r"[^a-z]+")
_VOWEL_CHARS: Final = frozenset("aeiou")
_SEMIVOWEL_Y: Final = re.compile(r"y(?=[aeiou])")
_SEMIVOWEL_W: Final = re.compile(r"w(?=[aeiou])")
_AS_VOWELS: Final = str.maketrans({"y": "i", "w": "u"})
#: h closing a syllable (Ahmed, Mahmoud), or before the last short vowel (Fahad = Fahd).
_H_CLOSING: Final = re.compile(r"(?<=[aeiou])h(?=[A-Zh]|[aeiou][A-Z]$)")
_H_CLUSTER: Final = re.compile(r"(?<=[A-Z])h(?=[A-Zh])")
_DROP_VOWELS: Final = str.maketrans("", "", "aeiou")


def _fold_lower(m: re.Match[str]) -> str:
    return _DIGRAPHS.get(m.group(), "y")


def _first_char(m: re.Match[str]) -> str:
    return m.group()[0]


def _prepare(token: str) -> tuple[str, bool]:
    """Fold a token into consonant classes (uppercase) and vowels ``aeiou`` (y/w resolved).

    Returns the folded string and whether the token reads as Somali (x = ḥ, c = ʿayn).
    """
    t = token if token.isalpha() and token.isascii() else _NON_ALPHA.sub("", token)
    t = _READ_AS.get(t, t)
    if not t:
        return "", False
    if "iia" in t:
        t = _IIA.sub("ia", t)
    # An x reads Somali (x = ḥ: Maxamed, Axmed, Xasan) where Somali puts it; elsewhere it is
    # ks (Alexander = Aleksandr, Maxim = Maksim, Félix).
    somali = "aa" in t or "ii" in t or "uu" in t or ("x" in t and bool(_X_AS_H.search(t)))
    if t[0] == "c" and not somali:
        somali = bool(_SOMALI_C_START.match(t))
    if len(t) > 4 and t[-1] == "j" and t[-2] in "ei":  # Sergej = Sergey, Valerij = Valeriy
        t = t[:-1] + "y"
    elif len(t) > 5 and t[-2:] == "eh" and t[-3] != "e":
        # Persian and Levantine -eh for ـه and ة is Arabic -a: Fatemeh = Fatima, Zohreh =
        # Zohra, Alizadeh = Alizada, Salameh = Salama. Shorter, -eh is ح (Saleh = Salih).
        t = t[:-2] + "a"
    if t.startswith("dia"):  # Diallo = Jallow, Diarra = Jarra
        t = "ja" + t[3:]
    elif t.startswith("ou") and len(t) > 2 and t[2] in "aeiy":  # Oualid = Walid
        t = "w" + t[2:]
    if "ou" in t:
        t = _OU_AS_W.sub("w", t)
    if somali:
        if "c" in t:
            t = _C_AYN.sub("", t)
        t = t.replace("x", "h")
    elif "x" in t:
        t = _X_AS_H.sub("h", t)
    # Letter groups, and i/e gliding into a vowel after a consonant (Mariam = Maryam).
    t = _FOLD_RE.sub(_fold_lower, t).translate(_SINGLES)
    t = _DOUBLES.sub(_first_char, t)
    if t[-1] == "h":
        t = _FINAL_H.sub("", t)
    if len(t) > 3 and t[-1] == "e":
        # Somali -e answers Arabic -a (Muuse = Musa, Ciise = Isa); elsewhere a final e is mute.
        t = _FINAL_E.sub("a" if somali else "", t)
    # y and w before a vowel are consonants; elsewhere they are vowels (Husayn, Jallow).
    if "y" in t:
        t = _SEMIVOWEL_Y.sub("Y", t)
    if "w" in t:
        t = _SEMIVOWEL_W.sub("W", t)
    return t.translate(_AS_VOWELS), somali


def _final_vowel(group: str, somali: bool, final_y_as_a: bool) -> str:
    """Marker of a token's final vowel: ``A`` (a), ``I`` (i, e, y, ay...), ``U`` (o, u, ow...).

    Somali feminine -o answers Arabic -a (Faadumo = Fatima); a Persian final ی is read both ways.
    """
    last = group[-1]
    if last == "a" or (final_y_as_a and last == "i"):
        return "A"
    if last in "ie":
        return "I"
    return "A" if somali and last == "o" else "U"


def _initial_vowel(group: str) -> str:
    """Marker of a token's initial vowel: ``A`` (fatha: a), ``E`` (kasra: e, i), ``O`` (o, u)."""
    first = group[0]
    if first == "a":
        return "A"
    return "O" if first in "ou" else "E"


def _skeleton(
    t: str,
    somali: bool,
    abjad_h: bool = False,
    abjad_i: bool = False,
    initial: str = "",
    final_a: bool = False,
) -> str:
    """The key of a prepared token: consonant classes plus the vowel markers."""
    if "h" in t:
        t = _H_CLOSING.sub("Q", t)
        if abjad_h:
            t = _H_CLUSTER.sub("Q", t)
        t = t.replace("h", "H")
    lead = trail = ""
    if t[0] in _VOWEL_CHARS:
        body = t.lstrip("aeiou")
        lead = initial or _initial_vowel(t)
        if not body:
            return lead
        t = body
    if t[-1] in _VOWEL_CHARS:
        body = t.rstrip("aeiou")
        trail = _final_vowel(t[len(body) :], somali, final_a)
        t = body
    # A diphthong before the last consonant, past the first syllable: Hussein ≠ Hassan.
    before = t[:-1].rstrip("aeiou")
    group = t[len(before) : -1]
    if (
        group
        and (
            (len(group) >= 2 and group != "ii" and "i" in group)
            or (somali and group == "ee")
            or (abjad_i and group == "i")
        )
        and len(before.translate(_DROP_VOWELS)) >= 2
    ):
        t = before + "I" + t[-1]
    key = lead + t.translate(_DROP_VOWELS) + trail
    return _DOUBLES.sub(_first_char, key) if abjad_h or abjad_i else key


@lru_cache(maxsize=1 << 17)
def _token_keys(token: str, abjad: bool) -> tuple[str, ...]:
    t, somali = _prepare(token)
    if not t:
        return ()
    key = _skeleton(t, somali)
    if not abjad:
        return (key,) if len(key) >= 2 else ()
    keys = [key]
    # An alef or ʿayn that opens the word may carry any of the three short vowels; a final ی
    # is Persian for ى (Mustafa) as well as a final i (Ahmadi).
    initials = ("A", "E", "O") if t[0] in _VOWEL_CHARS else ("",)
    finals = (False, True) if t[-1] == "i" else (False,)
    for initial in initials:
        for final_a in finals:
            for abjad_h in (False, True):
                for abjad_i in (False, True):
                    key = _skeleton(t, somali, abjad_h, abjad_i, initial, final_a)
                    if key not in keys:
                        keys.append(key)
    return tuple(k for k in keys if len(k) >= 2)


def phonetic_keys(token: str) -> tuple[str, ...]:
    """All phonetic keys of a name token (several for an unvocalised Arabic-script word)."""
    out: list[str] = []
    for word, abjad in _analyse(token):
        for key in _token_keys(word, abjad):
            if key not in out:
                out.append(key)
    return tuple(out)


def phonetic_key(token: str) -> str:
    """The phonetic key of one name token: equal for common transliteration variants.

    ``phonetic_key("Mohammed") == phonetic_key("Maxamed") == "MHMD"``, ``"Mahmoud"`` → ``MQMD``,
    ``"Tesfaye"`` → ``DSFA`` like ``"Tesfay"``. Uppercase, so never equal to a plain token. An
    input that is several tokens gives their keys separated by spaces; an input with no key
    (a single vowel, punctuation) gives ``""``.
    """
    return " ".join(
        keys[0] for word, abjad in _analyse(token) if (keys := _token_keys(word, abjad))
    )


# --------------------------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 17)
def _part_keys(part: str) -> tuple[tuple[str, ...], bool]:
    """Keys of one name part, and whether it ends with a bare ``abd``/``abu`` to join."""
    analysed = _analyse(part)
    keys: list[str] = []
    for word, abjad in analysed:
        if len(word) >= 2:
            keys.append(word)
            keys.extend(_token_keys(word, abjad))
            # Mohammadreza is also found as "Mohammad Reza" (the joined form stays a key:
            # a search for it as written still finds it).
            pieces = compound_parts(word)
            if pieces != (word,):
                for piece in pieces:
                    keys.append(piece)
                    keys.extend(_token_keys(piece, abjad))
    dangling = bool(analysed) and analysed[-1][0] in ("abd", "abu")
    return tuple(keys), dangling


def search_keys(*parts: str | None) -> list[str]:
    """The sorted, deduplicated keys to index for a person, from all their name parts.

    Give every part (given, family, father's name, native-script name, aliases...) in any order;
    empty and ``None`` parts are skipped. Each token of at least 2 characters gives its plain
    token and its phonetic key(s). A part ending in a bare ``Abdul``/``Abu`` is also read joined
    to the next part.
    """
    keys: set[str] = set()
    present = [p for p in parts if p]
    for idx, part in enumerate(present):
        part_keys, dangling = _part_keys(part)
        keys.update(part_keys)
        if dangling and idx + 1 < len(present):
            keys.update(_part_keys(part + " " + present[idx + 1])[0])
    return sorted(keys)


def query_key_groups(text: str) -> list[tuple[str, ...]]:
    """Keys of a search string, one group per token, in order: the plain token first.

    A person matches a token when they have any key of its group; the search matches people
    who match every group. Only the plain token (lowercase) is meant for prefix matching.
    """
    groups: list[tuple[str, ...]] = []
    for word, abjad in _analyse(text):
        if len(word) >= 2:
            whole = (word, *_token_keys(word, abjad))
            pieces = compound_parts(word)
            # A joined compound matches as written, or as its two names both present: one
            # group per name, each also met by the joined form (J or A, and J or B).
            for group in (
                [whole]
                if pieces == (word,)
                else [(*whole, piece, *_token_keys(piece, abjad)) for piece in pieces]
            ):
                if group not in groups:
                    groups.append(group)
    return groups


def query_keys(text: str) -> list[str]:
    """Keys of a search string: each token's plain token then phonetic key(s), deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for group in query_key_groups(text):
        for key in group:
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


# --------------------------------------------------------------------------------------------
# display
# --------------------------------------------------------------------------------------------

_LATIN_SCRIPT_WORD: Final = re.compile(r"^[\u0000-\u024f\u1e00-\u1eff\u2019\u02bc]+$")
_SEGMENT: Final = re.compile(r"[^\W\d_]+")
_LOWER_PARTICLES: Final = _ARTICLES | PARTICLES | _AFTER_DE | {"ad", "ud", "ed", "ar", "as", "ash"}


def _title(word: str, first: bool) -> str:
    if word != word.lower() and word != word.upper():
        return word  # deliberate mixed case: McDonald, DiCaprio
    lowered = word.lower()
    seen = [first]

    def cap(m: re.Match[str]) -> str:
        seg = m.group()
        is_first = seen[0]
        seen[0] = False
        if not is_first and seg in _LOWER_PARTICLES:
            return seg
        return seg[:1].upper() + seg[1:]

    return _SEGMENT.sub(cap, lowered)


def _iter_display_words(parts: Iterable[str | None]) -> Iterable[str]:
    for part in parts:
        if not part:
            continue
        for raw in part.split():
            if _LATIN_SCRIPT_WORD.match(raw):
                yield raw
            else:
                yield from to_latin(raw).split()


def display_latin(*parts: str | None) -> str:
    """A readable Latin rendering of a full name, title case, for display beside the original.

    Latin-script parts keep their spelling and diacritics (``José de la Cruz``); other scripts
    are transliterated (common Arabic-script names by their conventional spelling). Particles
    stay, in lowercase unless they open the name.
    """
    words = [word for part in parts if part for word in _display_words(part)]
    return " ".join(_display_title(word, i == 0) for i, word in enumerate(words))


# Bulk loads render a million names built from a few thousand distinct parts: cache per part.
@lru_cache(maxsize=1 << 16)
def _display_words(part: str) -> tuple[str, ...]:
    return tuple(_iter_display_words((part,)))


@lru_cache(maxsize=1 << 16)
def _display_title(word: str, first: bool) -> str:
    return _title(word, first)
