"""Indicators pulled from redacted text: contact placeholders, prices, routes, places, transport, documents.

They are facts about an advert (what is offered, where, for how much, how to get in touch), never raw identifiers:
contacts are the pseudonym placeholders the redactor already put in the text. The vocabularies are small,
multilingual (en, fr, es, it, de, ar transliterations) and tolerant of the usual obfuscations (spaced letters,
leet digits), because indicators help analysts triage; they are not the classifier.

Extraction is one SQL statement (DuckDB's vectorised RE2 regular expressions over the whole run), so a load never
loops over posts in Python. RE2 has no look-arounds, hence the text variants below: word delimiters are doubled so
that two adjacent words can each consume one.
"""

from __future__ import annotations

import re

import duckdb

CONTACT_TYPES = ("PHONE", "EMAIL", "HANDLE", "URL", "CRYPTO")
PLACEHOLDER = re.compile(r"⟨([A-Z_]+):([A-Za-z0-9]+):([0-9a-f]{8})⟩")  # used to strip placeholders from free text

PLACES: dict[str, tuple[str, ...]] = {
    "Libya": ("libya", "libye", "libia", "libyen", "tripoli", "zuwara", "benghazi"),
    "Tunisia": ("tunisia", "tunisie", "tunez", "túnez", "sfax"),
    "Morocco": ("morocco", "maroc", "marruecos", "marokko", "tangier", "tanger", "nador", "tanja"),
    "Algeria": ("algeria", "algérie", "algerie", "argelia"),
    "Niger": ("niger", "agadez"),
    "Turkey": ("turkey", "turquie", "türkiye", "turquía", "turchia", "türkei", "izmir", "istanbul", "bodrum"),
    "Greece": ("greece", "grèce", "grece", "grecia", "griechenland", "lesbos", "samos", "kos", "chios", "athens"),
    "Italy": ("italy", "italie", "italia", "italien", "lampedusa", "sicily", "sicile", "sicilia", "calabria"),
    "Spain": (
        "spain",
        "espagne",
        "españa",
        "espana",
        "spanien",
        "ceuta",
        "melilla",
        "canaries",
        "canarias",
        "canary islands",
        "îles canaries",
        "almeria",
        "almería",
    ),
    "France": ("france", "francia", "frankreich", "calais", "dunkirk", "dunkerque"),
    "United Kingdom": (
        "uk",
        "united kingdom",
        "england",
        "angleterre",
        "britain",
        "royaume-uni",
        "reino unido",
        "inghilterra",
        "london",
        "londres",
    ),
    "Germany": ("germany", "allemagne", "alemania", "germania", "deutschland"),
    "Belgium": ("belgium", "belgique", "bélgica"),
    "Netherlands": ("netherlands", "holland", "pays-bas", "países bajos"),
    "Austria": ("austria", "autriche", "österreich"),
    "Serbia": ("serbia", "serbie", "serbien"),
    "Bosnia": ("bosnia", "bosnie"),
    "Croatia": ("croatia", "croatie", "croacia", "kroatien"),
    "Belarus": ("belarus", "biélorussie", "bielorrusia"),
    "Poland": ("poland", "pologne", "polonia", "polen"),
    "Senegal": ("senegal", "sénégal"),
    "Mauritania": ("mauritania", "mauritanie", "nouadhibou"),
    "Egypt": ("egypt", "égypte", "egipto", "egitto"),
    "Sweden": ("sweden", "suède", "suecia", "schweden"),
    "Schengen area": ("schengen", "europe", "europa", "eu"),
}

TRANSPORT: dict[str, tuple[str, ...]] = {
    "boat": (
        "boat",
        "dinghy",
        "zodiac",
        "speedboat",
        "bateau",
        "barque",
        "barco",
        "patera",
        "cayuco",
        "barca",
        "gommone",
        "boot",
        "schlauchboot",
        "jet ski",
        "jetski",
        "ferry",
    ),
    "truck": ("truck", "lorry", "camion", "camión", "lkw", "tir"),
    "car": ("car", "van", "taxi", "voiture", "coche", "macchina", "auto"),
    "bus": ("bus", "coach", "autobus", "autocar"),
    "plane": ("plane", "flight", "airport", "avion", "vol", "aeropuerto", "vuelo", "aereo", "volo", "flugzeug", "flug"),
    "train": ("train", "tren", "treno", "zug"),
    "on foot": ("on foot", "walking", "à pied", "a pie", "a piedi", "zu fuß"),
}

DOCUMENTS: dict[str, tuple[str, ...]] = {
    "passport": ("passport", "passeport", "pasaporte", "passaporto", "reisepass", "pass"),
    "visa": ("visa", "visto", "schengen visa"),
    "residence permit": (
        "residence permit",
        "residency",
        "titre de séjour",
        "titre de sejour",
        "carte de séjour",
        "permiso de residencia",
        "permesso di soggiorno",
        "aufenthaltstitel",
        "green card",
    ),
    "work permit": ("work permit", "permis de travail", "permiso de trabajo", "arbeitserlaubnis"),
    "identity card": (
        "id card",
        "identity card",
        "carte d'identité",
        "carte d identite",
        "cni",
        "dni",
        "carta d'identità",
        "personalausweis",
    ),
    "driving licence": (
        "driving licence",
        "driving license",
        "driver's license",
        "permis de conduire",
        "carnet de conducir",
        "patente",
        "führerschein",
    ),
    "birth certificate": ("birth certificate", "acte de naissance", "partida de nacimiento"),
    "marriage certificate": ("marriage certificate", "acte de mariage", "marriage for papers", "mariage blanc"),
    "asylum papers": ("asylum papers", "papiers", "papeles", "documenti", "papiere"),
}

CURRENCIES: dict[str, tuple[str, ...]] = {
    "EUR": ("€", "eur", "euro", "euros", "evro"),
    "USD": ("$", "usd", "dollar", "dollars", "dólares", "dollari"),
    "GBP": ("£", "gbp", "pound", "pounds", "livres"),
    "USDT": ("usdt", "tether"),
    "BTC": ("btc", "bitcoin"),
}


_SEP = "  "  # in the word view of a text, words are separated by exactly two spaces (see _words_sql)


def _key(word: str) -> str:
    """A vocabulary entry as matched text is normalised: lower case, words joined by one space."""
    return " ".join(w for w in re.split(r"[\W_]+", word.lower()) if w)


def _alternation(words: list[str], sep: str) -> str:
    """A literal RE2 alternation, longest first (leftmost-first matching), words of an entry joined by ``sep``."""
    parts = sorted({_key(w) for w in words if _key(w)}, key=len, reverse=True)
    return "|".join(sep.join(re.escape(p) for p in part.split(" ")) for part in parts)


def _word_pattern(vocab: dict[str, tuple[str, ...]]) -> str:
    """Whole-word matches in the word view: each match consumes one of the two spaces on either side."""
    return f" ({_alternation([w for ws in vocab.values() for w in ws], _SEP)}) "


def _words_sql(column: str) -> str:
    """The word view of a text: every run of non-letters becomes two spaces, with two at each end."""
    return rf"'  ' || regexp_replace({column}, '[^\pL\pN]+', '  ', 'g') || '  '"


def _values(vocab: dict[str, tuple[str, ...]]) -> str:
    rows = sorted({(_key(w), name) for name, words in vocab.items() for w in words if _key(w)})
    return ", ".join(f"({_sql_str(word)}, {_sql_str(name)})" for word, name in rows)


_CUR = "|".join(re.escape(w) for w in sorted({w for ws in CURRENCIES.values() for w in ws}, key=len, reverse=True))
_AMOUNT = r"\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d{1,2})?"
PRICE_RE = rf"(?:(?:{_CUR})\s?(?:{_AMOUNT})|(?:{_AMOUNT})\s?(?:{_CUR}))(?:[^a-z]|$)"
_PLACE_ALT = _alternation([w for ws in PLACES.values() for w in ws], r"[\s'-]+")
_FROM = "from|fom|frm|de|desde|da|von|depuis|min"
_TO = "to|a|à|al|vers|nach|in|into|pour|para|per|ila"
ROUTE_RE = (
    rf"\b(?:{_FROM})\s+(?:{_PLACE_ALT})\s+(?:{_TO})\s+(?:the\s+|la\s+|les\s+|l')?(?:{_PLACE_ALT})\b"
    rf"|\b(?:{_PLACE_ALT})\s*(?:→|->|-|–|—|>)\s*(?:{_PLACE_ALT})\b"
)
CONTACT_RE = rf"⟨((?:{'|'.join(CONTACT_TYPES)}):[A-Za-z0-9]+:[0-9a-f]{{8}})⟩"
_PLACEHOLDER_RE = r"⟨[A-Z_]+:[A-Za-z0-9]+:[0-9a-f]{8}⟩"
_SPACED_RE = r"(?:^|[^\pL])((?:\pL ){2,}\pL)(?:[^\pL]|$)"


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _vocab_branch(kind: str, view: str, vocab: dict[str, tuple[str, ...]], table: str) -> str:
    return f"""
      SELECT m.post_key, '{kind}', w.name FROM (
        SELECT post_key, replace(unnest(regexp_extract_all({view}, {_sql_str(_word_pattern(vocab))}, 1)), '{_SEP}', ' ')
               AS word FROM texts) m
      JOIN {table} w ON w.word = m.word"""


def indicator_sql(source: str) -> str:
    """SELECT DISTINCT post_key, kind, value over ``source`` (a relation with post_key, text_redacted, entities)."""
    currencies = ", ".join(f"({_sql_str(w)}, {_sql_str(code)})" for code, ws in CURRENCIES.items() for w in ws)
    return rf"""
    WITH base AS (
      SELECT post_key, text_redacted AS raw, entities::VARCHAR AS entities,
             lower(regexp_replace(text_redacted, {_sql_str(_PLACEHOLDER_RE)}, ' ', 'g')) AS t0
      FROM {source}
    ), despaced AS (
      SELECT *, list_reduce(list_prepend(t0, regexp_extract_all(t0, {_sql_str(_SPACED_RE)}, 1)),
                            lambda acc, r: replace(acc, r, replace(r, ' ', ''))) AS t
      FROM base
    ), unleet AS (SELECT *, translate(t, '013457@', 'oieasta') AS tl FROM despaced),
    texts AS MATERIALIZED (
      SELECT post_key, raw, entities, t, tl, {_words_sql("t")} AS tw, {_words_sql("tl")} AS tlw FROM unleet
    ),
    place_words(word, name) AS (VALUES {_values(PLACES)}),
    transport_words(word, name) AS (VALUES {_values(TRANSPORT)}),
    document_words(word, name) AS (VALUES {_values(DOCUMENTS)}),
    currency_words(word, name) AS (VALUES {currencies}),
    found AS (
      SELECT post_key, 'contact' AS kind, unnest(regexp_extract_all(raw, {_sql_str(CONTACT_RE)}, 1)) AS value
      FROM texts
      UNION ALL
      SELECT post_key, 'contact', regexp_extract(tok, {_sql_str(CONTACT_RE)}, 1)
      FROM (SELECT post_key, unnest(json_extract_string(entities, '$[*].token')) AS tok FROM texts
            WHERE entities IS NOT NULL AND entities LIKE '[%')
      WHERE regexp_full_match(tok, {_sql_str(CONTACT_RE)})
      UNION ALL {_vocab_branch("country", "tlw", PLACES, "place_words")}
      UNION ALL {_vocab_branch("transport", "tw", TRANSPORT, "transport_words")}
      UNION ALL {_vocab_branch("document", "tw", DOCUMENTS, "document_words")}
      UNION ALL
      SELECT post_key, 'price', c.name || ' ' || amount FROM (
        SELECT post_key, regexp_extract(m, {_sql_str(_CUR)}) AS cur,
               TRY_CAST(regexp_replace(regexp_replace(regexp_extract(m, '\d(?:[\d.,\s]*\d)?'),
                        '[.,\s](\d{{3}})', '\1', 'g'), '[.,]\d{{1,2}}$', '') AS BIGINT) AS amount
        FROM (SELECT post_key, unnest(regexp_extract_all(t, {_sql_str(PRICE_RE)})) AS m FROM texts)
      ) p JOIN currency_words c ON c.word = p.cur WHERE amount > 0
      UNION ALL
      SELECT post_key, 'route', origin.name || ' → ' || dest.name FROM (
        SELECT post_key, list_transform(
                 regexp_extract_all({_words_sql("r")}, {_sql_str(_word_pattern(PLACES))}, 1),
                 lambda x: replace(x, '{_SEP}', ' ')) AS ps
        FROM (SELECT post_key, unnest(regexp_extract_all(tl, {_sql_str(ROUTE_RE)})) AS r FROM texts)
      ) rt
      JOIN place_words origin ON origin.word = rt.ps[1]
      JOIN place_words dest ON dest.word = rt.ps[-1]
      WHERE origin.name <> dest.name
    )
    SELECT DISTINCT post_key, kind, value FROM found WHERE value IS NOT NULL AND value <> ''
    """


def extract(text_redacted: str, entities_json: str | None = None) -> tuple[tuple[str, str], ...]:
    """Every (kind, value) indicator of one text (the same SQL the loader runs, on a throwaway connection)."""
    conn = duckdb.connect()
    try:
        conn.execute("CREATE TABLE one AS SELECT 'x' AS post_key, ?::VARCHAR AS text_redacted, ?::VARCHAR AS entities",
                     [text_redacted, entities_json])  # fmt: skip
        rows = conn.execute(f"SELECT kind, value FROM ({indicator_sql('one')}) ORDER BY 1, 2").fetchall()
    finally:
        conn.close()
    return tuple((k, v) for k, v in rows)
