"""The Finnish synthetic content of the demo data: names, places, activities and short texts.

All of it is invented for the demo; names are common Finnish names combined at random.
"""

from __future__ import annotations

from data.models import Phase

# fmt: off
FEMALE = (
    "Aino", "Aada", "Eevi", "Emma", "Helmi", "Lilja", "Sofia", "Ella", "Olivia", "Venla", "Isla",
    "Linnea", "Enni", "Pihla", "Aava", "Kerttu", "Elli", "Oona", "Iida", "Siiri", "Saana",
    "Vilma", "Veera", "Emilia", "Nelli", "Minea", "Jenna", "Anni", "Kaisla", "Hilla", "Milla",
    "Noora", "Laura", "Sanna", "Johanna", "Maria", "Anna", "Kaisa", "Tiina", "Leena", "Päivi",
    "Riikka", "Heidi", "Jenni", "Satu", "Outi", "Marja", "Katja", "Hanna", "Elina", "Minna",
    "Paula", "Suvi", "Piia", "Tuula", "Raija", "Anu", "Sari", "Merja", "Pirjo",
)
# fmt: on
# fmt: off
MALE = (
    "Eino", "Väinö", "Leo", "Oliver", "Elias", "Onni", "Eeli", "Toivo", "Niilo", "Veeti", "Aaro",
    "Lenni", "Otto", "Leevi", "Joel", "Eetu", "Oskari", "Vilho", "Aleksi", "Rasmus", "Valtteri",
    "Juho", "Lauri", "Santeri", "Niko", "Matias", "Aatu", "Kasper", "Topias", "Daniel", "Mikko",
    "Juha", "Jari", "Timo", "Pekka", "Antti", "Janne", "Ville", "Tuomas", "Markku", "Petri",
    "Sami", "Kari", "Heikki", "Jukka", "Marko", "Teemu", "Harri", "Mika", "Matti", "Jussi", "Ari",
    "Risto", "Pasi", "Tommi", "Hannu", "Esa", "Olli", "Joonas", "Arttu",
)
# fmt: on
# fmt: off
LAST = (
    "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
    "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
    "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
    "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Hiltunen",
    "Miettinen", "Leinonen", "Pelkonen", "Aaltonen", "Hirvonen", "Kallio", "Manninen", "Peltonen",
    "Hakala", "Lindholm", "Anttila", "Hyvönen", "Mustonen", "Koivisto", "Väisänen", "Rautio",
    "Suominen", "Toivonen", "Kettunen", "Pulkkinen", "Seppälä", "Vainio", "Kärkkäinen",
    "Lindqvist", "Laaksonen", "Holmberg", "Kuusela", "Honkanen", "Pitkänen",
)
# fmt: on
# Names for families whose home language is not Finnish: (female, male, last names).
FOREIGN: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "sv": (
        ("Ebba", "Wilma", "Alva", "Stella"),
        ("Axel", "Hugo", "Emil", "Anton"),
        ("Lindholm", "Sjöberg", "Holmström", "Ekman"),
    ),
    "ru": (
        ("Polina", "Anastasia", "Darja", "Ksenia"),
        ("Artjom", "Nikita", "Maksim", "Ivan"),
        ("Ivanov", "Smirnov", "Petrov", "Volkov"),
    ),
    "ar": (
        ("Layla", "Amira", "Noor", "Maryam"),
        ("Omar", "Yusuf", "Ali", "Karim"),
        ("Haddad", "Hassan", "Saleh", "Nasser"),
    ),
    "so": (
        ("Hodan", "Ayaan", "Sagal", "Ifrah"),
        ("Abdi", "Farah", "Mahad", "Liban"),
        ("Warsame", "Mohamed", "Abdullahi", "Jama"),
    ),
    "en": (("Mia", "Chloe", "Grace", "Ruby"), ("Liam", "Jack", "Noah", "Harry"), ("Smith",)),
}
LANGUAGES = (("fi", 84), ("sv", 4), ("ru", 5), ("ar", 3), ("en", 2), ("so", 2))

# Municipality -> (weight, [(area, school)]).
AREAS: dict[str, tuple[int, tuple[tuple[str, str], ...]]] = {
    "Kouvola": (
        38,
        (
            ("Keskusta", "Kouvolan keskuskoulu"),
            ("Kuusankoski", "Kuusankosken koulu"),
            ("Myllykoski", "Myllykosken koulu"),
            ("Valkeala", "Valkealan koulu"),
            ("Koria", "Korian koulu"),
            ("Inkeroinen", "Inkeroisten koulu"),
        ),
    ),
    "Kotka": (
        35,
        (
            ("Karhula", "Karhulan koulu"),
            ("Keskusta", "Kotkan keskuskoulu"),
            ("Sunila", "Sunilan koulu"),
            ("Hovinsaari", "Hovinsaaren koulu"),
            ("Langinkoski", "Langinkosken koulu"),
            ("Mussalo", "Mussalon koulu"),
        ),
    ),
    "Hamina": (
        15,
        (
            ("Keskusta", "Haminan keskuskoulu"),
            ("Summa", "Summan koulu"),
            ("Husula", "Husulan koulu"),
            ("Saviniemi", "Saviniemen koulu"),
        ),
    ),
    "Pyhtää": (5, (("Kirkonkylä", "Pyhtään koulu"), ("Siltakylä", "Siltakylän koulu"))),
    "Virolahti": (4, (("Virojoki", "Virojoen koulu"), ("Vaalimaa", "Vaalimaan koulu"))),
    "Miehikkälä": (3, (("Kirkonkylä", "Miehikkälän koulu"),)),
}
MUNICIPALITIES = tuple(AREAS)
MUNICIPALITY_WEIGHTS = tuple(AREAS[m][0] for m in MUNICIPALITIES)
UPPER_SCHOOLS = {
    "Kouvola": "Kouvolan lukio",
    "Kotka": "Kotkan lyseon lukio",
    "Hamina": "Haminan lukio",
}

# fmt: off
INTERESTS = (
    "floorball", "football", "drawing", "gaming", "fishing", "dogs", "baking", "music",
    "swimming", "reading", "horses", "skating", "board_games", "cycling", "crafts", "nature",
    "films", "ice_hockey", "lego", "dancing",
)
# fmt: on
NEEDS = ("homework", "friends", "outdoors", "sports", "arts", "something_to_do")
WISH = {
    "floorball": "pelata sählyä",
    "football": "pelata jalkapalloa",
    "drawing": "piirtää ja maalata",
    "gaming": "pelata pelejä",
    "fishing": "päästä kalastamaan",
    "dogs": "ulkoiluttaa koiraa",
    "baking": "leipoa",
    "music": "soittaa ja kuunnella musiikkia",
    "swimming": "käydä uimassa",
    "reading": "käydä kirjastossa",
    "horses": "käydä tallilla",
    "skating": "käydä luistelemassa",
    "board_games": "pelata lautapelejä",
    "cycling": "pyöräillä",
    "crafts": "tehdä käsitöitä",
    "nature": "retkeillä luonnossa",
    "films": "käydä elokuvissa",
    "ice_hockey": "pelata jääkiekkoa",
    "lego": "rakentaa legoilla",
    "dancing": "tanssia",
}
# Interest -> (place, activity) for meetings.
INTEREST_MEETING = {
    "floorball": ("liikuntahalli", "sähly"),
    "football": ("jalkapallokenttä", "jalkapallo"),
    "drawing": ("kirjasto", "piirtäminen"),
    "gaming": ("nuorisotalo", "pelailu"),
    "fishing": ("ranta", "kalastus"),
    "dogs": ("lähimetsä", "koiran ulkoilutus"),
    "baking": ("tukihenkilön koti", "leipominen"),
    "music": ("nuorisotalo", "musiikki"),
    "swimming": ("uimahalli", "uinti"),
    "reading": ("kirjasto", "lukeminen"),
    "horses": ("ratsastustalli", "hevosten hoito"),
    "skating": ("jäähalli", "luistelu"),
    "board_games": ("kahvila", "lautapelit"),
    "cycling": ("lähiliikuntapaikka", "pyöräily"),
    "crafts": ("nuorisotalo", "askartelu"),
    "nature": ("lähimetsä", "retki luontoon"),
    "films": ("elokuvateatteri", "elokuvat"),
    "ice_hockey": ("ulkojäät", "jääkiekko"),
    "lego": ("kirjasto", "legorakentelu"),
    "dancing": ("nuorisotalo", "tanssi"),
}
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "Kotka": (
        ("Kotkan kirjasto", "lautapelit"),
        ("Karhulan kirjasto", "lukeminen ja lautapelit"),
        ("Kotkan uimahalli", "uinti"),
        ("Karhulan jäähalli", "luistelu"),
        ("Langinkosken luonnonsuojelualue", "retki luontoon"),
        ("Katariinan meripuisto", "kävely ja eväät"),
        ("Sapokan vesipuisto", "kävely"),
        ("Merikeskus Vellamo", "museokäynti"),
        ("Maretarium", "akvaariokäynti"),
        ("Kotkan keskusta", "kahvila ja kaupungilla kävely"),
        ("Mussalon ranta", "kalastus"),
    ),
    "Kouvola": (
        ("Kouvolan kirjasto", "lautapelit"),
        ("Kouvolan uimahalli", "uinti"),
        ("Kuusankoskitalo", "kirjasto ja kahvila"),
        ("Tykkimäki", "huvipuisto"),
        ("Kouvolan keskusta", "kahvila ja kävely"),
        ("Repoveden kansallispuisto", "retkeily"),
        ("Kouvolan jäähalli", "luistelu"),
        ("Poikilo-museot", "museokäynti"),
        ("Myllykosken liikuntapuisto", "pallopelit"),
        ("Valkealan ranta", "kalastus"),
    ),
    "Hamina": (
        ("Haminan kirjasto", "lautapelit"),
        ("Haminan keskusta", "kahvila ja kävely"),
        ("Tervasaari", "retki ja eväät"),
        ("Haminan uimahalli", "uinti"),
        ("Haminan bastioni", "kävely ja valokuvaus"),
        ("Summan liikuntapuisto", "jalkapallo"),
    ),
    "Pyhtää": (
        ("Pyhtään kirjasto", "lautapelit"),
        ("Pyhtään kirkonkylä", "kävely"),
        ("Siltakylän lähimetsä", "retki luontoon"),
    ),
    "Virolahti": (
        ("Virolahden kirjasto", "lautapelit"),
        ("Virojoen keskusta", "kahvila"),
        ("Klamilan satama", "kalastus"),
    ),
    "Miehikkälä": (
        ("Miehikkälän kirjasto", "lautapelit"),
        ("Salpalinja-museo", "museokäynti"),
    ),
}
HOME_MEETINGS = (("tukihenkilön koti", "leipominen"), ("tukihenkilön koti", "pelailu"))
CHEAP_MEETINGS = (
    ("kahvila", "herkkuhetki ja juttelu"),
    ("lähiliikuntapaikka", "pihapelit"),
    ("keskusta", "kaupungilla kävely"),
)
PEER_MEETINGS = (
    ("kahvila", "keskustelu"),
    ("perhekeskus", "vertaisryhmä ja kahvit"),
    ("sosiaalitoimisto", "mukana sosiaalityöntekijän tapaamisessa"),
    ("keskusta", "kävely ja keskustelu"),
)
FAMILY_MEETING = ("tukiperheen koti", "tukiviikonloppu")

HOW_CHILD = (
    "Tapaaminen sujui hyvin, {n} oli iloinen ja puhelias.",
    "{n} oli aluksi hiljainen, mutta innostui, kun päästiin tekemään.",
    "Mukava tapaaminen, {n} kertoi paljon koulusta ja kavereista.",
    "Sovittu ohjelma toteutui, {n} jaksoi hyvin koko ajan.",
    "{n} oli väsynyt koulupäivän jälkeen, joten tehtiin rauhallisempaa ohjelmaa.",
    "Hyvä tapaaminen. {n} ehdotti itse, mitä tehdään ensi kerralla.",
    "{n} nautti selvästi ulkoilusta ja nauroi paljon.",
    "Bussi oli myöhässä, muuten tapaaminen sujui hyvin.",
    "{n} kokeili uutta asiaa rohkeasti ja oli ylpeä onnistumisestaan.",
    "Juteltiin paljon, {n} kertoi loman suunnitelmista.",
    "Rauhallinen ja mukava tapaaminen, {n} oli hyvällä tuulella.",
    "{n} oli alkuun kiukkuinen, mutta tilanne rauhoittui nopeasti.",
    "Tehtiin ensin läksyt ja sitten pelattiin, {n} keskittyi hyvin.",
    "Sovittiin yhdessä seuraavan kerran ohjelmasta, {n} odottaa sitä.",
    "Kaikki meni suunnitellusti, {n} kiitti tapaamisesta.",
)
HOW_PARENT = (
    "Keskustelu sujui hyvin, {n} kertoi viikon tapahtumista.",
    "{n} jännitti tulevaa neuvottelua, käytiin asioita läpi etukäteen.",
    "Rauhallinen tapaaminen, {n} sai purkaa mieltään.",
    "Käytiin yhdessä läpi lapsen tapaamisjärjestelyjä.",
    "{n} oli toiveikas ja kertoi arjen sujuvan paremmin.",
)
WELLBEING = (
    "Vaikutti hyvinvoivalta ja levänneeltä.",
    "Kertoi nukkuneensa huonosti, muuten hyvällä mielellä.",
    "Iloinen ja energinen.",
    "Hieman väsynyt, mutta jaksoi hyvin.",
    "Kertoi riidasta kaverin kanssa, juteltiin siitä.",
    "Tavallista hiljaisempi; seurataan tilannetta.",
    "Hyvä ruokahalu ja mieliala.",
    "Kertoi koulun sujuvan aiempaa paremmin.",
    "Jännitti tulevaa koetta, mutta rauhoittui.",
    "Ei erityistä huomioitavaa.",
    "Innoissaan uudesta harrastuksesta.",
)
PROGRESS = (
    "Uskaltaa jo ehdottaa omaa tekemistä.",
    "Kokeiltiin uutta harrastusta, kiinnostus heräsi.",
    "Liikkuu jo lähes itsenäisesti bussilla.",
    "Läksyt sujuvat paremmin kuin aiemmin.",
    "Tutustui uuteen kaveriin.",
)
CANCEL_NOTES = {
    "volunteer_ill": ("Tukihenkilö sairastui.", "Tukihenkilöllä flunssa, sovittiin uusi aika."),
    "child_ill": ("Lapsella kuumetta.", "Lapsi sairaana, sovittiin uusi aika.", "Vatsatautia."),
    "other": (
        "Perheellä yllättävä meno.",
        "Lapsi ei ollut kotona sovittuna aikana.",
        "Koulun retki samana päivänä.",
        "Myrsky, siirrettiin ensi viikkoon.",
        "Tukihenkilön työvuoro muuttui.",
    ),
}
GOAL_TEXTS = {
    "homework": "Koulunkäynti sujuu paremmin ja läksyt tulevat tehdyiksi.",
    "friends": "Lapsi saa kokemuksia kaverisuhteista ja rohkaistuu tutustumaan uusiin ihmisiin.",
    "outdoors": "Lapsi ulkoilee säännöllisesti ja tutustuu lähiluontoon.",
    "sports": "Lapsi löytää mieluisan liikuntaharrastuksen.",
    "arts": "Lapsi pääsee toteuttamaan luovuuttaan ja kokeilemaan uusia taitoja.",
    "something_to_do": "Lapsella on mielekästä tekemistä vapaa-ajalla.",
}
GOALS_GENERAL = (
    "Lapsi saa turvallisen aikuisen ja luottamus aikuisiin vahvistuu.",
    "Lapsi oppii liikkumaan itsenäisesti julkisilla kulkuneuvoilla.",
)
GOALS_PARENT = (
    "Vanhempi saa vertaistukea ja jaksaa paremmin arjessa.",
    "Vanhempi valmistautuu yhteistyöhön lapsen sosiaalityöntekijän kanssa.",
    "Yhteydenpito sijoitettuun lapseen sujuu.",
)
FRIENDS = (
    "Ei juurikaan kavereita koulun ulkopuolella.",
    "Yksi hyvä ystävä naapurissa.",
    "Kavereita luokalla, mutta vapaa-aika kuluu yksin.",
    "Muutti hiljattain paikkakunnalle, ei vielä tuttuja.",
    "",
)
HEALTH = (
    "",
    "",
    "",
    "",
    "Pähkinäallergia.",
    "Astma, avaava lääke mukana.",
    "ADHD; selkeät sopimukset ja tauot auttavat.",
    "Keliakia.",
    "Jännittää uusia tilanteita.",
)
FAMILIES = (
    "asuu puolison kanssa",
    "perheessä kaksi lasta",
    "aikuiset lapset",
    "asuu yksin",
    "asuu puolison ja koiran kanssa",
    "yksi teini-ikäinen lapsi",
)
WORKS = (
    "opettaja",
    "sairaanhoitaja",
    "opiskelija",
    "eläkkeellä",
    "myyjä",
    "IT-asiantuntija",
    "lähihoitaja",
    "insinööri",
    "kirjanpitäjä",
    "nuoriso-ohjaaja",
    "yrittäjä",
    "satamatyöntekijä",
    "linja-autonkuljettaja",
    "sosionomiopiskelija",
)
PRO_WORKS = ("sosionomi (AMK)", "yhteisöpedagogi", "lähihoitaja, perhetyö", "nuorisotyöntekijä")
UNITS = (
    "Lapsiperheiden sosiaalityö",
    "Lastensuojelu",
    "Perhesosiaalityö",
    "Sijaishuolto",
    "Nuorten palvelut",
)
CONCERNS_ABOUT_CHILD = (
    "Lapsi kertoi, ettei kotona ollut ruokaa koko viikonloppuna.",
    "Lapsella oli mustelma käsivarressa, eikä hän halunnut kertoa siitä.",
    "Lapsi kertoi olevansa yksin kotona useana iltana viikossa.",
    "Lapsi on ollut poikkeuksellisen vetäytynyt ja sanoi, ettei jaksa mitään.",
    "Lapsi kertoi pitkään jatkuneesta koulukiusaamisesta.",
    "Lapsi pelkäsi lähteä kotiin tapaamisen jälkeen.",
)
CONCERNS_ABOUT_GUARDIAN = (
    "Huoltaja vaikutti päihtyneeltä lasta noudettaessa.",
    "Huoltaja kertoi uupumuksesta eikä jaksa huolehtia arjesta.",
)
FOLLOW_UPS = (
    "Sosiaalityöntekijä soitti perheelle ja sopi kotikäynnin.",
    "Kotikäynti tehty, perheelle järjestetty perhetyö.",
    "Asiasta keskusteltu tukihenkilön kanssa; tilanne rauhoittunut.",
    "Palaveri perheen kanssa pidetty, tuki jatkuu.",
)
GAVE = {
    "child": "Uusia kokemuksia ja oma aikuinen, jonka kanssa tehdä asioita.",
    "volunteer": "Iloa ja uutta näkökulmaa omaan arkeen.",
    "guardian": "Hengähdystauko ja varmuus siitä, että lapsella on hyvä olla.",
}
END_NOTES = {
    "other": "Perhe muutti toiselle paikkakunnalle.",
    "volunteer_reasons": "Tukihenkilön elämäntilanne muuttui.",
    "family_reasons": "Perhe halusi lopettaa tässä vaiheessa.",
    "safety": "Tukisuhde päätettiin turvallisuussyistä sosiaalityöntekijän kanssa sopien.",
}
START_NOTES = {
    "role": "Käytiin läpi, mitä tukihenkilötoiminta on ja mitä se ei ole.",
    "volunteer_intro": "Tukihenkilö kertoi itsestään, perheestään ja harrastuksistaan.",
    "child_basics": "Käytiin läpi koulu, harrastukset ja kaverit.",
    "needs_goals": "Sovittiin tavoitteet yhdessä sosiaalityöntekijän kanssa.",
    "activities": "Ideoitiin edullista tekemistä: kirjasto, ulkoilu, pelit.",
    "arranging": "Tapaamiset sovitaan huoltajan kanssa viesteillä.",
    "travel": "Kulkemisesta sovittiin erikseen.",
    "first_meeting": "Ensimmäinen tapaaminen sovittiin ja puhelinnumerot vaihdettiin.",
    "costs": "Huoltaja maksaa lapsen kulut; tukihenkilö saa palkkion ja kulukorvauksen.",
    "car_home": "Auton käytöstä ja kotikäynneistä sovittiin huoltajan kanssa.",
    "duties": "Raportointi, vaitiolovelvollisuus ja ilmoitusvelvollisuus käyty läpi.",
    "insurance": "Vakuutusturva käyty läpi.",
}
REVIEW_NOTES = {
    "how_it_went": "Tapaamiset ovat sujuneet hyvin ja säännöllisesti.",
    "continue": "Kaikki osapuolet haluavat jatkaa.",
    "problems": "Ei erityisiä ongelmia.",
    "new_goals": "Tavoitteita päivitettiin.",
    "rules": "Kerrattiin yhteydenpito, peruminen ja kulut.",
}
ENDING_NOTES = {
    "why_end": "Tukisuhde päättyy sovitusti.",
    "what_it_gave": "Jokainen kertoi, mitä tukisuhde antoi.",
    "memories": "Muisteltiin yhteisiä retkiä.",
    "feelings": "Puhuttiin eron tunteista.",
}
PHASE_NOTES = {
    Phase.TRUST: "Tutustumisvaihe takana; työskentely ja tehtävät alkavat.",
    Phase.FUTURE: "Tavoitteet lähes saavutettu; kartoitetaan lapsen omaa verkostoa.",
    Phase.UNNECESSARY: "Suunnitellaan siirtymä lapsen omaan verkostoon.",
}
CONTACTS_YOUNG = (
    "WhatsApp-ryhmä huoltajan kanssa",
    "tekstiviestit huoltajalle",
    "puhelut huoltajalle",
)
CONTACTS_TEEN = ("suoraan nuoren kanssa viesteillä", "WhatsApp-ryhmä nuoren ja huoltajan kanssa")
COORDINATORS = ("sanna.k", "mikko.l")
COORDINATOR_NAMES = {"sanna.k": "Sanna Kallio", "mikko.l": "Mikko Lahti"}
PHONE_PREFIXES = ("040", "041", "044", "045", "046", "050")
FOLD = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", " ": "", "-": "", "'": ""})
TIMES_WEEKDAY = tuple(f"{h:02d}:{m:02d}:00" for h in range(15, 19) for m in (0, 30))
TIMES_WEEKEND = tuple(f"{h:02d}:{m:02d}:00" for h in range(10, 15) for m in (0, 30))
DURATIONS = (60, 90, 120, 120, 150, 180, 180, 240)
COSTS = ("3.50", "5.00", "6.50", "8.00", "12.00", "15.50")
PAUSE_NOTES = (
    "Lapsen toive: tauko kesän ajaksi.",
    "Tukihenkilön työkiireet, tauko sovittu.",
    "Perheen tilanne vaatii tauon.",
)
