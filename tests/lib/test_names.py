"""Names: normalisation, transliteration, tokens and the search keys built on them."""

from __future__ import annotations

import time

import pytest

from mixflow.lib.names import (
    compound_parts,
    display_latin,
    normalise,
    phonetic_key,
    phonetic_keys,
    query_key_groups,
    query_keys,
    search_keys,
    to_latin,
    tokens,
)


def same_person_key(a: str, b: str) -> bool:
    """Whether two spellings meet in the index: they share a phonetic key."""
    return bool(set(phonetic_keys(a)) & set(phonetic_keys(b)))


# --------------------------------------------------------------------------------------------
# normalise
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("José", "jose"),
        ("  MÜLLER   Öztürk ", "muller ozturk"),
        ("Núñez", "nunez"),
        ("François Gonçalves", "francois goncalves"),
        ("İbrahim Işık", "ibrahim isik"),
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("Søren Łukasz Ærø", "soren lukasz aero"),
        ("Straße", "strasse"),
        ("Aïcha", "aicha"),
        ("Abd-al-Rahman", "abd al rahman"),
        ("O'Neil", "oneil"),
        ("N\u2019Diaye", "ndiaye"),
        ("ʿAbd al-ʿAziz", "abd al aziz"),
        ("Md. Rahim", "md rahim"),
        ("Jean-Baptiste\tPierre\n", "jean baptiste pierre"),
        ("ＭＯＨＡＭＥＤ", "mohamed"),  # full-width, folded by NFKC
        ("", ""),
        (" - . ", ""),
    ],
)
def test_normalise_folds_case_accents_and_punctuation(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_keeps_the_script_but_drops_arabic_vowel_marks() -> None:
    assert normalise("مُحَمَّد") == normalise("محمد") == "محمد"
    assert normalise("أحمد") == normalise("احمد")  # hamza seats folded
    assert normalise("ተስፋይ") == "ተስፋይ"
    assert normalise("মোহাম্মদ") == "মোহাম্মদ"  # Bengali vowel signs are letters, not accents


# --------------------------------------------------------------------------------------------
# to_latin
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mohammed", "mohammed"),
        ("محمد", "mohammed"),  # common names: the conventional spelling
        ("عبد الرحمن", "abd al rahman"),
        ("حسين", "hussein"),
        ("عائشة", "aisha"),
        ("حسینی", "hsyny"),  # others: letter by letter, Persian yeh included
        ("پښتو", "pshtw"),  # Pashto letters
        ("ተስፋይ", "tesfay"),
        ("ሃይለ", "hayle"),
        ("ጸጋይ", "tsegay"),
        ("মোহাম্মদ", "mohammad"),  # Bengali inherent vowel restored
        ("রহমান", "rahman"),
        ("আলম", "alam"),
        ("ফাতেমা", "fatema"),
        ("အောင်ဆန်းစုကြည်", "aung san su kyi"),  # Burmese by syllable
        ("မောင်", "maung"),
        ("ကျော်ဝင်း", "kyaw win"),
        ("Юсуф", "yusuf"),
        ("Αλέξανδρος", "alexandros"),
        ("张伟", "zhang wei"),
        ("José María", "jose maria"),
    ],
)
def test_to_latin_transliterates_names(raw: str, expected: str) -> None:
    assert to_latin(raw) == expected


def test_to_latin_gives_plain_lowercase_ascii() -> None:
    for raw in ["ʿAbd al-ʿAziz", "ኣብርሃም", "Ñandú", "Mika'el", "ዓወተ", "Mïchäel-Ängel"]:
        out = to_latin(raw)
        assert out.isascii()
        assert out == out.lower()
        assert all(c.isalnum() or c == " " for c in out)


# --------------------------------------------------------------------------------------------
# tokens
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "Abdel Rahman",
        "Abd al-Rahman",
        "Abdulrahman",
        "Abdurahman",
        "Abd-el-Rahman",
        "Abdul Rahman",
        "Abdur Rahman",
        "Abdurrahman",
        "Abdirahman",
        "ABD EL RAHMAN",
    ],
)
def test_abd_compounds_give_one_token(spelling: str) -> None:
    assert tokens(spelling) == ["abdulrahman"]


@pytest.mark.parametrize(
    "spelling",
    [
        "Abdullah",
        "Abdallah",
        "Abdullahi",
        "Abdulahi",
        "Abdoulaye",
        "Abd Allah",
        "Abdella",
        "Cabdullahi",
        "Abdalla",
    ],
)
def test_the_abdullah_family_gives_one_token(spelling: str) -> None:
    assert tokens(spelling) == ["abdullah"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mohamed ould Abdel Aziz", ["mohamed", "abdulaziz"]),
        ("Ali bin Hassan al-Shami", ["ali", "hassan", "shami"]),
        ("Omar ibn al-Khattab", ["omar", "khattab"]),
        ("Salah ad-Din", ["salahdin"]),
        ("Salahuddin", ["salahdin"]),
        ("Noureddine", ["nourdin"]),
        ("Nour Eddine", ["nourdin"]),
        ("Nur al-Din", ["nurdin"]),
        ("Habib Ullah", ["habibullah"]),
        ("Habibollah Rahmatullah", ["habibullah", "rahmatullah"]),
        ("as-Sayed Ali", ["sayed", "ali"]),
        ("ash-Shami", ["shami"]),
        ("Abu Bakr", ["abubakr"]),
        ("Tesfa Mariam", ["tesfamariam"]),
        ("Haile Selassie", ["haileselassie"]),
        ("Haile Gebreselassie", ["haile", "gebreselassie"]),  # a father's name stays apart
        ("José de la Cruz", ["jose", "cruz"]),
        ("Ludwig van der Berg", ["ludwig", "berg"]),
        ("Maria dos Santos", ["maria", "santos"]),
        ("O'Neil", ["oneil"]),
        ("N'Diaye", ["ndiaye"]),
        ("Wang Bin", ["wang", "bin"]),  # a particle at the end is a name
        ("Ben", ["ben"]),  # a name made of particles only is kept
        ("el", ["el"]),
        ("", []),
        ("محمد عبد الرحمن", ["mohammed", "abdulrahman"]),
    ],
)
def test_tokens(raw: str, expected: list[str]) -> None:
    assert tokens(raw) == expected


def test_tokens_are_normalised_latin() -> None:
    for raw in ["Nguyễn Văn Đức", "Мухаммед Юсуф", "ተስፋይ ሃይለ", "İbrahim Öztürk"]:
        for token in tokens(raw):
            assert token.isascii()
            assert token.isalnum()
            assert token == token.lower()


# --------------------------------------------------------------------------------------------
# phonetic keys: table of spellings that must meet and names that must not
# --------------------------------------------------------------------------------------------

EQUAL_PAIRS: list[tuple[str, str]] = [
    # Muhammad
    ("Mohammed", "Muhammad"),
    ("Mohammed", "Mohamed"),
    ("Mohammed", "Mohamad"),
    ("Mohammed", "Mohammad"),
    ("Mohammed", "Muhammed"),
    ("Mohammed", "Maxamed"),
    ("Mohammed", "Mouhamed"),
    ("Mohammed", "Mahamat"),
    ("Mohammed", "Mehmet"),
    ("Mohammed", "Md"),
    ("Mohammed", "محمد"),
    ("Mohammed", "মোহাম্মদ"),
    # Mahmud
    ("Mahmoud", "Mahmud"),
    ("Mahmoud", "Mahmood"),
    ("Mahmoud", "Mehmood"),
    ("Mahmoud", "Mohamud"),
    ("Mahmoud", "Maxamuud"),
    ("Mahmoud", "محمود"),
    # Ahmad, Hamid
    ("Ahmed", "Ahmad"),
    ("Ahmed", "Axmed"),
    ("Ahmed", "Ahmet"),
    ("Ahmed", "أحمد"),
    ("Hamid", "Hamed"),
    ("Hamid", "Hameed"),
    ("Hamid", "حامد"),
    # Eritrea and Ethiopia
    ("Tesfay", "Tesfaye"),
    ("Tesfay", "ተስፋይ"),
    ("Haile", "Hayle"),
    ("Haile", "ኃይሌ"),
    ("Kidane", "Kidan"),
    ("Kidane", "ኪዳነ"),
    ("Gebre", "Ghebre"),
    ("Gebre", "Gabre"),
    ("Tesfamariam", "Tesfa Mariam"),
    ("Tsegay", "Tsegaye"),
    ("Fitwi", "ፍትዊ"),
    ("Girmay", "Girmaye"),
    ("Dawit", "Davit"),
    # Yusuf
    ("Yusuf", "Youssef"),
    ("Yusuf", "Yousef"),
    ("Yusuf", "Yousif"),
    ("Yusuf", "Youssouf"),
    ("Yusuf", "Yosef"),
    ("Yusuf", "يوسف"),
    ("Yusuf", "Юсуф"),
    # Husayn, Hasan
    ("Hussein", "Husayn"),
    ("Hussein", "Hussain"),
    ("Hussein", "Hossein"),
    ("Hussein", "Xuseen"),
    ("Hussein", "Hussen"),
    ("Hussein", "Hossain"),
    ("Hussein", "حسين"),
    ("Hassan", "Hasan"),
    ("Hassan", "Xasan"),
    ("Hassan", "Hassane"),
    ("Hassan", "حسن"),
    # Abdullah and the Abd- compounds
    ("Abdullahi", "Abdallah"),
    ("Abdullahi", "Abdulahi"),
    ("Abdullah", "Abdoulaye"),
    ("Abdullah", "Cabdullahi"),
    ("Abdullah", "Abd Allah"),
    ("Abdullah", "Abdella"),
    ("Abdel Rahman", "Abd al-Rahman"),
    ("Abdel Rahman", "Abdulrahman"),
    ("Abdel Rahman", "Abdurahman"),
    ("Abdel Rahman", "Abd-el-Rahman"),
    ("Abdel Rahman", "Abdirahman"),
    ("Abdel Rahman", "Abderrahmane"),
    ("Abdel Rahman", "Cabdiraxmaan"),
    ("Abdel Rahman", "عبد الرحمن"),
    ("Abdulkadir", "Abdelkader"),
    ("Abdulkadir", "Cabdulqaadir"),
    ("Abdulaziz", "Abdelaziz"),
    ("Abdulkarim", "Abdelkrim"),
    # Fatima, Aisha, Khadija, Maryam
    ("Fatima", "Fatma"),
    ("Fatima", "Fatuma"),
    ("Fatima", "Faadumo"),
    ("Fatima", "Fathima"),
    ("Fatima", "Fatimah"),
    ("Fatima", "فاطمة"),
    ("Fatima", "ফাতেমা"),
    ("Aisha", "Aicha"),
    ("Aisha", "Aysha"),
    ("Aisha", "Aïcha"),
    ("Aisha", "Caasha"),
    ("Aisha", "Ayesha"),
    ("Aisha", "عائشة"),
    ("Khadija", "Khadidja"),
    ("Khadija", "Kadija"),
    ("Khadija", "Hadiza"),
    ("Khadija", "Khadijah"),
    ("Khadija", "خديجة"),
    ("Mariam", "Maryam"),
    ("Mariam", "Meryem"),
    ("Mariam", "Maryan"),
    ("Mariam", "Miriam"),
    # West Africa
    ("Mamadou", "Mamadu"),
    ("Ousmane", "Usman"),
    ("Ousmane", "Osman"),
    ("Ousmane", "Cusmaan"),
    ("Ousmane", "Othman"),
    ("Ousmane", "عثمان"),
    ("Diallo", "Jallow"),
    ("Diallo", "Jalloh"),
    ("Moussa", "Musa"),
    ("Moussa", "Muuse"),
    ("Souleymane", "Sulaiman"),
    ("Souleymane", "Suleiman"),
    ("Souleymane", "Soliman"),
    ("Aboubacar", "Abubakar"),
    ("Aboubacar", "Abu Bakr"),
    ("Ibrahima", "Ebrahima"),
    ("Cheikh", "Sheikh"),
    ("Cheikh", "Shaykh"),
    ("Cheick", "Sheikh"),
    # Arabic, Somali, Afghan and Bangladeshi names
    ("Ibrahim", "Ebrahim"),
    ("Ibrahim", "Ibraahim"),
    ("Ibrahim", "إبراهيم"),
    ("Ismail", "Esmail"),
    ("Ismail", "Ismael"),
    ("Imad", "Emad"),
    ("Issa", "Ciise"),
    ("Nour", "Nur"),
    ("Nour", "Noor"),
    ("Nour", "Nuur"),
    ("Nour", "نور"),
    ("Noureddine", "Nour Eddine"),
    ("Noureddine", "Nuruddin"),
    ("Habibullah", "Habib Ullah"),
    ("Habibullah", "Habibollah"),
    ("Omar", "Umar"),
    ("Omar", "Oumar"),
    ("Omar", "Cumar"),
    ("Omar", "عمر"),
    ("Ali", "Aly"),
    ("Ali", "Cali"),
    ("Ali", "علي"),
    ("Said", "Saeed"),
    ("Said", "Saciid"),
    ("Rashid", "Rasheed"),
    ("Rashid", "Rachid"),
    ("Walid", "Waleed"),
    ("Walid", "Oualid"),
    ("Yassin", "Yacine"),
    ("Yassin", "Yaseen"),
    ("Yassin", "Yassine"),
    ("Qasim", "Kassim"),
    ("Khaled", "Khalid"),
    ("Khaled", "Khaalid"),
    ("Jama", "Jaamac"),
    ("Zainab", "Zeinab"),
    ("Zainab", "Zaynab"),
    ("Layla", "Leila"),
    ("Layla", "Laila"),
    ("Javad", "Jawad"),
    ("Navid", "Naveed"),
    ("Fahad", "Fahd"),
    ("Zahid", "زاهد"),
    ("Rahman", "Rehman"),
    ("Rahman", "রহমান"),
    ("Rahim", "রহিম"),
    ("Idris", "Idriss"),
    ("Halima", "Xaliimo"),
    ("Zahra", "Zahraa"),
    ("Salah", "Salaah"),
    ("Tahir", "Taher"),
    ("Mustafa", "Moustapha"),
    ("Mustafa", "Mostafa"),
    ("Mustafa", "مصطفی"),
    ("Ahmadi", "احمدی"),
    ("Hosseini", "حسینی"),
    ("Karima", "كريمة"),
    # Latin America and Haiti
    ("José", "Jose"),
    ("Jesús", "Jesus"),
    ("María", "Maria"),
    ("Nuñez", "Nunez"),
    ("Jean-Baptiste", "Jean Baptiste"),
    ("Jean", "Jn"),
    ("François", "Francois"),
    ("Gonçalves", "Goncalves"),
    ("Müller", "Muller"),
    ("Ximena", "Jimena"),
    ("Michael", "Maikel"),
    # An x outside Somali's places is ks
    ("Alexander", "Aleksandr"),
    ("Maxim", "Maksym"),
    ("Félix", "Feliks"),
    ("Roxana", "Roksana"),
    # Arabic names as Turkish writes them
    ("Cemal", "Jamal"),
    ("Hatice", "Khadija"),
    ("Halil", "Khalil"),
    ("Hüseyin", "Hussein"),
    ("Ayşe", "Aisha"),
    ("Recep", "Rajab"),
    ("Ramazan", "Ramadan"),
    ("Ramzan", "Ramadhan"),
    ("Zeynep", "Zaynab"),
    ("Şerif", "Sharif"),
    ("Cevat", "Jawad"),
    ("Enver", "Anwar"),
    # French ou for w, as the Maghreb writes it
    ("Jaouad", "Jawad"),
    ("Naoual", "Nawal"),
    ("Alaoui", "Alawi"),
    ("Marouane", "Marwan"),
    ("Redouane", "Ridwan"),
    ("Anouar", "Anwar"),
    ("Meriem", "Maryam"),
    ("Otmane", "Othman"),
    ("Bouchra", "Bushra"),
    ("Brahim", "Ibrahim"),
    ("Driss", "Idris"),
    # Persian gh for ق
    ("Ghasemi", "Qasemi"),
    ("Sadegh", "Sadiq"),
    ("Yaghoub", "Yaqub"),
    ("Roghayeh", "Ruqaya"),
    # Persian and Levantine -eh for the Arabic -a
    ("Fatemeh", "Fatima"),
    ("Zohreh", "Zohra"),
    ("Somayeh", "Sumaya"),
    ("Marzieh", "Marzia"),
    ("Alizadeh", "Alizada"),
    ("Salameh", "Salama"),
    # Egyptian g for ج
    ("Amgad", "Amjad"),
    ("Gamal", "Jamal"),
    ("Ragab", "Rajab"),
    ("Naguib", "Najib"),
    # Through Russian letters, and Slavic names in German and Czech letters
    ("Mohammed", "Мухаммед"),
    ("Magomed", "Muhammad"),
    ("Akhmed", "Ahmed"),
    ("Khasan", "Hassan"),
    ("Ibragim", "Ibrahim"),
    ("Dzhamshed", "Jamshed"),
    ("Sergej", "Sergey"),
    ("Valerij", "Valeriy"),
    ("Nikolaj", "Nikolai"),
    # Ukrainian passports' letters, the Russian forms and Cyrillic script
    ("Mariia", "Maria"),
    ("Nataliia", "Наталья"),
    ("Yuliia", "Юлия"),
    ("Olha", "Ольга"),
    ("Serhii", "Sergey"),
    ("Oleksandr", "Александр"),
    ("Mykola", "Nikolai"),
    ("Dmytro", "Dmitry"),
    ("Yevhen", "Евгений"),
    ("Yelena", "Елена"),
    ("Pyotr", "Пётр"),
    ("Fyodor", "Fedor"),
    # Husayn, al-Hasan and ʿĪsā the Maghreb's French way
    ("Hocine", "Hussein"),
    ("Lahcen", "Hassan"),
    ("Aissa", "Issa"),
    # Venezuela's ny for the English j; Tigrinya's Abraham
    ("Anyelo", "Angelo"),
    ("Abrham", "Abraham"),
    # ذ ض ظ: Arabic's d and dh, the z of Persian, Urdu and Turkish
    ("Kadhim", "Kazim"),
    ("Rida", "Reza"),
    ("Ridwan", "Rizwan"),
    ("Riyadh", "Riaz"),
    ("Hafidh", "Hafiz"),
    ("رياض", "Riad"),
    ("رضوان", "Radwan"),
    # short forms given as a name where no document is asked for
    ("Chepe", "José"),
    ("Paco", "Francisco"),
    ("Lupe", "Guadalupe"),
    ("Chuy", "Jesús"),
    ("Toño", "Antonio"),
    ("Bill", "William"),
    ("Mike", "Maikel"),
    ("Peggy", "Margaret"),
    ("Sasha", "Alexander"),
    ("Nastya", "Анастасия"),
    ("Серёжа", "Sergey"),
    ("Dima", "Deema"),  # an Arabic woman's name, not read as Dmitry
]

#: Spellings of one name that the key does not bring together (documented limitations).
EQUAL_MISSES: list[tuple[str, str]] = [
    ("Gebre", "Gebru"),
    ("Ayoub", "Eyob"),  # initial vowels differ in quality
    ("Tedros", "Tewodros"),
    ("Ahmed", "Ahamed"),  # a vowel written after a closing h
    ("Rahman", "Rahaman"),
    ("Hussein", "Hussin"),
    ("Hassan", "Alhassan"),  # an article written joined is kept
]

DIFFER_PAIRS: list[tuple[str, str]] = [
    ("Mohammed", "Mahmoud"),
    ("Mohammed", "Ahmed"),
    ("Mohammed", "Hamid"),
    ("Mahmoud", "Ahmed"),
    ("Mahmoud", "Hamid"),
    ("Ahmed", "Hamid"),
    ("Mohammed", "Mamadou"),
    ("Mohammed", "محمود"),
    ("Amir", "Omar"),
    ("Asma", "Osama"),
    ("Anas", "Inas"),
    ("Tesfay", "Tesfamariam"),
    ("Tesfay", "Tesfu"),
    ("Haile", "Hailu"),
    ("Hassan", "Hussein"),
    ("Hassan", "Husni"),
    ("Hussein", "Hasna"),
    ("حسن", "حسين"),
    ("Omar", "Amara"),
    ("Omar", "Umm"),
    ("Omar", "Osman"),
    ("Ali", "Alima"),
    ("Fatima", "Fatoumata"),
    ("Fatima", "Fadil"),
    ("Aisha", "Asma"),
    ("Aisha", "Issa"),
    ("Khadija", "Khalid"),
    ("Khalid", "Khalil"),
    ("Yusuf", "Yunus"),
    ("Yusuf", "Yasin"),
    ("Ibrahim", "Ibrahima"),
    ("Ibrahim", "Karim"),
    ("Ismail", "Ismat"),
    ("Abdullah", "Abdulrahman"),
    ("Abdulrahman", "Abdulrahim"),
    ("Abdulkadir", "Abdulkarim"),
    ("Abdulaziz", "Abdulhamid"),
    ("Abdi", "Abdullah"),
    ("Mariam", "Mariama"),
    ("Maryam", "Marwa"),
    ("Nour", "Nasser"),
    ("Nour", "Nouri"),
    ("Mamadou", "Moussa"),
    ("Ousmane", "Oumar"),
    ("Diallo", "Diop"),
    ("Cheikh", "Chaka"),
    ("Said", "Zaid"),
    ("Said", "Sayed"),
    ("Salim", "Salma"),
    ("Jamal", "Jamila"),
    ("Amir", "Amira"),
    ("Samir", "Samira"),
    ("Karim", "Karima"),
    ("Rashid", "Rashida"),
    ("Hamza", "Hamid"),
    ("Bilal", "Bashir"),
    ("Jose", "Josue"),
    ("Maria", "Mario"),
    ("Carlos", "Carla"),
    ("Juan", "Juana"),
    ("Kidane", "Kidist"),
    ("Gebre", "Gebremedhin"),
    # Somali x is ḥ only where Somali puts it: not in a European name's ks
    ("Alexander", "Alhassan"),
    ("Maxim", "Mohammed"),
    ("Siraj", "Sirai"),
    # ... and French ou stays u where a hamza or an ʿayn follows it
    ("Fouad", "Fawad"),
    ("Edouard", "Edward"),
    ("Alaoui", "Ali"),
    # ... and a short -eh is ح: Saleh is Salih, not Sala
    ("Saleh", "Sala"),
    # ... and Ukrainian's and Russian's letters are read name by name, not as rules that
    # would reach a Kenyan Musyoka or Yegon, or Arabic script's unwritten vowels (حليم)
    ("Hocine", "Hassan"),
    ("Yegon", "Egon"),
    ("Musyoka", "Museka"),
    ("Halim", "Glim"),
    ("حليم", "Glim"),
    # ... and ذ ض ظ are z name by name: د is d (Nadir), ز is z (Zaid), Hindi's Diya is Diya
    ("Nadir", "Nazir"),
    ("Zaid", "Daid"),
    ("Diya", "Zia"),
    # ... and short forms only where they stand for one name and are no name of their own:
    # Beto is Alberto or Roberto, Dima an Arabic woman's name, Pasha and Pepe family names,
    # Ben Arabic's "son of", Katia a name of its own in Latin America
    ("Beto", "Alberto"),
    ("Beto", "Roberto"),
    ("Dima", "Dmitry"),
    ("Pasha", "Pavel"),
    ("Pepe", "José"),
    ("Ben", "Benjamin"),
    ("Katia", "Ekaterina"),
    # ... nor where they are given names on documents of their own (Latin America's Jhonny,
    # Europe's Tom and Natasha)
    ("Jhonny", "John"),
    ("Tom", "Thomas"),
    ("Natasha", "Natalia"),
]

#: Distinct names that the key does bring together (documented limitations: the vowels that
#: tell them apart are spelt too variably to be keyed).
DIFFER_MISSES: list[tuple[str, str]] = [
    ("Jamal", "Jamil"),
    ("Hamid", "Hamad"),
    ("Said", "Saad"),
    ("Saad", "Suad"),
    ("Karim", "Karam"),
    ("Jean", "Jeanne"),
    ("Salman", "Suleiman"),
    ("Hashem", "Hisham"),
]


@pytest.mark.parametrize(("a", "b"), EQUAL_PAIRS)
def test_variants_of_one_name_share_a_key(a: str, b: str) -> None:
    assert same_person_key(a, b), (phonetic_keys(a), phonetic_keys(b))


@pytest.mark.parametrize(("a", "b"), DIFFER_PAIRS)
def test_distinct_names_do_not_share_a_key(a: str, b: str) -> None:
    assert not same_person_key(a, b), (phonetic_keys(a), phonetic_keys(b))


@pytest.mark.parametrize(("a", "b"), EQUAL_MISSES)
def test_known_misses_still_miss(a: str, b: str) -> None:
    """When one of these starts to pass, move it to EQUAL_PAIRS."""
    assert not same_person_key(a, b)


@pytest.mark.parametrize(("a", "b"), DIFFER_MISSES)
def test_known_collisions_still_collide(a: str, b: str) -> None:
    """When one of these starts to pass, move it to DIFFER_PAIRS."""
    assert same_person_key(a, b)


def test_hit_rates() -> None:
    equal = sum(same_person_key(a, b) for a, b in EQUAL_PAIRS + EQUAL_MISSES)
    differ = sum(not same_person_key(a, b) for a, b in DIFFER_PAIRS + DIFFER_MISSES)
    assert len(EQUAL_PAIRS) >= 80
    assert len(DIFFER_PAIRS) >= 40
    assert equal / len(EQUAL_PAIRS + EQUAL_MISSES) >= 0.9
    assert differ / len(DIFFER_PAIRS + DIFFER_MISSES) >= 0.85


@pytest.mark.parametrize(
    ("token", "key"),
    [
        ("Mohammed", "MHMD"),
        ("Mahmoud", "MQMD"),
        ("Ahmed", "AQMD"),
        ("Hamid", "HMD"),
        ("Hussein", "HSIN"),
        ("Hassan", "HSN"),
        ("Omar", "OMR"),
        ("Amara", "AMRA"),
    ],
)
def test_phonetic_key_examples(token: str, key: str) -> None:
    assert phonetic_key(token) == key


def test_phonetic_keys_are_uppercase_and_never_a_plain_token() -> None:
    for name in ["Mohammed", "Tesfaye", "ተስፋይ", "محمد", "Nguyễn", "Abd al-Rahman"]:
        for key in phonetic_keys(name):
            assert key.isascii()
            assert key.isalpha()
            assert key.isupper()


def test_phonetic_key_edge_cases() -> None:
    assert phonetic_key("") == ""
    assert phonetic_key("--") == ""
    assert phonetic_key("Ai") == ""  # a lone vowel is no key
    assert phonetic_key("Mohamed Ali") == "MHMD ALI"  # several tokens: keys by token
    # An unvocalised Arabic word has several readings; a common name has one spelling.
    assert len(phonetic_keys("حسینی")) > 1
    assert phonetic_keys("محمد") == ("MHMD",)


# --------------------------------------------------------------------------------------------
# search keys and queries
# --------------------------------------------------------------------------------------------


def test_search_keys_are_sorted_unique_and_order_free() -> None:
    keys = search_keys("Mohammed", "Abdel Rahman", "Mohamed", None, "")
    assert keys == sorted(set(keys))
    assert keys == search_keys(None, "Mohamed", "Abdel Rahman", "Mohammed")
    assert {"mohammed", "mohamed", "abdulrahman", "MHMD"} <= set(keys)


def test_search_keys_drop_one_letter_tokens_and_particles() -> None:
    keys = search_keys("J.", "Ali bin Hassan")
    assert "j" not in keys
    assert "bin" not in keys
    assert {"ali", "hassan"} <= set(keys)
    assert search_keys() == []
    assert search_keys(None, "", "  ") == []


def test_search_keys_join_a_split_abd_compound_across_parts() -> None:
    assert "abdulrahman" in search_keys("Abdul", "Rahman")


def test_query_keys_keep_order_and_drop_duplicates() -> None:
    assert query_keys("Mohamed Mohammed") == ["mohamed", "MHMD", "mohammed"]
    assert query_keys("") == []
    assert query_key_groups("Mohamed Ali") == [("mohamed", "MHMD"), ("ali", "ALI")]


class Index:
    """The search contract: a person matches when every query token meets one of their keys."""

    def __init__(self, people: dict[str, tuple[str | None, ...]]) -> None:
        self.keys = {pid: set(search_keys(*parts)) for pid, parts in people.items()}

    def search(self, text: str) -> set[str]:
        groups = query_key_groups(text)
        return {
            pid
            for pid, keys in self.keys.items()
            if groups and all(keys.intersection(group) for group in groups)
        }


PEOPLE: dict[str, tuple[str | None, ...]] = {
    "p1": ("Mohammed", "Abdel Rahman", "Hassan", "محمد عبد الرحمن"),
    "p2": ("Mahmoud", "Ahmed", None, None),
    "p3": ("Tesfaye", "Gebremedhin", "Haile", "ተስፋዬ ገብረመድህን"),
    "p4": ("Fatuma", "Warsame", "Cabdullahi", None),
    "p5": ("Hussein", "Ali", None, "حسين علي"),
    "p6": ("Hassan", "Ali", None, None),
    "p7": ("María José", "de la Cruz", None, None),
    "p8": ("Aïcha", "Diallo", "Mamadou", None),
    "p9": ("Mohamed", "Rahman", None, "মোহাম্মদ রহমান"),
    "p10": ("Mohammadreza", "Karimi", None, None),
    "p11": ("Gholam Hossein", "Rahimi", None, None),
    "p12": ("Mariajosé", "Pérez", None, None),
}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Muhammad Abdulrahman", {"p1"}),
        ("محمد", {"p1", "p9", "p10"}),
        ("Maxamed", {"p1", "p9", "p10"}),
        ("Mahmud Ahmad", {"p2"}),
        ("Tesfay Gebremedhin", {"p3"}),
        ("ተስፋይ", {"p3"}),
        ("Faadumo Abdullahi", {"p4"}),
        ("Husayn", {"p5", "p11"}),
        ("Xuseen Cali", {"p5"}),
        ("Hasan Ali", {"p6"}),
        ("Maria Jose Cruz", {"p7"}),
        ("Aisha Jallow", {"p8"}),
        ("Mohammed Rehman", {"p9"}),
        ("Rahman", {"p9"}),
        ("Somebody Else", set()),
        # A compound written joined at one desk and apart at the next.
        ("Mohammad Reza Karimi", {"p10"}),
        ("Mohammadreza Karimi", {"p10"}),
        ("Reza Karimi", {"p10"}),
        ("Gholamhossein Rahimi", {"p11"}),
        ("Gholamreza Rahimi", set()),
        ("Maria Jose Perez", {"p12"}),
        ("Mariajose Cruz", {"p7"}),
        ("Maria Jose Delacruz", {"p7"}),
    ],
)
def test_search_finds_people_whatever_the_spelling(query: str, expected: set[str]) -> None:
    assert Index(PEOPLE).search(query) == expected


def test_search_keys_are_fast_enough_for_bulk_loads() -> None:
    """≤ 15 µs per 3-part name in the bulk load; a loose bound here (shared CI machines)."""
    names = [
        ("Mohammed", "Ahmed", "Hassan"),
        ("Tesfaye", "Gebremedhin", "Haile"),
        ("Aïcha", "Diallo", "Mamadou"),
        ("Abdel Rahman", "Warsame", "Cabdullahi"),
    ] * 500
    for parts in names[:4]:
        search_keys(*parts)
    started = time.perf_counter()
    for parts in names:
        search_keys(*parts)
    per_call = (time.perf_counter() - started) / len(names)
    assert per_call < 100e-6


# --------------------------------------------------------------------------------------------
# display
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("محمد عبد الرحمن",), "Mohammed Abd al Rahman"),
        (("ተስፋይ", "ሃይለ"), "Tesfay Hayle"),
        (("josé", "de la CRUZ"), "José de la Cruz"),
        (("o'neil", "abd-el-rahman"), "O'Neil Abd-el-Rahman"),
        (("McDonald",), "McDonald"),
        (("Мухаммед", None, ""), "Mukhammed"),
        (("মোহাম্মদ রহমান",), "Mohammad Rahman"),
        ((None, ""), ""),
    ],
)
def test_display_latin(parts: tuple[str | None, ...], expected: str) -> None:
    assert display_latin(*parts) == expected


@pytest.mark.parametrize(
    ("token", "parts"),
    [
        ("mohammadreza", ("mohammad", "reza")),
        ("gholamhossein", ("gholam", "hossein")),
        ("alireza", ("ali", "reza")),
        ("amirali", ("amir", "ali")),
        ("noormohammad", ("noor", "mohammad")),
        ("mariajose", ("maria", "jose")),
        ("juancarlos", ("juan", "carlos")),
        # Respelled as another clerk heard it: split like the spelling it respells.
        ("muammadaziz", ("muammad", "aziz")),
        ("muhammadreezo", ("muhammad", "reezo")),
        ("muhammadsodik", ("muhammad", "sodik")),
        ("nurmuammad", ("nur", "muammad")),
        ("ahmadshah", ("ahmad", "shah")),
        # A Spanish particle written joined goes, as it goes when written apart.
        ("delacruz", ("cruz",)),
        ("delossantos", ("santos",)),
        ("delrio", ("rio",)),
        ("delgado", ("delgado",)),
        ("delfina", ("delfina",)),
        ("delahunty", ("delahunty",)),
        # The Arabic article written joined goes, as it goes when written apart.
        ("alhassan", ("hassan",)),
        ("elsayed", ("sayed",)),
        ("almouhamad", ("mouhamad",)),
        ("elnour", ("nour",)),
        ("alamin", ("amin",)),
        # ... but not from names that only begin with al or el, nor from a title.
        ("alcalde", ("alcalde",)),
        ("alissa", ("alissa",)),
        ("elmira", ("elmira",)),
        ("elkhan", ("elkhan",)),
        ("almeida", ("almeida",)),
        ("alejandro", ("alejandro",)),
        ("alzate", ("alzate",)),
        ("alzatte", ("alzatte",)),
        # Family names built on a head, and single names that only begin like one.
        ("mohammadi", ("mohammadi",)),
        ("alizadeh", ("alizadeh",)),
        ("mohammadzai", ("mohammadzai",)),
        ("mariangel", ("mariangel",)),
        ("sherman", ("sherman",)),
        ("jansen", ("jansen",)),
        ("yaromir", ("yaromir",)),
        ("alisher", ("alisher",)),
        ("ahmadzai", ("ahmadzai",)),
        ("alisha", ("alisha",)),
        ("ali", ("ali",)),
    ],
)
def test_compound_parts(token: str, parts: tuple[str, ...]) -> None:
    assert compound_parts(token) == parts


def test_a_joined_compound_is_also_indexed_as_its_names() -> None:
    keys = set(search_keys("Mohammadreza", "Karimi"))
    assert {"mohammadreza", "mohammad", "reza"} <= keys
    assert "mohammad" not in search_keys("Mohammadi", "Alizadeh")
