"""Curated name lists per naming culture, with the spellings seen across registrations.

Each entry reads ``Canonical/Variant/Variant:native`` — the usual Latin spelling, the other Latin
spellings officers write, and the name in its own script where the culture writes another one.
Faker has no Tigrinya, Amharic, Somali or Pashto names; these lists are ours.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    latin: str
    variants: tuple[str, ...]
    native: str


def _parse(block: str) -> tuple[Name, ...]:
    names = []
    for item in block.split(","):
        item = item.strip()
        if not item:
            continue
        spellings, _, native = item.partition(":")
        latin, *variants = spellings.split("/")
        names.append(Name(latin, tuple(variants), native))
    return tuple(names)


ARABIC_MALE = _parse("""
Mohammed/Muhammad/Mohamed/Mohamad/Mohammad:محمد, Ahmed/Ahmad/Ahmet:أحمد, Ali/Aly:علي,
Omar/Umar/Omer:عمر, Abdelrahman/Abd al-Rahman/Abdulrahman/Abdurahman:عبد الرحمن,
Abdullah/Abdallah/Abdellah:عبد الله, Youssef/Yusuf/Yousef/Yousif:يوسف, Ibrahim/Ebrahim/Brahim:إبراهيم,
Hassan/Hasan:حسن, Hussein/Husayn/Hussain/Houssein:حسين, Khaled/Khalid:خالد, Mahmoud/Mahmud:محمود,
Mustafa/Moustafa/Mostafa:مصطفى, Osman/Othman/Uthman:عثمان, Adam/Adem:آدم, Ismail/Ismael:إسماعيل,
Yasser/Yasir/Yaser:ياسر, Karim/Kareem:كريم, Tarek/Tariq/Tarik:طارق, Salah/Salaheddine:صلاح,
Hamza/Hamzah:حمزة, Bilal/Belal:بلال, Walid/Waleed:وليد, Nour/Nur/Noor:نور, Amer/Amir:عامر,
Idris/Idriss/Edris:إدريس, Suleiman/Sulaiman/Slimane:سليمان, Jamal/Gamal:جمال, Anas/Enes:أنس,
Abdelaziz/Abdulaziz/Abd al-Aziz:عبد العزيز
""")
ARABIC_FEMALE = _parse("""
Fatima/Fatma/Fatimah:فاطمة, Aisha/Aicha/Aysha/Aïcha:عائشة, Mariam/Maryam/Meryem:مريم,
Khadija/Khadidja/Khadeeja:خديجة, Amina/Aminah/Emina:أمينة, Zainab/Zeinab/Zaynab:زينب,
Nour/Nur/Noor:نور, Hawa/Hawwa:حواء, Asma/Asmaa:أسماء, Huda/Houda/Hoda:هدى, Samira/Sameera:سميرة,
Layla/Leila/Laila:ليلى, Rania/Ranya:رانيا, Salma/Selma:سلمى, Yasmin/Yasmine/Jasmin:ياسمين,
Hanan/Hanane:حنان, Nadia/Nadiya:نادية, Sara/Sarah:سارة, Iman/Imane/Eman:إيمان, Safiya/Safia:صفية
""")
ARABIC_FAMILY = _parse("""
Abdallah/Abdullah:عبد الله, Hassan/Hasan:حسن, Ibrahim/Ebrahim:إبراهيم, Mohamed/Mohammed:محمد,
Al-Hassan/Alhassan/El Hassan:الحسن, Haddad/Hadad:حداد, Khalil/Khaleel:خليل, Saleh/Salih:صالح,
Osman/Othman:عثمان, Adam/Adem:آدم, Idris/Idriss:إدريس, Yousef/Youssef:يوسف, Mansour/Mansur:منصور,
Al-Sayed/El Sayed/Elsayed:السيد, Hamdan/Hamdane:حمدان, Nasser/Nasir/Naser:ناصر, Suleiman/Sulaiman:سليمان,
Bakri/Bakry:بكري, Haroun/Harun/Haroon:هارون, Zaki/Zakki:زكي
""")
SOMALI_MALE = _parse("""
Mohamed/Maxamed/Mohammed/Mahamed, Abdi/Cabdi, Abdullahi/Cabdullaahi/Abdulahi, Ahmed/Axmed/Ahmad,
Hassan/Xasan/Hasan, Hussein/Xuseen/Husein, Ali/Cali, Omar/Cumar, Yusuf/Yuusuf/Yussuf, Ibrahim/Ibraahim,
Abdirahman/Cabdiraxmaan/Abdurahman, Abdikarim/Cabdikariim, Farah/Faarax, Osman/Cusmaan/Usman,
Ismail/Ismaaciil, Mahad/Mahaad, Said/Siciid/Saeed, Abdiaziz/Cabdicasiis, Mukhtar/Mukhtaar,
Guled/Guuleed, Jama/Jaamac, Warsame/Warsome, Dahir/Daahir, Nur/Nuur, Aden/Aadan/Adan
""")
SOMALI_FEMALE = _parse("""
Fadumo/Faadumo/Fatuma/Fatima, Amina/Aamina, Hodan/Hodaan, Sahra/Sahro, Halima/Xaliimo/Halimo,
Asha/Caasha/Aisha, Khadija/Khadiijo/Hadiijo, Maryan/Maryam/Mariam, Ayan/Ayaan, Nasra/Nasro,
Hawo/Xaawo/Hawa, Ifrah/Ifraax, Sagal/Sagaal, Deeqa/Deka, Ubah/Ubax, Faiza/Faaiso, Hibo/Hibaaq,
Zamzam/Samsam, Istahil/Istaahil, Idil/Iidil
""")
HABESHA_MALE = _parse("""
Tesfaye/Tesfay/Tesfai:ተስፋይ, Haile/Hayle/Hailu:ሃይለ, Yohannes/Yohanes/Johannes:ዮሃንስ,
Kidane/Kidan/Kidanu:ኪዳነ, Berhane/Berhan/Birhane:ብርሃነ, Tekle/Teklay/Teklai:ተኽለ, Gebre/Ghebre/Gebru:ገብረ,
Mesfin/Mesfen:መስፍን, Dawit/Dawitt/Daweet:ዳዊት, Samuel/Samiel/Semere:ሳሙኤል, Filmon/Filimon/Philemon:ፊልሞን,
Amanuel/Emmanuel/Amanual:ኣማኑኤል, Yonas/Jonas/Yonatan:ዮናስ, Mulugeta/Mulugueta:ሙሉጌታ,
Tewelde/Teweldebrhan/Tewolde:ተወልደ, Abraham/Abreham/Abrham:ኣብርሃም, Michael/Mikael/Mikiel:ሚካኤል,
Solomon/Solomun/Selomon:ሰሎሞን, Biniam/Biniyam/Binyam:ብንያም, Natnael/Natanael/Nathnael:ናትናኤል,
Getachew/Getachow:ጌታቸው, Alemayehu/Alemayhu:ኣለማየሁ, Abebe/Abbebe:ኣበበ, Tsegay/Tsegaye/Tsegai:ጸጋይ,
Goitom/Goytom/Guitom:ጎይቶም
""")
HABESHA_FEMALE = _parse("""
Helen/Hellen/Helina:ሄለን, Senait/Senayt/Senaite:ሰናይት, Selam/Salam/Selamawit:ሰላም, Meron/Meroon:ሜሮን,
Saba/Sabba:ሳባ, Freweyni/Frewoini/Freweini:ፍረወይኒ, Luwam/Luam/Lwam:ልዋም, Tirhas/Terhas/Tirhass:ትርሓስ,
Yordanos/Yordanos/Jordanos:ዮርዳኖስ, Hiwet/Hiwot/Hewet:ሕይወት, Almaz/Almas/Elmaz:ኣልማዝ,
Mebrat/Mebrahtu/Mebrhat:መብራት, Abeba/Abebech:ኣበባ, Tsega/Tsegga:ጸጋ, Rahel/Rachel/Raheal:ራሄል,
Aster/Astar/Astier:ኣስቴር, Eden/Edan:ኤደን, Ruta/Rutta:ሩታ, Semhar/Semhal:ሰምሃር, Danait/Danayt:ዳናይት
""")
PASHTO_MALE = _parse("""
Ahmad/Ahmed/Ahmat:احمد, Mohammad/Mohammed/Muhammad:محمد, Abdul/Abdol:عبدالله, Ali/Aly:علی,
Hamid/Hameed/Hamed:حمید, Karim/Kareem/Karimullah:کریم, Rahim/Raheem/Rahimullah:رحیم, Jawad/Javad:جواد,
Mustafa/Mostafa:مصطفی, Sayed/Sayyed/Said:سید, Noor/Nur/Nour:نور, Zabihullah/Zabiullah:ذبیح الله,
Habibullah/Habibollah/Habib Ullah:حبیب الله, Gul/Gol:گل, Shafiq/Shafiqullah/Shafik:شفیق,
Rahmatullah/Rahmatollah:رحمت الله, Naveed/Navid/Nawid:نوید, Farid/Fareed:فرید, Bilal/Belal:بلال,
Wahid/Waheed/Vahid:وحید, Yama/Yamah:یما, Hamza/Hamzah:حمزه, Omid/Umid/Omed:امید, Idris/Edris:ادریس
""")
PASHTO_FEMALE = _parse("""
Fatima/Fatema/Fatimah:فاطمه, Zahra/Zohra/Zuhra:زهرا, Maryam/Mariam:مریم, Shabana/Shabnam:شبانه,
Nazia/Naziya:نازیه, Farzana/Farzaneh:فرزانه, Malalai/Malala:ملالی, Gulalai/Gulalay:گلالی, Parwana/Parvaneh:پروانه,
Soraya/Suraya/Soraia:ثریا, Hadia/Hadiya:هدیه, Khatera/Khatira:خاطره, Nilofar/Nilufar/Niloufar:نیلوفر,
Roya/Roia:رویا, Mina/Meena:مینا, Samira/Sameera:سمیرا
""")
PASHTO_FAMILY = _parse("""
Ahmadi/Ahmady:احمدی, Hashimi/Hashemi:هاشمی, Rahimi/Raheemi:رحیمی, Karimi/Kareemi:کریمی, Sultani/Soltani:سلطانی,
Haidari/Haydari/Heidari:حیدری, Popal/Popol:پوپل, Nazari/Nazary:نظری, Hussaini/Hosseini/Husaini:حسینی,
Amiri/Ameri:امیری, Stanekzai/Stanikzai:ستانکزی, Safi/Saafi:صافی
""")
WEST_AFRICAN_MALE = _parse("""
Mamadou/Mamadu/Mahamadou, Amadou/Ahmadou/Amadu, Ousmane/Usman/Osman, Ibrahima/Ibrahim/Brahima,
Moussa/Musa/Mousa, Abdoulaye/Abdullahi/Abdulaye, Boubacar/Bubacarr/Aboubacar, Alpha/Alfa,
Souleymane/Suleiman/Sulayman, Lamine/Lamin/Alamine, Modou/Modu, Cheikh/Sheikh/Shaikh, Oumar/Omar/Umaru,
Sekou/Sékou/Seku, Bakary/Bakari/Bakarry, Karamba/Karambo, Adama/Adamah, Yaya/Yahya, Issa/Isa/Issah,
Seydou/Saidou/Seidu, Kofi/Koffi, Kouadio/Kwadwo, Chinedu/Chinedum, Emeka/Emecka, Oluwaseun/Seun, Tunde/Babatunde,
Ifeanyi/Ifeanyichukwu, Samuel/Samuell, Blessing/Blessed
""")
WEST_AFRICAN_FEMALE = _parse("""
Fatoumata/Fatumata/Fatmata/Fatou, Aissatou/Aïssatou/Aisatu, Mariama/Mariam/Mariame, Kadiatou/Kadiatu/Khadijatou,
Aminata/Aminatta/Aminatou, Hawa/Awa, Binta/Bintou, Ramatoulaye/Ramatu/Ramata, Oumou/Umu, Adja/Adjaratou,
Djeneba/Jeneba/Dieneba, Ngozi/Ngozie, Chioma/Chiamaka, Blessing/Blessyn, Joy/Joyce, Esther/Ester,
Precious/Precius, Adjoa/Adwoa, Akua/Akwa, Fanta/Fantah
""")
WEST_AFRICAN_FAMILY = _parse("""
Diallo/Jallow/Jalloh/Dyallo, Bah/Ba/Barry, Sow/Sowe, Ndiaye/N'Diaye/Njie, Diop/Diope, Camara/Kamara,
Traoré/Traore/Trawally, Keita/Keïta/Kaita, Coulibaly/Kulibali/Culibaly, Touré/Toure/Ture, Sylla/Sila/Silla,
Sissoko/Cissoko, Cissé/Cisse/Sisay, Fofana/Fofanah, Konaté/Konate, Kouyaté/Kouyate, Ceesay/Sise/Cisse,
Okafor/Okaafor, Okonkwo/Okonko, Adeyemi/Adeyemy, Eze/Ezeh, Mensah/Mensa, Kone/Koné, Sanneh/Sane/Sané
""")
BENGALI_MALE = _parse("""
Mohammad/Mohammed/Md/Muhammad:মোহাম্মদ, Abdul/Abdool:আব্দুল, Rahim/Rahman:রহিম, Karim/Korim:করিম,
Hossain/Hussain/Hosen:হোসেন, Rashid/Rasheed:রশিদ, Kamal/Kamaal:কামাল, Jamal/Jamaal:জামাল, Rafiq/Rafik:রফিক,
Shafiq/Shofiq:শফিক, Nur/Noor/Nurul:নূর, Alam/Alom:আলম, Anwar/Anowar:আনোয়ার, Habib/Hobib:হাবিব,
Salim/Selim:সেলিম, Sayed/Syed:সৈয়দ, Jahid/Zahid:জাহিদ, Rubel/Rubell:রুবেল, Shakil/Shakeel:শাকিল
""")
BENGALI_FEMALE = _parse("""
Fatema/Fatima:ফাতেমা, Ayesha/Aisha/Aysha:আয়েশা, Rokeya/Rokia:রোকেয়া, Nasrin/Nasreen:নাসরিন,
Shahida/Sahida:শাহিদা, Rahima/Rohima:রহিমা, Jannat/Jannatul:জান্নাত, Sumaiya/Sumaya:সুমাইয়া,
Taslima/Toslima:তাসলিমা, Hasina/Hasena:হাসিনা, Morium/Mariam/Maryam:মরিয়ম, Rashida/Roshida:রাশিদা
""")
BENGALI_FAMILY = _parse("""
Begum/Begom:বেগম, Khatun/Khatoon:খাতুন, Islam/Eslam:ইসলাম, Uddin/Uddeen/Udin:উদ্দিন, Hossain/Hussain:হোসেন,
Rahman/Rahaman:রহমান, Ahmed/Ahmad:আহমেদ, Miah/Mia/Mian:মিয়া, Akter/Akhter/Aktar:আক্তার, Ullah/Ulla:উল্লাহ
""")
SPANISH_MALE = _parse("""
José/Jose, Luis/Luís, Carlos/Karlos, Juan/Jhuan, Jesús/Jesus, Miguel/Migel, Jorge/George,
Anderson/Andersson, Jhon/John/Jon, Kevin/Keven, Yorman/Jorman, Wilmer/Wilmar, Yohandry/Johandry,
Luis Alberto/Luis A., José Gregorio/Jose Gregorio, Daniel/Danniel, Alejandro/Alejandrp, Andrés/Andres,
Jhonny/Johnny/Jonny, Darwin/Darwing, Franklin/Franklyn, Édgar/Edgar, Maikel/Michael/Maykel
""")
SPANISH_FEMALE = _parse("""
María/Maria, Yuleidy/Yuleidi/Juleidy, Daniela/Danniela, Carolina/Karolina, Andrea/Andreina,
María José/Maria Jose, Yennifer/Jennifer/Yenifer, Génesis/Genesis, Luisana/Luisanna, Rosa/Roza,
Ana/Anna, Yelitza/Yelisa, Mariela/Mariella, Isabel/Isabella, Gabriela/Grabriela, Katherine/Katerin/Catherine
""")
SPANISH_FAMILY = _parse("""
González/Gonzalez/Gonzales, Rodríguez/Rodriguez, Pérez/Perez, Hernández/Hernandez, García/Garcia,
Martínez/Martinez, López/Lopez, Ramírez/Ramirez, Sánchez/Sanchez, Torres/Torrez, Díaz/Diaz, Rojas/Roja,
Mendoza/Mendosa, Castillo/Castilo, Vásquez/Vasquez/Vazquez, Moreno/Morenno, Gutiérrez/Gutierrez, Chávez/Chavez
""")
HAITIAN_MALE = _parse("""
Jean/Jhean, Jean-Baptiste/Jean Baptiste, Pierre/Piere, Jean-Claude/Jean Claude, Wilson/Willson,
Jacques/Jacque, Stevenson/Stevenzon, Ricardo/Ricardeau, Frantz/Franz, Widlin/Widline, Kervens/Kerven,
Jameson/Jamesson, Wisly/Wislly, Emmanuel/Emanuel
""")
HAITIAN_FEMALE = _parse("""
Marie/Mari, Nadège/Nadege, Fabienne/Fabiène, Roseline/Rosline, Widelande/Widlande, Guerline/Gerline,
Mirlande/Mirland, Nathalie/Natalie, Esther/Ester, Fedna/Fednah, Rose-Marie/Rose Marie, Sherline/Cherline
""")
HAITIAN_FAMILY = _parse("""
Jean-Baptiste/Jean Baptiste, Pierre/Piere, Joseph/Josef, Louis/Louys, Charles/Charle, Saint-Fleur/St Fleur,
Désir/Desir, Étienne/Etienne, Alexis/Alexi, Dorvil/Dorvile, Jean-Louis/Jean Louis, Augustin/Augustine
""")
