"""Indicators pulled from redacted text: contact placeholders, prices, routes, places, transport, documents.

They are facts about an advert (what is offered, where, for how much, how to get in touch), never raw identifiers:
contacts are the pseudonym placeholders the redactor already put in the text. The vocabularies are small,
multilingual (en, fr, es, it, de, ar transliterations) and tolerant of the usual obfuscations (spaced letters,
leet digits), because indicators help analysts triage; they are not the classifier.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

CONTACT_TYPES = ("PHONE", "EMAIL", "HANDLE", "URL", "CRYPTO")
PLACEHOLDER = re.compile(r"⟨([A-Z_]+):([A-Za-z0-9]+):([0-9a-f]{8})⟩")

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

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})


def normalise(text: str) -> str:
    """Lower-case, strip placeholders, join letters spaced out to dodge filters ("f r o m" -> "from")."""
    text = PLACEHOLDER.sub(" ", text)
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\b(?:\w ){2,}\w\b", lambda m: m.group(0).replace(" ", ""), text)
    return text


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _vocab_pattern(vocab: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], dict[str, str]]:
    lookup = {word: name for name, words in vocab.items() for word in words}
    return re.compile(rf"(?<!\w)({_alternation(lookup)})(?!\w)"), lookup


_PLACES_RE, _PLACE_OF = _vocab_pattern(PLACES)
_TRANSPORT_RE, _TRANSPORT_OF = _vocab_pattern(TRANSPORT)
_DOCUMENTS_RE, _DOCUMENT_OF = _vocab_pattern(DOCUMENTS)
_CURRENCY_OF = {word: code for code, words in CURRENCIES.items() for word in words}
_CUR = _alternation(_CURRENCY_OF)
_AMOUNT = r"\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d{1,2})?"
_PRICE_RE = re.compile(rf"(?:({_CUR})\s?({_AMOUNT})|({_AMOUNT})\s?({_CUR}))(?![a-z])")
_PLACE = _alternation(_PLACE_OF)
_ROUTE_RE = re.compile(
    rf"(?<!\w)(?:from|fom|frm|de|desde|da|von|depuis|min)\s+({_PLACE})\s+"
    rf"(?:to|a|à|al|vers|nach|in|into|pour|para|per|ila)\s+(?:the\s+|la\s+|les\s+|l')?({_PLACE})(?!\w)"
    rf"|(?<!\w)({_PLACE})\s*(?:→|->|-|–|—|>)\s*({_PLACE})(?!\w)"
)


def contact_tokens(text_redacted: str, entities_json: str | None = None) -> set[str]:
    """Contact placeholders (``PHONE:k1:3f9a1c2b``) in the text and in the entity list."""
    found = {f"{t}:{k}:{h}" for t, k, h in PLACEHOLDER.findall(text_redacted or "") if t in CONTACT_TYPES}
    for entity in _entities(entities_json):
        match = PLACEHOLDER.fullmatch(str(entity.get("token") or ""))
        if match and match.group(1) in CONTACT_TYPES:
            found.add(":".join(match.groups()))
    return found


def _entities(entities_json: str | None) -> list[dict]:
    if not entities_json:
        return []
    try:
        value = json.loads(entities_json)
    except ValueError:
        return []
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def _amount(raw: str) -> int | None:
    digits = re.sub(r"[.,\s](\d{3})", r"\1", raw.strip())
    digits = re.sub(r"[.,]\d{1,2}$", "", digits)
    return int(digits) if digits.isdigit() else None


def prices(text: str) -> set[str]:
    """``EUR 1700`` style values from amounts next to a currency word or sign."""
    out = set()
    for cur_a, amt_a, amt_b, cur_b in _PRICE_RE.findall(text):
        amount = _amount(amt_a or amt_b)
        code = _CURRENCY_OF.get((cur_a or cur_b).strip())
        if amount and code:
            out.add(f"{code} {amount}")
    return out


def routes(text: str) -> set[str]:
    """``Morocco → Spain`` from "from X to Y" phrasings or arrows between two known places."""
    out = set()
    for a, b, c, d in _ROUTE_RE.findall(text):
        origin, dest = _PLACE_OF.get(a or c), _PLACE_OF.get(b or d)
        if origin and dest and origin != dest:
            out.add(f"{origin} → {dest}")
    return out


@lru_cache(maxsize=65536)
def extract(text_redacted: str, entities_json: str | None = None) -> tuple[tuple[str, str], ...]:
    """Every (kind, value) indicator of one post (cached: reposted adverts repeat their text verbatim)."""
    text = normalise(text_redacted or "")
    unleet = text.translate(_LEET)
    found: set[tuple[str, str]] = {("contact", t) for t in contact_tokens(text_redacted, entities_json)}
    found |= {("price", p) for p in prices(text)}
    found |= {("route", r) for r in routes(unleet)}
    found |= {("country", _PLACE_OF[m]) for m in _PLACES_RE.findall(unleet)}
    found |= {("transport", _TRANSPORT_OF[m]) for m in _TRANSPORT_RE.findall(text)}
    found |= {("document", _DOCUMENT_OF[m]) for m in _DOCUMENTS_RE.findall(text)}
    return tuple(sorted(found))
