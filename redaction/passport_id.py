"""Passport and national ID numbers.

National IDs with a checksum are found by shape and validated with python-stdnum (Spanish DNI/NIE, Italian
codice fiscale, French NIR, Turkish T.C. kimlik, Romanian CNP, Pakistani CNIC by its dashed shape). Numbers
whose checksum is weak (Luhn, 11-proof) or absent (Greek AMKA, Dutch BSN, Polish PESEL, Iranian code melli,
passport numbers) are taken only after a cue word in one of the 12 languages ("passport no.", "جواز سفر",
"kimlik", "ΑΜΚΑ", "کد ملی" …), which keeps ordinary numbers, prices and postcodes out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.pk import cnic
from stdnum.ro import cnp
from stdnum.tr import tckimlik

from redaction.span import Found

PASSPORT = "PASSPORT"
NATIONAL_ID = "NATIONAL_ID"


_CHECKED: tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...] = (
    (re.compile(r"(?<![\w])\d{8}[ \-]?[A-Z](?![\w])"), dni.is_valid),
    (re.compile(r"(?<![\w])[XYZ][ \-]?\d{7}[ \-]?[A-Z](?![\w])"), nie.is_valid),
    (re.compile(r"(?<![\w])[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z](?![\w])"), codicefiscale.is_valid),
    (
        re.compile(r"(?<![\w])[12][ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2A|2B)[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}(?![\w])"),
        nir.is_valid,
    ),
    (re.compile(r"(?<![\w+])[1-9]\d{10}(?![\w])"), tckimlik.is_valid),
    (re.compile(r"(?<![\w+])[1-8]\d{12}(?![\w])"), cnp.is_valid),
    (re.compile(r"(?<![\w+])\d{5}-\d{7}-\d(?![\w])"), cnic.is_valid),
)

_PASSPORT_CUE = (
    r"passport|passeport|pasaporte|passaporto|reisepass|pass(?:nummer|nr)|pasaport|pasaporta|pashaport[ëe]?|"
    r"διαβατ[ήη]ρ[ιί]ο[υ]?|паспорт[а]?|загранпаспорт[а]?|جواز(?: السفر| سفر)?|جواز سفر|پاسپورت|گذرنامه|پاسپورٹ"
)
_ID_CUE = (
    r"national id|id card|id number|id no|identity card|identity number|carte d'identit[ée]|cni|dni|nie|"
    r"carta d'identit[àa]|codice fiscale|personalausweis|ausweis(?:nummer)?|kimlik(?: no| numarası)?|t\.?c\.? no|"
    r"документ|снилс|инн|ταυτ[όο]τητα[ς]?|α\.?δ\.?τ\.?|αμκα|letërnjoftim[i]?|numri personal|nid|"
    r"الهوية|هوية|بطاقة(?: الهوية| شخصية)?|الرقم الوطني|الرقم القومي|کد ملی|کارت ملی|شماره ملی|"
    r"شناختی کارڈ|شناختی|cnic|bsn|pesel|amka|code melli"
)
_NUMBER = r"([A-ZΑ-ΩА-Я]{0,3}[ \-]?\d[\dA-Z \-]{4,16}[\dA-Z])"  # Greek and Cyrillic series letters too
_FILLER = r"(?:\s*(?:серия|series|série|serie|seri|no\.?|nr\.?|n°|n\.|number|numéro|número|numero|nummer|numarası|номер|№|αριθμός|رقم|شماره|نمبر|numri)?\s*[:#=.\-]?\s*)"
_PASSPORT_RE = re.compile(rf"(?<!\w)(?=[pPrRδΔпПجپگ])(?:{_PASSPORT_CUE})(?!\w){_FILLER}{_NUMBER}", re.IGNORECASE)
_ID_RE = re.compile(rf"(?<!\w)(?:{_ID_CUE})(?!\w){_FILLER}{_NUMBER}", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(
    r"^\s*(?:€|\$|£|eur|euro|usd|gbp|dollar|lira|tl|rub|руб|ریال|تومان|دولار|يورو)", re.IGNORECASE
)


def _cued_number(match: re.Match[str], text: str) -> tuple[int, int, str] | None:
    """(start, end, compact) of the number after a cue, or None when it is a price or too short."""
    start = match.start(1)
    # Keep chunks while they look like parts of a number: a leading series of up to 3 capitals, then chunks with
    # digits and no lower-case letters. "X1234567 valid" and "2026 renewal 120" stop at the word.
    end = start
    for i, chunk in enumerate(re.split(r"(?<=[^ \-])(?=[ \-])", match.group(1))):
        body = chunk.lstrip(" -")
        series = i == 0 and body.isalpha() and body.isupper() and len(body) <= 3
        if not series and (not any(c.isdigit() for c in body) or any(c.islower() for c in body)):
            break
        end += len(chunk)
    raw = text[start:end]
    compact = re.sub(r"[ \-]", "", raw).upper()
    if sum(c.isdigit() for c in compact) < 5 or len(compact) < 6 or len(compact) > 14:
        return None
    if any(pattern.fullmatch(compact) and not is_valid(compact) for pattern, is_valid in _CHECKED):
        return None  # the shape of a checksummed ID whose checksum fails: a typo or not an ID
    if _CURRENCY_AFTER.match(text[end : end + 8]) or _CURRENCY_AFTER.match(text[max(0, start - 2) : start]):
        return None
    return start, end, compact


def detect(text: str) -> list[Found]:
    """Passport and national-ID numbers in ``text``."""
    found: list[Found] = []
    for pattern, is_valid in _CHECKED:
        for m in pattern.finditer(text):
            if is_valid(m.group()):
                compact = re.sub(r"[ \-]", "", m.group()).upper()
                found.append(Found(NATIONAL_ID, m.start(), m.end(), compact))
    for type_, pattern in ((PASSPORT, _PASSPORT_RE), (NATIONAL_ID, _ID_RE)):
        for m in pattern.finditer(text):
            hit = _cued_number(m, text)
            if hit:
                found.append(Found(type_, hit[0], hit[1], hit[2]))
    return found
