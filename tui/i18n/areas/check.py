"""Texts of `tuki check` and of the data folder's own refusals (damage, missing file, journal)."""

FI = {
    # why a file cannot be read
    "reason.empty": "tiedosto on tyhjä",
    "reason.not_json": "tiedosto ei ole kelvollista JSONia",
    "reason.not_document": "tiedosto ei ole Tukin tietotiedosto",
    "reason.not_table": "taulu {table} on rikki",
    "reason.missing": "tiedosto puuttuu",
    "reason.other": "{reason}",
    # the folder's refusals
    "error.damaged_file": "Tietotiedosto {file} on vioittunut ({reason}). Tuki pysähtyi, jotta "
    "mitään ei kirjoiteta päälle. Uusin varmuuskopio on {backup}. Aja 'tuki check --repair': "
    "se palauttaa tiedoston ja luettelee, mitä varmuuskopiosta puuttuu.",
    "error.damaged_file_no_backup": "Tietotiedosto {file} on vioittunut ({reason}). Tuki "
    "pysähtyi, jotta mitään ei kirjoiteta päälle. Varmuuskopiota ei löytynyt. Aja 'tuki check "
    "--repair': se pelastaa tiedostosta sen, mikä on luettavissa, ja luettelee loput.",
    "error.journal_damaged": "Keskeytyneen muutoksen päiväkirjaa {file} ei voi soveltaa "
    "({reason}); mitään ei kirjoitettu. Aja 'tuki check --repair': se siirtää päiväkirjan "
    "sivuun ja kertoo, mikä muutos on voinut kadota{named}.",
    "error.invalid_record": "Tietoa {kind} {ref} tiedostossa {file} ei voi lukea ({problems}). "
    "Mitään ei muutettu. Aja 'tuki check': se luettelee kaikki tällaiset tiedot kenttineen.",
    "error.busy": "Kansio {folder} on toisen Tukin lukitsema liian kauan{holder}; mitään ei "
    "muutettu. Yritä hetken päästä uudelleen.",
    "error.pending_change": "Muutos tallentui, mutta sitä ei voitu viedä loppuun kansioon "
    "{folder} ({why}). Tuki vie sen loppuun seuraavassa tallennuksessa; älä syötä sitä "
    "uudelleen. Vapauta levytilaa tai tarkista kansion oikeudet.",
    "error.disk_full": "Levy on täynnä: Tuki ei voinut tallentaa kansioon {folder}. Mitään ei "
    "muutettu. Vapauta levytilaa (tai pyydä palvelimen ylläpitäjää vapauttamaan) ja tallenna "
    "uudelleen.",
    "error.read_only": "Tietokansio {folder} on vain luku -tilassa olevassa "
    "tiedostojärjestelmässä, joten Tuki ei voi tallentaa sinne. Mitään ei muutettu. Pyydä "
    "ylläpitäjää sallimaan kirjoitus tai valitse toinen kansio valitsimella --data-dir.",
    "error.write_denied": "Sinulla ei ole kirjoitusoikeutta kansioon {folder}, joten Tuki ei "
    "voi tallentaa sinne. Mitään ei muutettu. Pyydä kansion omistajalta kirjoitusoikeus "
    "(tiimin kansiossa: jäsenyys kansion ryhmässä).",
    "error.lock_not_a_file": "{lock} on Tukin lukkotiedoston paikalla, mutta se on kansio, joten "
    "Tuki ei voi lukita kansiota {folder}. Mitään ei muutettu. Siirrä {lock} muualle (Tuki "
    "tekee uuden lukkotiedoston itse) ja yritä uudelleen.",
    "error.write_failed": "Tuki ei voinut kirjoittaa kansioon {folder} ({why}). Mitään ei "
    "muutettu. Tarkista levy ja kansio ja yritä uudelleen.",
    "error.pending_blocked": "Aiemmin tallennettu muutos odottaa loppuun viemistä kansiossa "
    "{folder} ({why}); mitään uutta ei muutettu. Vapauta levytilaa tai tarkista kansion "
    "oikeudet ja yritä uudelleen: aiempi muutos viedään ensin loppuun. Älä syötä sitä "
    "uudelleen.",
    "why.disk_full": "levy on täynnä",
    "why.read_only": "tiedostojärjestelmä on vain luku -tilassa",
    "why.write_denied": "kirjoitusoikeus puuttuu",
    "why.other": "kirjoitus epäonnistui",
    "lock.held_by": "lukinnut {login} (prosessi {pid}) klo {since} alkaen",
    "lock.waiting": "Odotetaan tietokansiota: {holder}.",
    "lock.waiting_unknown": "Odotetaan tietokansiota: toinen Tuki pitää sitä lukittuna.",
    "ls.change_waits": "Huom: kansiossa {folder} on tallennettu muutos, jota ei ole vielä "
    "viety loppuun ({why}); yllä oleva lista on ilman sitä. Se viedään loppuun seuraavassa "
    "tallennuksessa, kun syy on poistunut (vapauta levytilaa tai tarkista oikeudet); älä syötä "
    "sitä uudelleen.",
    "error.folder_missing": "Tietokansiota {folder} ei ole.",
    "error.not_a_folder": "{folder} ei ole kansio.",
    # who may use the folder, and which folder (tui/config.py)
    "right.read": "lukuoikeutta",
    "right.write": "kirjoitusoikeutta",
    "error.folder_no_access": "Sinulla ei ole {right} tietokansioon {folder}. Sen antaa ryhmä "
    "{group}: pyydä palvelimen ylläpitäjää lisäämään sinut ryhmään ja kirjaudu sitten uudelleen.",
    "error.folder_private": "Sinulla ei ole {right} tietokansioon {folder}: se on käyttäjän "
    "{owner} yksityinen kansio. Käytä omaa kansiotasi tai pyydä yhteistä kansiota (README: "
    "'A team on one server').",
    "error.file_no_access": "Sinulla ei ole {right} tiedostoon {file}: se kuuluu käyttäjälle "
    "{owner} eikä ole jaettu ryhmälle {group}. Pyydä käyttäjää {owner} tai palvelimen "
    "ylläpitäjää ajamaan 'chmod -R g+rwX {folder}'.",
    "error.config_unreadable": "Asetustiedostoa {file} ei voi lukea ({why}).",
    "error.config_invalid": "Asetustiedosto {file} ei ole kelvollista TOMLia ({why}).",
    # tuki check
    "check.open_repairs": "Korjauksista syötettävää uudelleen:",
    "check.open_repair": "Korjaus {id} ({at}, {by}):",
    "check.recovered": "Palautettu:",
    "check.lost": "Syötä uudelleen:",
    "check.done_hint": "Kun kaikki on syötetty, merkitse korjaus tehdyksi: "
    "'tuki check --done {id}'.",
    "check.marked_done": "Korjaus {id} merkitty tehdyksi.",
    "check.item": "{kind} {ref}{name}: {what}",
    "check.journal_damaged": "keskeytyneen muutoksen päiväkirjaa ei voi soveltaa ({reason}); "
    "'tuki check --repair' siirtää sen sivuun; muutos tiedostoihin {files} voi olla kadonnut",
    "check.journal_set_aside": "keskeytyneen muutoksen päiväkirjaa ei voitu soveltaa "
    "({reason}); se siirrettiin sivuun nimellä {aside}. Muutos tiedostoihin {files} voi olla "
    "kadonnut: katso näiden tietojen uusimmat merkinnät",
    "check.journal_waits": "tallennettu muutos odottaa loppuun viemistä ({why}); se viedään "
    "loppuun seuraavassa tallennuksessa: älä syötä sitä uudelleen",
    "check.journal_finished": "keskeytynyt muutos vietiin loppuun",
    "check.temp_file": "keskeytyneen tallennuksen väliaikainen tiedosto",
    "check.file_missing": "tiedosto puuttuu, vaikka kansiossa on ollut se",
    "check.file_damaged": "tiedosto on vioittunut ({reason})",
    "check.file_restored": "tiedosto oli vioittunut ({reason}); koottu uudelleen "
    "varmuuskopiosta {backup} ({from_backup} tietuetta) ja vioittuneesta luettavissa olevasta "
    "({from_damaged} uudempaa tietuetta); vioittunut tiedosto on tallessa nimellä {aside}",
    "check.file_restored_missing": "tiedosto puuttui; koottu uudelleen varmuuskopiosta "
    "{backup} ({from_backup} tietuetta)",
    "check.file_salvaged": "tiedosto oli {what}; varmuuskopiota ei löytynyt: koottu siitä, mikä "
    "oli luettavissa ({from_damaged} tietuetta); vioittunut tiedosto on tallessa nimellä {aside}",
    "check.state.missing": "kadonnut",
    "check.state.damaged": "vioittunut",
    "check.lost_fields.client": "huoltajat, sosiaalityöntekijä, koulu, kielet, kiinnostukset, "
    "toiveet, terveystiedot",
    "check.lost_fields.volunteer": "soveltuvuusvaiheet, yhteystiedot, kiinnostukset, ajat",
    "check.lost_fields.relationship": "tavoitteet, suostumukset, yhteydenpito, ensitapaaminen, "
    "aiemmat tilamuutokset",
    "check.hint_records": "Tietuetta, jota ei voi lukea, korjaus ei muuta: korjaa nimetty kenttä "
    "tiedostoon käsin (ylläpitäjä) tai syötä tieto uudelleen.",
    "check.hint_waits": "Vapauta ensin levytilaa tai korjaa kansion oikeudet; sen jälkeen mikä "
    "tahansa tallennus (tai 'tuki check') vie odottavan muutoksen loppuun.",
    "check.record_invalid": "{where}: {problems}",
    "check.record_id": "{where}: sen tunniste on {id}",
    "check.record_elsewhere": "{where}: kuuluu tukisuhteelle {other}",
    "check.record_elsewhere_month": "{where}: toisen kuukauden tieto",
    "check.orphan": "sisältää tukisuhteen {rid} tietoja, mutta tukisuhdetta ei ole",
    "check.counters_behind": "tunnistelaskurit ovat käytössä olevien tunnisteiden jäljessä "
    "({n} nostettavaa); 'tuki check --repair' nostaa ne, ettei samaa tunnistetta anneta kahdesti",
    "check.counters_raised": "tunnistelaskurit nostettiin kaikkien käytössä olevien yläpuolelle",
    "check.index_stale": "vanhentunut: {entry}",
    "check.index_stale_more": "… ja {n} muuta",
    "check.index_rebuilt": "hakemisto rakennettiin uudelleen ({n} merkintää)",
    "item.missing": "puuttuu tiedostostaan; hakemisto muistaa sen: 'tuki check --repair' "
    "palauttaa sen",
    "item.recovered": "palautettu hakemistosta (syötä uudelleen: {missing})",
    "item.older": "vanhempi kuin hakemisto muistaa (muuttunut sen jälkeen: {fields})",
    "item.updated": "varmuuskopion jälkeiset muutokset palautettu hakemistosta ({fields})",
    "item.vetting_lost": "soveltuvuusvaihe '{step}' ({since}) on kadonnut: kirjaa se uudelleen",
    "item.lost": "kadonnut: syötä uudelleen",
    "item.lost_unknown": "kadonnut, eikä hakemisto muista sen tietoja: syötä uudelleen",
    "item.meetings_lost": "{count} tapaamista kadonnut ({months}): syötä uudelleen",
    "item.report_lost": "kuukauden {month} kuukausiraportti on kadonnut: kirjaa se uudelleen",
    "item.link_dropped": "viittasi kadonneeseen: {target} {target_id}; liitä uudelleen",
    "item.points_at_lost": "viittaa kadonneeseen: {target} {target_id}",
}

SV = {
    "reason.empty": "filen är tom",
    "reason.not_json": "filen är inte giltig JSON",
    "reason.not_document": "filen är ingen datafil för Tuki",
    "reason.not_table": "tabellen {table} är skadad",
    "reason.missing": "filen saknas",
    "reason.other": "{reason}",
    "error.damaged_file": "Datafilen {file} är skadad ({reason}). Tuki stannade så att inget "
    "skrivs över. Den senaste säkerhetskopian är {backup}. Kör 'tuki check --repair': den "
    "återställer filen och listar det som säkerhetskopian saknar.",
    "error.damaged_file_no_backup": "Datafilen {file} är skadad ({reason}). Tuki stannade så "
    "att inget skrivs över. Ingen säkerhetskopia hittades. Kör 'tuki check --repair': den "
    "räddar det som går att läsa och listar resten.",
    "error.journal_damaged": "Journalen för en avbruten ändring, {file}, kan inte tillämpas "
    "({reason}); inget skrevs. Kör 'tuki check --repair': den lägger journalen åt sidan och "
    "anger vilken ändring som kan ha gått förlorad{named}.",
    "error.invalid_record": "Posten {kind} {ref} i {file} kan inte läsas ({problems}). Inget "
    "ändrades. Kör 'tuki check': den listar alla sådana poster med sina fält.",
    "error.busy": "Mappen {folder} är låst av en annan Tuki för länge{holder}; inget ändrades. "
    "Försök igen om en stund.",
    "error.pending_change": "Ändringen sparades men kunde inte slutföras i {folder} ({why}). "
    "Tuki slutför den vid nästa sparande; mata inte in den igen. Frigör diskutrymme eller "
    "kontrollera mappens rättigheter.",
    "error.disk_full": "Disken är full: Tuki kunde inte spara i {folder}. Inget ändrades. "
    "Frigör diskutrymme (eller be serverns administratör om det) och spara igen.",
    "error.read_only": "Datamappen {folder} ligger i ett skrivskyddat filsystem, så Tuki kan "
    "inte spara där. Inget ändrades. Be administratören göra den skrivbar eller välj en annan "
    "mapp med --data-dir.",
    "error.write_denied": "Du har ingen skrivrätt till {folder}, så Tuki kan inte spara där. "
    "Inget ändrades. Be mappens ägare om skrivrätt (i en gemensam mapp: medlemskap i mappens "
    "grupp).",
    "error.lock_not_a_file": "{lock} ska vara Tukis låsfil men är en mapp, så Tuki kan inte låsa "
    "{folder}. Inget ändrades. Flytta {lock} åt sidan (Tuki gör en ny låsfil själv) och försök "
    "igen.",
    "error.write_failed": "Tuki kunde inte skriva i {folder} ({why}). Inget ändrades. "
    "Kontrollera disken och mappen och försök igen.",
    "error.pending_blocked": "En tidigare sparad ändring väntar på att slutföras i {folder} "
    "({why}); inget nytt ändrades. Frigör diskutrymme eller kontrollera mappens rättigheter och "
    "försök igen: den tidigare ändringen slutförs först. Mata inte in den igen.",
    "why.disk_full": "disken är full",
    "why.read_only": "filsystemet är skrivskyddat",
    "why.write_denied": "skrivrätt saknas",
    "why.other": "skrivningen misslyckades",
    "lock.held_by": "låst av {login} (process {pid}) sedan kl. {since}",
    "lock.waiting": "Väntar på datamappen: {holder}.",
    "lock.waiting_unknown": "Väntar på datamappen: en annan Tuki har låst den.",
    "ls.change_waits": "Obs: i {folder} finns en sparad ändring som ännu inte har slutförts "
    "({why}); listan ovan är utan den. Den slutförs vid nästa sparande när orsaken är borta "
    "(frigör diskutrymme eller kontrollera rättigheterna); mata inte in den igen.",
    "error.folder_missing": "Datamappen {folder} finns inte.",
    "error.not_a_folder": "{folder} är ingen mapp.",
    # who may use the folder, and which folder (tui/config.py)
    "right.read": "läsrätt",
    "right.write": "skrivrätt",
    "error.folder_no_access": "Du har inte {right} till datamappen {folder}. Gruppen {group} "
    "ger den: be serverns administratör lägga till dig i gruppen och logga sedan in på nytt.",
    "error.folder_private": "Du har inte {right} till datamappen {folder}: den är {owner}s "
    "privata mapp. Använd din egen mapp eller be om en gemensam mapp (README: 'A team on one "
    "server').",
    "error.file_no_access": "Du har inte {right} till filen {file}: den tillhör {owner} och är "
    "inte delad med gruppen {group}. Be {owner} eller serverns administratör köra "
    "'chmod -R g+rwX {folder}'.",
    "error.config_unreadable": "Inställningsfilen {file} kan inte läsas ({why}).",
    "error.config_invalid": "Inställningsfilen {file} är inte giltig TOML ({why}).",
    "check.open_repairs": "Att mata in på nytt efter reparationer:",
    "check.open_repair": "Reparation {id} ({at}, {by}):",
    "check.recovered": "Återställt:",
    "check.lost": "Mata in på nytt:",
    "check.done_hint": "När allt är inmatat, markera reparationen som klar: "
    "'tuki check --done {id}'.",
    "check.marked_done": "Reparation {id} markerad som klar.",
    "check.item": "{kind} {ref}{name}: {what}",
    "check.journal_damaged": "journalen för en avbruten ändring kan inte tillämpas ({reason}); "
    "'tuki check --repair' lägger den åt sidan; ändringen i {files} kan ha gått förlorad",
    "check.journal_set_aside": "journalen för en avbruten ändring kunde inte tillämpas "
    "({reason}); den lades åt sidan som {aside}. Ändringen i {files} kan ha gått förlorad: "
    "se de senaste uppgifterna i dessa poster",
    "check.journal_waits": "en sparad ändring väntar på att slutföras ({why}); den slutförs vid "
    "nästa sparande: mata inte in den igen",
    "check.journal_finished": "en avbruten ändring slutfördes",
    "check.temp_file": "en tillfällig fil efter ett avbrutet sparande",
    "check.file_missing": "filen saknas fast mappen har haft den",
    "check.file_damaged": "filen är skadad ({reason})",
    "check.file_restored": "filen var skadad ({reason}); sammanställd på nytt från "
    "säkerhetskopian {backup} ({from_backup} poster) och det som gick att läsa av den "
    "({from_damaged} nyare poster); den skadade filen finns kvar som {aside}",
    "check.file_restored_missing": "filen saknades; sammanställd på nytt från "
    "säkerhetskopian {backup} ({from_backup} poster)",
    "check.file_salvaged": "filen var {what}; ingen säkerhetskopia hittades: sammanställd av det "
    "som gick att läsa ({from_damaged} poster); den skadade filen finns kvar som {aside}",
    "check.state.missing": "borta",
    "check.state.damaged": "skadad",
    "check.lost_fields.client": "vårdnadshavare, socialarbetare, skola, språk, intressen, "
    "önskemål, hälsouppgifter",
    "check.lost_fields.volunteer": "lämplighetssteg, kontaktuppgifter, intressen, tider",
    "check.lost_fields.relationship": "mål, samtycken, kontakt, första träffen, tidigare "
    "tillståndsändringar",
    "check.hint_records": "En post som inte kan läsas ändras inte av reparationen: rätta det "
    "nämnda fältet i filen för hand (administratören) eller mata in posten på nytt.",
    "check.hint_waits": "Frigör först diskutrymme eller rätta mappens rättigheter; därefter "
    "slutför vilket sparande som helst (eller 'tuki check') den väntande ändringen.",
    "check.record_invalid": "{where}: {problems}",
    "check.record_id": "{where}: dess id är {id}",
    "check.record_elsewhere": "{where}: hör till stödrelation {other}",
    "check.record_elsewhere_month": "{where}: hör till en annan månad",
    "check.orphan": "innehåller poster för stödrelation {rid}, som inte finns",
    "check.counters_behind": "id-räknarna ligger efter de id som används ({n} att höja); "
    "'tuki check --repair' höjer dem så att inget id ges två gånger",
    "check.counters_raised": "id-räknarna höjdes över alla id som används",
    "check.index_stale": "föråldrad: {entry}",
    "check.index_stale_more": "… och {n} till",
    "check.index_rebuilt": "indexet byggdes om ({n} poster)",
    "item.missing": "saknas i sin fil; indexet minns den: 'tuki check --repair' återställer den",
    "item.recovered": "återställd från indexet (mata in på nytt: {missing})",
    "item.older": "äldre än indexet minns den (ändrat sedan dess: {fields})",
    "item.updated": "ändringar efter säkerhetskopian återställda från indexet ({fields})",
    "item.vetting_lost": "lämplighetssteget '{step}' ({since}) har gått förlorat: registrera "
    "det på nytt",
    "item.lost": "förlorad: mata in på nytt",
    "item.lost_unknown": "förlorad, och indexet minns inte dess uppgifter: mata in på nytt",
    "item.meetings_lost": "{count} träffar förlorade ({months}): mata in på nytt",
    "item.report_lost": "månadsrapporten för {month} har gått förlorad: registrera den på nytt",
    "item.link_dropped": "pekade på förlorad {target} {target_id}: koppla på nytt",
    "item.points_at_lost": "pekar på förlorad {target} {target_id}",
}

EN = {
    "reason.empty": "the file is empty",
    "reason.not_json": "the file is not valid JSON",
    "reason.not_document": "the file is not a Tuki data file",
    "reason.not_table": "its table {table} is damaged",
    "reason.missing": "the file is missing",
    "reason.other": "{reason}",
    "error.damaged_file": "The data file {file} is damaged ({reason}). Tuki stopped so that "
    "nothing is overwritten. The newest backup is {backup}. Run 'tuki check --repair': it "
    "restores the file and lists anything the backup lacks.",
    "error.damaged_file_no_backup": "The data file {file} is damaged ({reason}). Tuki stopped so "
    "that nothing is overwritten. No backup of it was found. Run 'tuki check --repair': it saves "
    "what can be read of the file and lists the rest for re-entry.",
    "error.journal_damaged": "The journal of an interrupted change, {file}, cannot be applied "
    "({reason}); nothing was written. Run 'tuki check --repair': it sets the journal aside and "
    "names the change that may be lost{named}.",
    "error.invalid_record": "The {kind} {ref} in {file} cannot be read ({problems}). Nothing "
    "was changed. Run 'tuki check': it lists every such record with its fields.",
    "error.busy": "The data folder {folder} is locked by another Tuki for too long{holder}; "
    "nothing was changed. Try again in a moment.",
    "error.pending_change": "The change was saved but could not be finished in {folder} "
    "({why}). Tuki finishes it at the next save; do not enter it again. Free some disk space or "
    "check the folder's rights.",
    "error.disk_full": "The disk is full: Tuki could not save in {folder}. Nothing was changed. "
    "Free some space on that disk (or ask the server's administrator to) and save again.",
    "error.read_only": "The data folder {folder} is on a read-only file system: Tuki cannot save "
    "there. Nothing was changed. Ask the administrator to make it writable, or choose another "
    "folder with --data-dir.",
    "error.write_denied": "You have no write permission to {folder}: Tuki cannot save there. "
    "Nothing was changed. Ask the folder's owner for write rights (in a team folder: membership "
    "of its group).",
    "error.lock_not_a_file": "{lock} should be Tuki's lock file but it is a folder, so Tuki "
    "cannot lock {folder}. Nothing was changed. Move {lock} aside (Tuki makes a new lock file "
    "itself) and try again.",
    "error.write_failed": "Tuki could not write in {folder} ({why}). Nothing was changed. Check "
    "the disk and the folder, then try again.",
    "error.pending_blocked": "A change saved earlier waits to be finished in {folder} ({why}); "
    "nothing new was changed. Free some disk space or check the folder's rights, then try "
    "again: the earlier change is finished first. Do not enter it again.",
    "why.disk_full": "the disk is full",
    "why.read_only": "the file system is read-only",
    "why.write_denied": "no write permission",
    "why.other": "a write failed",
    "lock.held_by": "held by {login} (process {pid}) since {since}",
    "lock.waiting": "Waiting for the data folder: {holder}.",
    "lock.waiting_unknown": "Waiting for the data folder: another Tuki holds its lock.",
    "ls.change_waits": "Note: {folder} holds a saved change that is not finished yet ({why}); "
    "the list above is without it. It is finished at the next save once the cause is gone "
    "(free some disk space or check the rights); do not enter it again.",
    "error.folder_missing": "The data folder {folder} does not exist.",
    "error.not_a_folder": "{folder} is not a folder.",
    # who may use the folder, and which folder (tui/config.py)
    "right.read": "read access",
    "right.write": "write access",
    "error.folder_no_access": "You have no {right} to the data folder {folder}. The group "
    "{group} grants it: ask the server's administrator to add you to that group, then log in "
    "again.",
    "error.folder_private": "You have no {right} to the data folder {folder}: it is the private "
    "folder of {owner}. Use your own folder or ask for a shared one (README: 'A team on one "
    "server').",
    "error.file_no_access": "You have no {right} to the file {file}: it belongs to {owner} and "
    "is not shared with the group {group}. Ask {owner} or the server's administrator to run "
    "'chmod -R g+rwX {folder}'.",
    "error.config_unreadable": "The config file {file} cannot be read ({why}).",
    "error.config_invalid": "The config file {file} is not valid TOML ({why}).",
    "check.open_repairs": "To enter again after repairs:",
    "check.open_repair": "Repair {id} ({at}, {by}):",
    "check.recovered": "Recovered:",
    "check.lost": "Enter again:",
    "check.done_hint": "When everything is entered, mark the repair done: "
    "'tuki check --done {id}'.",
    "check.marked_done": "Repair {id} marked done.",
    "check.item": "{kind} {ref}{name}: {what}",
    "check.journal_damaged": "the journal of an interrupted change cannot be applied ({reason}); "
    "'tuki check --repair' sets it aside; the change to {files} may be lost",
    "check.journal_set_aside": "the journal of an interrupted change could not be applied "
    "({reason}); it was set aside as {aside}. The change to {files} may be lost: look at the "
    "newest entries of those records",
    "check.journal_waits": "a saved change waits to be finished ({why}); it is finished at the "
    "next save once the cause is gone: do not enter it again",
    "check.journal_finished": "an interrupted change was finished",
    "check.temp_file": "a temporary file left by a stopped save",
    "check.file_missing": "the file is missing although the folder had it",
    "check.file_damaged": "the file is damaged ({reason})",
    "check.file_restored": "the file was damaged ({reason}); put together again from the backup "
    "{backup} ({from_backup} records) and what could be read of it ({from_damaged} newer "
    "records); the damaged file is kept as {aside}",
    "check.file_restored_missing": "the file was missing; put together again from the backup "
    "{backup} ({from_backup} records)",
    "check.file_salvaged": "the file was {what}; no backup of it was found: put together from "
    "what could be read of it ({from_damaged} records); the damaged file is kept as {aside}",
    "check.state.missing": "missing",
    "check.state.damaged": "damaged",
    "check.lost_fields.client": "guardians, social worker, school, languages, interests, "
    "wishes, health notes",
    "check.lost_fields.volunteer": "vetting steps, contact details, interests, availability",
    "check.lost_fields.relationship": "goals, consents, contact, first meeting, earlier state "
    "changes",
    "check.hint_records": "A repair leaves a record that cannot be read as it is: correct the "
    "named field in the file by hand (an administrator) or enter the record again.",
    "check.hint_waits": "First free some disk space or fix the folder's rights; then any save "
    "(or 'tuki check') finishes the waiting change.",
    "check.record_invalid": "{where}: {problems}",
    "check.record_id": "{where}: its id says {id}",
    "check.record_elsewhere": "{where}: belongs to relationship {other}",
    "check.record_elsewhere_month": "{where}: of another month",
    "check.orphan": "holds records of relationship {rid}, which does not exist",
    "check.counters_behind": "the id counters are behind the ids in use or kept in one place "
    "only ({n} to raise); 'tuki check --repair' raises them so that no id is given twice",
    "check.counters_raised": "the id counters were raised above every id in use",
    "check.index_stale": "out of date: {entry}",
    "check.index_stale_more": "… and {n} more",
    "check.index_rebuilt": "the index was rebuilt ({n} entries)",
    "item.missing": "missing from its file; the index remembers it: 'tuki check --repair' "
    "recovers it",
    "item.recovered": "recovered from the index (enter again: {missing})",
    "item.older": "older than the index remembers it (changed since: {fields})",
    "item.updated": "changes since the backup recovered from the index ({fields})",
    "item.vetting_lost": "its vetting step '{step}' of {since} is lost: record it again",
    "item.lost": "lost: enter it again",
    "item.lost_unknown": "lost, and the index does not remember its details: enter it again",
    "item.meetings_lost": "{count} meetings lost ({months}): enter them again",
    "item.report_lost": "the monthly report of {month} is lost: record it again",
    "item.link_dropped": "pointed at {target} {target_id}, which is lost: link it again",
    "item.points_at_lost": "points at {target} {target_id}, which is lost",
}
