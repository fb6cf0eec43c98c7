"""Texts of which data folder Tuki opens (`tuki where`, the start screen's notices, the demo)."""

FI = {
    "where.why": "Valittu: {source}",
    "where.source.option": "komentorivin --data-dir",
    "where.source.env": "ympäristömuuttuja TUKI_DATA_DIR",
    "where.source.user": "käyttäjän asetustiedosto {file}",
    "where.source.site": "koko palvelimen asetustiedosto {file}",
    "where.source.default": "oletus (käyttäjän oma tietokansio)",
    "where.missing": "Tietokansiota {folder} ei ole. Jos tiimin tiedot ovat muualla, anna "
    "--data-dir KANSIO, aseta TUKI_DATA_DIR tai nimeä kansio tiedostossa {config} "
    '(data_dir = "/polku").',
    "where.empty": "Tietokansiossa {folder} ei ole tietoja. Jos tiimin tiedot ovat muualla, anna "
    "--data-dir KANSIO, aseta TUKI_DATA_DIR tai nimeä kansio tiedostossa {config} "
    '(data_dir = "/polku").',
    "start.empty_folder": "Tietokansio {folder} on tyhjä ({source}). Jos tiimin tiedot ovat "
    "muualla, käynnistä Tuki valitsimella --data-dir KANSIO tai nimeä kansio tiedostossa "
    "{config}.",
    "demo.removed_on_exit": "Esimerkkiaineisto on väliaikaisessa kansiossa {folder}; se "
    "poistetaan, kun suljet Tukin (säilytä se valitsimella --keep).",
    "demo.kept": "Esimerkkiaineisto on kansiossa {folder}; se säilyy, kun suljet Tukin.",
}

SV = {
    "where.why": "Vald: {source}",
    "where.source.option": "--data-dir på kommandoraden",
    "where.source.env": "miljövariabeln TUKI_DATA_DIR",
    "where.source.user": "användarens inställningsfil {file}",
    "where.source.site": "serverns gemensamma inställningsfil {file}",
    "where.source.default": "standard (användarens egen datamapp)",
    "where.missing": "Datamappen {folder} finns inte. Om teamets data finns någon annanstans, "
    'ange --data-dir MAPP, sätt TUKI_DATA_DIR eller ange mappen i {config} (data_dir = "/sökväg").',
    "where.empty": "Datamappen {folder} innehåller inga data. Om teamets data finns någon "
    "annanstans, ange --data-dir MAPP, sätt TUKI_DATA_DIR eller ange mappen i {config} "
    '(data_dir = "/sökväg").',
    "start.empty_folder": "Datamappen {folder} är tom ({source}). Om teamets data finns någon "
    "annanstans, starta Tuki med --data-dir MAPP eller ange mappen i {config}.",
    "demo.removed_on_exit": "Demodata finns i den tillfälliga mappen {folder}; den tas bort när "
    "du stänger Tuki (behåll den med --keep).",
    "demo.kept": "Demodata finns i mappen {folder}; den finns kvar när du stänger Tuki.",
}

EN = {
    "where.why": "Chosen by: {source}",
    "where.source.option": "--data-dir on the command line",
    "where.source.env": "the TUKI_DATA_DIR environment variable",
    "where.source.user": "the user's config file {file}",
    "where.source.site": "the server's config file {file}",
    "where.source.default": "the default (the user's own data folder)",
    "where.missing": "The data folder {folder} does not exist. If your team's data is "
    "elsewhere, give --data-dir DIR, set TUKI_DATA_DIR or name the folder in {config} "
    '(data_dir = "/path").',
    "where.empty": "The data folder {folder} holds no data. If your team's data is elsewhere, "
    'give --data-dir DIR, set TUKI_DATA_DIR or name the folder in {config} (data_dir = "/path").',
    "start.empty_folder": "The data folder {folder} is empty ({source}). If your team's data is "
    "elsewhere, start Tuki with --data-dir DIR or name the folder in {config}.",
    "demo.removed_on_exit": "The demo data is in the temporary folder {folder}; it is removed "
    "when you close Tuki (keep it with --keep).",
    "demo.kept": "The demo data is in {folder}; it stays when you close Tuki.",
}
