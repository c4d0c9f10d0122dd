"""Click's own English messages into Dutch: its gettext message ids into the CLI's wording.

Click words every message it shows (usage errors, ``--help`` headings) through
``gettext``, bound in each of its modules as ``_`` and ``ngettext``. A gettext catalog
would need the user's locale to be Dutch; rulescore's users are Dutch whatever their
terminal says, so :func:`install` binds those names to this catalog instead. A message id
the catalog does not know stays as click words it (a newer click may add some): nothing
is ever lost, at worst it is English.
"""

from __future__ import annotations

import importlib

#: click's message id → Dutch, with the same ``{placeholders}``.
CATALOG = {
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Commando's",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "Show the version and exit.": "Toon de versie en stop.",
    "%(prog)s, version %(version)s": "%(prog)s, versie %(version)s",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "deprecated": "verouderd",
    "env var: {var}": "omgevingsvariabele: {var}",
    "Aborted!": "Afgebroken.",
    "Missing command.": "Geen commando gegeven.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Zie '{command} {option}' voor hulp.",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "No such command {name!r}.": "Onbekend commando {name!r}.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "unknown error": "onbekende fout",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} neemt {nargs} waarden.",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig {number_type}.",
    "{value} is not in the range {range}.": "{value} ligt niet in het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen ja/nee-waarde. Geldig: {states}",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
}

#: (singular, plural) → (Dutch singular, Dutch plural).
PLURALS = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelde u {possibility}?", "(Bedoelde u een van: {possibilities}?)"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} vraagt een waarde.", "Optie {name!r} vraagt {nargs} waarden."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is niet een van {choices}."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Neemt {nargs} waarden, maar er is er 1 gegeven.",
         "Neemt {nargs} waarden, maar er zijn er {len} gegeven."),
}

#: Every command's help as its users read it (the functions' docstrings stay the
#: developers' English); a test checks that every command has one.
COMMAND_HELP = {
    "batch": "Bereken veel huishoudens: HUISHOUDENS is JSON Lines (één situatie "
             "per regel) of Parquet (één huishouden per rij).\n\nSchrijft CSV, één rij per persoon: regel, persoon en elke uitkomst "
             "(bedragen met hun periode in de kop); met --van/--tot één rij per persoon, "
             "uitkomst en periode. Een huishouden dat niet te berekenen is, wordt met zijn "
             "regelnummer gemeld; de andere worden geschreven.",
    "check": "Controleer de geïnstalleerde regelingen, plus extra regelbestanden en een "
             "scenario; met --dekking: waar geen versie geldt.",
    "concepts": "Vergelijk de varianten van elk begrip (partner, inkomen, vermogen, "
                "kostendelers) voor SITUATIE, en wat een scenario verandert.",
    "evaluate": "Bereken elke uitkomst voor iedere persoon in SITUATIE, op een peildatum of "
                "per maand over een reeks.",
    "explain": "Verklaar NAAM (regeling.definitie) tot op de artikelen en de invoer.",
    "inputs": "Toon de invoer die opgegeven moet worden: alles, of wat REGELING nodig heeft "
              "via elke regeling die zij leest (met de regeling die haar declareert).",
    "kalender": "Elke betaling en terugvordering van het huishouden in een jaar, per dag en "
                "regeling.",
    "keten": "De keteneffecten van de nabetalingen in SITUATIE over een reeks maanden.",
    "lsp": "Start de taalserver voor regelbestanden op stdin/stdout (voor een editor: "
           "meldingen van de checker terwijl u typt, uitleg bij aanwijzen, ga naar de "
           "definitie, vind verwijzingen, aanvullen).",
    "plugins": "Toon de geïnstalleerde plugins, hun versies en wat zij bijdragen.",
    "schema": "Toon het JSON Schema van een situatie (uit de gedeclareerde invoer), of van "
              "de resultaten van evaluate op een dag (resultaat) of over een reeks maanden "
              "(reeks).",
    "fmt": "Maak regel- en scenariobestanden op in de vaste opmaak (commentaar blijft): "
           "elk bestand van een map, of de genoemde bestanden; --check schrijft niets en "
           "noemt wat anders zou worden.",
    "regimes": "Per persoon en regeling: welk regime van overgangsrecht (of welke versie, "
               "gekozen door een datum van de persoon) op de peildatum geldt, welke datum "
               "het koos, van wanneer tot wanneer, en het artikel.",
    "overgang": "Vergelijk de overgangsopties van de hervorming in een scenario met het "
                "huidige recht: per optie, persoon en jaar het bedrag, het verschil en het "
                "totaal; met --populatie per optie en jaar de getroffen huishoudens, winnaars "
                "en verliezers en de kosten.",
    "serve": "Bied de regels aan als webdienst met een pagina: POST /evaluate, /explain, "
             "/waarom, /concepts, /kalender, /werkloont; GET /regelingen, /inputs, /schema, "
             "/openapi.json; de pagina op /.",
    "waarom": "Waarom NAAM (regeling.definitie) voor --persoon deze waarde heeft: de "
              "voorwaarden die beslisten, de afstand tot elke grens en het bedrag waarbij "
              "zij omslaat.",
    "scan": "Per persoon de uitkomsten waarop hij of zij waarschijnlijk recht heeft maar "
            "die volgens 'ontvangt' in SITUATIE niet (volledig) ontvangen worden: het bedrag, "
            "waarom, en de zelf opgegeven gegevens waarop het berust.",
    "populatie": "Maak een synthetische Nederlandse populatie van gewogen huishoudens, "
                 "geijkt op gepubliceerde cijfers (met bron), als Parquet.",
    "impact": "Wat een scenario doet met een populatie: budget per regeling, winnaars en "
              "verliezers, verdeling per huishoudtype en inkomensdeciel, de grootste "
              "verliezers verklaard.",
    "uitfasering": "Uitfasering van een gesloten regeling: verwachte gerechtigden (sterfte, "
                   "einde van het recht), uitkeringslasten en uitvoeringskosten per jaar, en "
                   "afkopen tegenover instandhouden, met het eerste jaar dat afkoop goedkoper is.",
    "werkloont": "Loont werken? Het netto huishoudinkomen en de marginale druk over een "
                 "raster van bruto loon, per regeling en per onderdeel.",
}

#: Placeholders in option help for values by what they mean, else by their type (click's own
#: would be TEXT, INTEGER RANGE, PATH …).
_METAVAR_BY_NAME = {"--datum": "DATUM", "--vergelijk-datum": "DATUM", "--van": "MAAND",
                    "--tot": "MAAND", "--jaar": "JAAR", "--persoon": "NAAM",
                    "--regeling": "NAAM", "--periode": "PERIODE", "--host": "ADRES"}
_METAVAR_BY_TYPE = {"text": "TEKST", "integer": "GETAL", "integer range": "GETAL",
                    "float": "GETAL", "float range": "GETAL", "path": "PAD",
                    "filename": "BESTAND", "directory": "MAP", "boolean": "JA/NEE"}


def name_metavars(command) -> None:
    """Give each option of ``command`` without a placeholder of its own a Dutch one."""
    import click

    for param in command.params:
        if (isinstance(param, click.Option) and param.metavar is None and not param.is_flag
                and not isinstance(param.type, click.Choice)):
            param.metavar = _METAVAR_BY_NAME.get(param.opts[0]) or _METAVAR_BY_TYPE.get(
                param.type.name)


_MODULES = ("core", "exceptions", "formatting", "parser", "types", "decorators", "termui")


def gettext(message: str) -> str:
    return CATALOG.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    one, many = PLURALS.get((singular, plural), (singular, plural))
    return one if n == 1 else many


def install() -> None:
    """Bind click's ``_`` and ``ngettext`` to the Dutch catalog (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
