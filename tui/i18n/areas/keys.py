"""Texts of the user's keymap file (keys.toml): what was left out of it, and why."""

FI = {
    "keys.ignored": "Näppäintiedostosta {file} jätettiin pois: {what}",
    "keys.unreadable": "koko tiedosto, sitä ei voitu lukea TOML-muodossa ({detail})",
    "keys.unknown": "tuntematon tunnus {id}",
    "keys.bad_key": "{id} = {keys} (tuntematon näppäin)",
    "keys.clash": "{ids} (sama näppäin {keys} kahdelle toiminnolle)",
}

SV = {
    "keys.ignored": "Ur tangentfilen {file} lämnades bort: {what}",
    "keys.unreadable": "hela filen, den kunde inte läsas som TOML ({detail})",
    "keys.unknown": "okänt id {id}",
    "keys.bad_key": "{id} = {keys} (okänd tangent)",
    "keys.clash": "{ids} (samma tangent {keys} för två funktioner)",
}

EN = {
    "keys.ignored": "Left out of the keymap file {file}: {what}",
    "keys.unreadable": "the whole file, it could not be read as TOML ({detail})",
    "keys.unknown": "unknown id {id}",
    "keys.bad_key": "{id} = {keys} (not a key)",
    "keys.clash": "{ids} (one key {keys} for two actions)",
}
