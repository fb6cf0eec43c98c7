"""The points of each kind of palaveri's agenda, in order, with their texts in three languages
and the ``Decisions`` fields each point settles."""

from __future__ import annotations

from data.models import PalaveriKind
from data.rules.agenda_texts import Item, item_of

START = (
    item_of(
        "role",
        fi="Mikä tukihenkilö on – ja mikä ei",
        fi_help="Tavallinen, valmennettu aikuinen, joka viettää aikaa lapsen kanssa vähintään "
        "kerran kuukaudessa, mieluiten kahdesti, muutaman tunnin kerrallaan, ja sitoutuu "
        "vuodeksi kerrallaan. Hän on lapsen tukena: ei vanhempien apulainen eikä maksuton "
        "lapsenvahti.",
        sv="Vad en stödperson är – och inte är",
        sv_help="En vanlig vuxen med introduktion för uppdraget, som träffar barnet minst en "
        "gång i månaden, helst två, några timmar åt gången, och åtar sig uppdraget ett år i "
        "taget. Hen finns till för barnet: inte som föräldrarnas hjälpreda eller gratis barnvakt.",
        en="What a support person is – and is not",
        en_help="An ordinary adult, trained for the role, who spends a few hours with the child "
        "at least once a month, preferably twice, and commits for a year at a time. They are "
        "there for the child: not a helper for the parents, nor a free babysitter.",
    ),
    item_of(
        "volunteer_intro",
        fi="Tukihenkilö esittäytyy",
        fi_help="Lyhyesti: kuka hän on, ikä, perhe, työ, missä asuu, harrastukset, mistä on "
        "kiinnostunut ja mitä tekee mielellään.",
        sv="Stödpersonen presenterar sig",
        sv_help="Kort: vem hen är, ålder, familj, arbete, var hen bor, fritidsintressen, vad "
        "hen är intresserad av och gärna gör.",
        en="The support person introduces themselves",
        en_help="Briefly: who they are, age, family, work, where they live, hobbies, what "
        "interests them and what they like doing.",
    ),
    item_of(
        "child_basics",
        fi="Lapsen perustiedot ja kiinnostuksen kohteet",
        fi_help="Ikä, koulu, missä asuu, harrastukset ja kaverit. Mistä lapsi on kiinnostunut "
        "ja millaisesta tekemisestä hän pitää?",
        sv="Barnets grunduppgifter och intressen",
        sv_help="Ålder, skola, var barnet bor, fritidsintressen och kompisar. Vad är barnet "
        "intresserat av och vad tycker hen om att göra?",
        en="The child's basics and interests",
        en_help="Age, school, where they live, hobbies and friends. What interests the child, "
        "and what do they enjoy doing?",
    ),
    item_of(
        "needs_goals",
        ("new_goals",),
        fi="Miksi tukihenkilö, tavoitteet ja huoli",
        fi_help="Miksi lapsi tarvitsee tukihenkilöä ja mitä tukisuhteella tavoitellaan? Mitä "
        "tukihenkilöltä toivotaan? Mikä huolettaa huoltajaa tai työntekijää lapsen tai perheen "
        "tilanteessa? Kirjaa tavoitteet.",
        sv="Varför en stödperson, målen och oron",
        sv_help="Varför behöver barnet en stödperson och vad ska stödrelationen leda till? Vad "
        "önskar man av stödpersonen? Vad oroar vårdnadshavaren eller socialarbetaren i barnets "
        "eller familjens situation? Skriv in målen.",
        en="Why support is needed, the goals, the worry",
        en_help="Why does the child need a support person, and what should the relationship "
        "achieve? What is hoped of the support person? What worries the guardian or the social "
        "worker about the child or the family? Record the goals.",
    ),
    item_of(
        "activities",
        fi="Mitä lapsi haluaisi tehdä",
        fi_help="Mitä lapsi haluaisi tehdä tukihenkilön kanssa? Suositaan maksutonta tai "
        "edullista: pelit ja leikit, kävely kaupungilla, koiran ulkoilutus, retket luontoon, "
        "kahvilla käynti, näyttelyt ja museot.",
        sv="Vad barnet skulle vilja göra",
        sv_help="Vad vill barnet göra tillsammans med stödpersonen? Gratis eller billiga saker "
        "uppmuntras: spel och lekar, en promenad på stan, rasta en hund, ut i naturen, ett "
        "kafébesök, utställningar och museer.",
        en="What the child would like to do",
        en_help="What would the child like to do with the support person? Free or low-cost "
        "things are encouraged: games, a walk in town, walking a dog, time outdoors, a café, "
        "exhibitions and museums.",
    ),
    item_of(
        "arranging",
        ("arranged_via", "contact"),
        fi="Tapaamisten sopiminen ja yhteydenpito",
        fi_help="Kenen kanssa tukihenkilö sopii tapaamiset ja miten hän pitää yhteyttä lapseen "
        "ja huoltajiin? Alakouluikäisen kanssa toimii yleensä parhaiten, että tapaamiset "
        "sovitaan vanhempien kautta, esimerkiksi WhatsApp-ryhmässä.",
        sv="Hur träffarna bokas och hur ni håller kontakt",
        sv_help="Med vem kommer stödpersonen överens om träffarna, och hur håller hen kontakt "
        "med barnet och vårdnadshavarna? Med ett barn i lågstadieåldern fungerar det oftast "
        "bäst att boka via föräldrarna, till exempel i en WhatsApp-grupp.",
        en="Arranging meetings and keeping in touch",
        en_help="With whom does the support person agree the meetings, and how do they keep in "
        "touch with the child and the guardians? With a primary-school child it usually works "
        "best to arrange them through the parents, for example in a WhatsApp group.",
    ),
    item_of(
        "travel",
        ("travels_alone",),
        fi="Liikkuuko lapsi itsenäisesti",
        fi_help="Pääseekö lapsi tapaamisiin yksin, myös bussilla, vai pitääkö hänet saattaa ja "
        "hakea?",
        sv="Kan barnet ta sig fram på egen hand",
        sv_help="Kan barnet ta sig till träffarna ensam, också med buss, eller ska hen följas "
        "dit och hämtas?",
        en="Can the child travel alone",
        en_help="Can the child get to meetings on their own, buses included, or must they be "
        "taken and fetched?",
    ),
    item_of(
        "first_meeting",
        ("first_meeting",),
        fi="Ensimmäinen tapaaminen ja puhelinnumerot",
        fi_help="Sovitaan ensimmäisen tapaamisen päivä, kellonaika, paikka ja mitä silloin "
        "tehdään. Lapselle on usein helpointa, että tukihenkilö tulee ensin hänen kotiinsa. "
        "Vaihdetaan puhelinnumerot.",
        sv="Den första träffen och telefonnummer",
        sv_help="Kom överens om dag, klockslag och plats för den första träffen och vad ni ska "
        "göra då. Ofta är det lättast för barnet att stödpersonen först kommer hem till hen. "
        "Byt telefonnummer.",
        en="The first meeting and phone numbers",
        en_help="Agree the day, time and place of the first meeting and what to do then. It is "
        "often easiest for the child if the support person first comes to their home. Exchange "
        "phone numbers.",
    ),
    item_of(
        "costs",
        fi="Kulut",
        fi_help="Tukihenkilö saa pienen palkkion ja kulukorvauksen omiin tapaamiskuluihinsa. "
        "Hän ei maksa lapsen kuluja: ne maksavat huoltajat.",
        sv="Kostnader",
        sv_help="Stödpersonen får ett litet arvode och en kostnadsersättning för sina egna "
        "utgifter vid träffarna. Hen betalar inte barnets kostnader: det gör vårdnadshavarna.",
        en="Costs",
        en_help="The support person gets a small fee and an expense allowance for their own "
        "costs of the meetings. They pay none of the child's costs: the guardians do.",
    ),
    item_of(
        "car_home",
        ("car_consent", "home_visit_consent"),
        fi="Autokyydit ja vierailut tukihenkilön kotona",
        fi_help="Jos tukihenkilö haluaa kuljettaa lasta autolla tai ottaa lapsen kotiinsa, "
        "huoltaja antaa siihen luvan kerran, tässä.",
        sv="Bilskjuts och besök hemma hos stödpersonen",
        sv_help="Om stödpersonen vill skjutsa barnet med bil eller ta med barnet hem till sig, "
        "ger vårdnadshavaren sitt lov en gång, här.",
        en="Car rides and visits to the support person's home",
        en_help="If the support person wants to drive the child or take them to their home, "
        "the guardian gives consent once, here.",
    ),
    item_of(
        "duties",
        fi="Tukihenkilön kolme velvollisuutta",
        fi_help="1) Raportointi: palkkio maksetaan, kun kuukausiraportti (päivät, joina "
        "tavattiin) on palautettu. 2) Vaitiolo: tukisuhteessa kuultu ei kulje eteenpäin. "
        "3) Ilmoitusvelvollisuus: huolen herätessä tukihenkilö ottaa viipymättä yhteyttä lapsen "
        "sosiaalityöntekijään, toiminnan sosiaalityöntekijään tai sosiaalipäivystykseen.",
        sv="Stödpersonens tre skyldigheter",
        sv_help="1) Rapportering: arvodet betalas när månadsrapporten (de dagar ni träffades) "
        "har lämnats in. 2) Tystnadsplikt: det man får veta i stödrelationen förs inte vidare. "
        "3) Anmälningsplikt: blir stödpersonen orolig kontaktar hen utan dröjsmål barnets "
        "socialarbetare, verksamhetens socialarbetare eller socialjouren.",
        en="The support person's three duties",
        en_help="1) Reporting: the fee is paid once the monthly report (the days they met) is "
        "in. 2) Confidentiality: what they learn in the relationship goes no further. 3) Duty to "
        "notify: if worried, they contact the child's social worker, the programme's social "
        "worker or the social emergency service without delay.",
    ),
    item_of(
        "insurance",
        fi="Vakuutukset",
        fi_help="Järjestäjä on vakuuttanut tukihenkilön tapaturmien varalta. Vakuutus ei "
        "korvaa vahinkoja, jotka sattuvat lapselle tai jotka lapsi aiheuttaa.",
        sv="Försäkringar",
        sv_help="Anordnaren har olycksfallsförsäkrat stödpersonen. Försäkringen ersätter inte "
        "skador som drabbar barnet eller som barnet orsakar.",
        en="Insurance",
        en_help="The programme insures the support person against accidents. That insurance "
        "does not cover harm that happens to the child or that the child causes.",
    ),
    item_of(
        "agreement",
        ("start_on", "planned_end", "max_meetings", "meetings_per_month", "next_review_on"),
        fi="Tukisuhdesopimus",
        fi_help="Kirjataan sopimuksen alkamispäivä, suunniteltu päättymispäivä (yleensä vuosi "
        "kerrallaan; ammatillinen palvelu vähintään puoli vuotta), tapaamisten enimmäismäärä, "
        "tavoiteltu tiheys ja tarkistuspalaverin ajankohta (yleensä noin vuoden päästä).",
        sv="Avtalet om stödrelationen",
        sv_help="Anteckna avtalets startdag, planerat slutdatum (oftast ett år i taget; en "
        "professionell tjänst minst ett halvt år), högsta antalet träffar, hur ofta ni siktar "
        "på att ses och när uppföljningen hålls (oftast om ungefär ett år).",
        en="The support agreement",
        en_help="Record the agreement's start, its planned end (usually a year at a time; a "
        "professional service at least six months), the maximum number of meetings, how often "
        "you aim to meet, and when the review is held (usually in about a year).",
    ),
)

REVIEW = (
    item_of(
        "how_it_went",
        fi="Miten tukisuhde on sujunut",
        fi_help="Ovatko tapaamiset toteutuneet, ja miltä tukisuhde tuntuu lapsesta, huoltajista "
        "ja tukihenkilöstä? Miten tavoitteissa on edetty?",
        sv="Hur stödrelationen har fungerat",
        sv_help="Har träffarna blivit av, och hur upplever barnet, vårdnadshavarna och "
        "stödpersonen relationen? Hur har ni kommit framåt mot målen?",
        en="How it has gone",
        en_help="Have the meetings happened, and how do the child, the guardians and the "
        "support person find the relationship? What progress towards the goals?",
    ),
    item_of(
        "continue",
        ("continue_", "next_review_on", "planned_end", "max_meetings", "end_reason", "end_note"),
        fi="Jatketaanko tukisuhdetta",
        fi_help="Tarvitaanko tukea yhä? Jos jatketaan: seuraavan tarkistuksen päivä ja "
        "tarvittaessa uusi päättymispäivä ja tapaamisten enimmäismäärä. Jos ei: päättymisen syy, "
        "jolloin tukisuhde päättyy tähän palaveriin.",
        sv="Fortsätter stödrelationen",
        sv_help="Behövs stödet fortfarande? Om det fortsätter: dagen för nästa uppföljning och "
        "vid behov ett nytt slutdatum och högsta antal träffar. Om inte: orsaken, och "
        "stödrelationen avslutas med detta möte.",
        en="Continue or not",
        en_help="Is the support still needed? If it continues: the date of the next review and, "
        "if needed, a new planned end and maximum of meetings. If not: the reason, and the "
        "relationship ends with this meeting.",
    ),
    item_of(
        "problems",
        fi="Pulmatilanteet",
        fi_help="Onko ollut hankalia tilanteita tai asioita, jotka pitää ratkaista yhdessä?",
        sv="Problem",
        sv_help="Har det funnits svåra situationer eller något som behöver lösas tillsammans?",
        en="Problems",
        en_help="Have there been difficult situations, or anything to solve together?",
    ),
    item_of(
        "new_goals",
        ("new_goals", "achieved_goal_ids", "dropped_goal_ids"),
        fi="Uudet tavoitteet",
        fi_help="Mitkä tavoitteet on saavutettu, mistä luovutaan ja mitä uusia tavoitteita "
        "asetetaan seuraavaksi jaksoksi?",
        sv="Nya mål",
        sv_help="Vilka mål har uppnåtts, vilka släpps och vilka nya mål sätts för nästa period?",
        en="New goals",
        en_help="Which goals were reached, which are let go, and which new goals are set for "
        "the next period?",
    ),
    item_of(
        "rules",
        fi="Pelisäännöt uudelleen",
        fi_help="Kerrataan yhteydenpito, tapaamisten sopiminen ja peruminen (sairaana ei "
        "tavata, eikä peruttua tapaamista tarvitse korvata) sekä kulujen korvaaminen.",
        sv="Spelreglerna en gång till",
        sv_help="Gå igenom kontakten, hur träffar bokas och ställs in (den som är sjuk stannar "
        "hemma, och en inställd träff behöver inte tas igen) och ersättningen för kostnader.",
        en="The rules again",
        en_help="Go over keeping in touch, arranging and cancelling meetings (nobody comes ill, "
        "and a cancelled meeting need not be made up) and how costs are paid.",
    ),
)

ENDING = (
    item_of(
        "why_end",
        ("end_reason", "end_note"),
        fi="Miksi tukisuhde päättyy",
        fi_help="Kirjataan syy: tavoitteet saavutettu, sovittu aika täynnä, tukihenkilön tai "
        "perheen syyt, lapsen toive, turvallisuus tai muu.",
        sv="Varför stödrelationen avslutas",
        sv_help="Anteckna orsaken: målen uppnådda, den avtalade tiden slut, stödpersonens eller "
        "familjens skäl, barnets önskan, säkerhet eller annat.",
        en="Why it ends",
        en_help="Record the reason: goals met, the agreed time is over, the support person's "
        "or the family's reasons, the child's wish, safety, or other.",
    ),
    item_of(
        "what_it_gave",
        ("gave",),
        fi="Mitä tukisuhde antoi",
        fi_help="Mitä tukisuhde on antanut lapselle, huoltajille ja tukihenkilölle? Jokainen "
        "saa sanoa omansa.",
        sv="Vad stödrelationen gav",
        sv_help="Vad har stödrelationen gett barnet, vårdnadshavarna och stödpersonen? Var och "
        "en får säga sitt.",
        en="What it gave each party",
        en_help="What has the relationship given the child, the guardians and the support "
        "person? Everyone has their say.",
    ),
    item_of(
        "memories",
        fi="Yhteiset muistot",
        fi_help="Muistellaan yhdessä, mitä on tehty ja koettu.",
        sv="Gemensamma minnen",
        sv_help="Minns tillsammans vad ni har gjort och upplevt.",
        en="Remembering together",
        en_help="Look back together on what you did and lived through.",
    ),
    item_of(
        "feelings",
        fi="Päättymisen tunteet",
        fi_help="Puhutaan tunteista, joita päättyminen ja luopuminen herättävät niin lapsessa "
        "kuin aikuisissa.",
        sv="Känslorna kring avslutet",
        sv_help="Prata om känslorna som avslutet och avskedet väcker, hos barnet och hos de vuxna.",
        en="The feelings of ending",
        en_help="Talk about the feelings that ending and letting go bring up, in the child and "
        "in the adults.",
    ),
)

CLIENT_PLAN = (
    item_of(
        "summary",
        fi="Yhteenveto tehdystä työstä",
        fi_help="Mitä edellisen palaverin jälkeen on tehty: tapaamiset, työskentelyn välineet, "
        "yhteistyö perheen ja koulun kanssa.",
        sv="Sammanfattning av arbetet",
        sv_help="Vad har gjorts sedan förra mötet: träffarna, arbetsredskapen, samarbetet med "
        "familjen och skolan.",
        en="Summary of the work done",
        en_help="What has been done since the last meeting: the meetings, the tools used, the "
        "work with the family and the school.",
    ),
    item_of(
        "goals",
        ("new_goals", "achieved_goal_ids", "dropped_goal_ids"),
        fi="Tavoitteet ja vaikuttavuus",
        fi_help="Miten tavoitteet ovat toteutuneet ja mitä vaikuttavuuden mittarit kertovat? "
        "Päivitetään tavoitteet.",
        sv="Målen och effekten",
        sv_help="Hur långt har målen nåtts och vad visar effektmätningarna? Uppdatera målen.",
        en="Goals and effect",
        en_help="How far have the goals been met, and what do the effectiveness measures show? "
        "Update the goals.",
    ),
    item_of(
        "phase",
        ("phase",),
        fi="Työskentelyn vaihe",
        fi_help="Sovitaan vaihe, jossa jatketaan: aloitus (tutustuminen, pelisäännöt, oma "
        "yhteinen tekeminen), luottamuksen rakentaminen (tehtävät ja välineet), tulevaisuus "
        "(tavoitteet lähes saavutettu, lapsen omat turvalliset aikuiset) tai tarpeettomuus "
        "(suunniteltu siirtymä lapsen omaan verkostoon tai muihin palveluihin; voidaan ohittaa, "
        "jos jatkaminen on lapsen etu).",
        sv="Arbetets fas",
        sv_help="Kom överens om fasen arbetet fortsätter i: start (lära känna varandra, "
        "spelregler, en egen gemensam grej), att bygga förtroende (uppgifter och verktyg), "
        "framtid (målen nästan nådda, trygga vuxna i barnets eget nätverk) eller att bli "
        "överflödig (en planerad överlämning till barnets eget nätverk eller andra tjänster; kan "
        "hoppas över när det är bäst för barnet att fortsätta).",
        en="The phase of the work",
        en_help="Agree the phase the work goes on in: start (getting to know each other, the "
        "rules, finding 'our thing'), building trust (tasks and tools), future (goals nearly met, "
        "safe adults in the child's own network) or becoming unnecessary (a planned hand-over to "
        "the child's own network or other services; may be skipped when going on serves the "
        "child).",
    ),
    item_of(
        "next_steps",
        fi="Seuraavat askeleet",
        fi_help="Mitä seuraavaksi: tapaamisten tiheys, puhelintuki, harrastus- ja matkakulut, "
        "mahdolliset kriisipalaverit ja seuraavan palaverin ajankohta.",
        sv="Nästa steg",
        sv_help="Vad händer härnäst: hur ofta ni ses, telefonstödet, kostnader för fritid och "
        "resor, eventuella krismöten och när nästa möte hålls.",
        en="Next steps",
        en_help="What comes next: how often to meet, phone support, hobby and travel costs, "
        "crisis meetings if needed, and when the next meeting is.",
    ),
)

AGENDAS: dict[PalaveriKind, tuple[Item, ...]] = {
    PalaveriKind.START: START,
    PalaveriKind.REVIEW: REVIEW,
    PalaveriKind.ENDING: ENDING,
    PalaveriKind.CLIENT_PLAN: CLIENT_PLAN,
}
