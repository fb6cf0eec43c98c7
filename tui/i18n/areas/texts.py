"""Texts of confidential input on the command line (`tuki log --report`, `tuki concern`)."""

FI = {
    "texts.argv_warning": "Varoitus: luottamuksellinen teksti annettiin komentoriviltä "
    "({options}); "
    "palvelimen muut käyttäjät näkevät sen prosessilistassa ja se jää komentohistoriaan. Anna "
    "tekstit jatkossa tiedostosta tai vakiosyötteestä (--report - tai --what-from -).",
    "texts.twice": "Anna tekstit joko tiedostosta tai komentoriviltä, ei molemmista ({options}).",
    "texts.unreadable": "Tiedostoa {file} ei voi lukea: {why}",
    "texts.too_long": "Tekstit kohteessa {file} ovat liian pitkiä (enintään 1 Mt).",
    "texts.not_utf8": "Tekstit kohteessa {file} eivät ole UTF-8-muotoisia.",
    "texts.bad_line": "Kohteen {file} rivi {line} ei ala avaimella: käytä rivejä 'how: …', "
    "'wellbeing: …', 'progress: …', 'goal N: …' tai 'note: …'.",
    "texts.unknown_key": "Tuntematon avain {name} kohteessa {file}: käytä avaimia how, wellbeing, "
    "progress, goal N ja note.",
    "texts.concern_needs_text": "Kerro, mitä nähtiin tai kuultiin: --what-from TIEDOSTO, "
    "--what-from - (vakiosyöte) tai aja komento päätteessä, niin Tuki kysyy.",
    "texts.ask.how": "Miten tapaaminen meni?",
    "texts.ask.wellbeing": "Mitä tukihenkilö huomasi lapsen hyvinvoinnista?",
    "texts.ask.progress": "Edistyminen kohti tavoitteita?",
    "texts.ask.note": "Miksi tapaaminen peruttiin?",
}

SV = {
    "texts.argv_warning": "Varning: konfidentiell text gavs på kommandoraden ({options}); andra "
    "användare på servern ser den i processlistan och den stannar i kommandohistoriken. Ge "
    "texterna i stället från en fil eller standard in (--report - eller --what-from -).",
    "texts.twice": "Ge texterna antingen från en fil eller på kommandoraden, inte båda "
    "({options}).",
    "texts.unreadable": "Filen {file} kan inte läsas: {why}",
    "texts.too_long": "Texterna i {file} är för långa (högst 1 MB).",
    "texts.not_utf8": "Texterna i {file} är inte i UTF-8.",
    "texts.bad_line": "Rad {line} i {file} börjar inte med en nyckel: använd rader 'how: …', "
    "'wellbeing: …', 'progress: …', 'goal N: …' eller 'note: …'.",
    "texts.unknown_key": "Okänd nyckel {name} i {file}: använd how, wellbeing, progress, goal N "
    "och note.",
    "texts.concern_needs_text": "Berätta vad som sågs eller hördes: --what-from FIL, "
    "--what-from - (standard in) eller kör kommandot i en terminal, så frågar Tuki.",
    "texts.ask.how": "Hur gick träffen?",
    "texts.ask.wellbeing": "Vad märkte stödpersonen om barnets välbefinnande?",
    "texts.ask.progress": "Framsteg mot målen?",
    "texts.ask.note": "Varför ställdes träffen in?",
}

EN = {
    "texts.argv_warning": "Warning: confidential text was given on the command line "
    "({options}); other users of the server see it in the process list and it stays in the "
    "shell history. Give the texts from a file or standard input instead (--report - or "
    "--what-from -).",
    "texts.twice": "Give the texts either from a file or on the command line, not both "
    "({options}).",
    "texts.unreadable": "Cannot read {file}: {why}",
    "texts.too_long": "The texts in {file} are too long (at most 1 MB).",
    "texts.not_utf8": "The texts in {file} are not UTF-8.",
    "texts.bad_line": "Line {line} of {file} does not start with a key: use 'how: …', "
    "'wellbeing: …', 'progress: …', 'goal N: …' or 'note: …' lines.",
    "texts.unknown_key": "Unknown key {name} in {file}: use how, wellbeing, progress, goal N and "
    "note.",
    "texts.concern_needs_text": "Say what was seen or heard: --what-from FILE, --what-from - "
    "(standard input), or run the command at a terminal and Tuki asks.",
    "texts.ask.how": "How did the meeting go?",
    "texts.ask.wellbeing": "What did the volunteer notice about the child's wellbeing?",
    "texts.ask.progress": "Progress towards the goals?",
    "texts.ask.note": "Why was the meeting cancelled?",
}
