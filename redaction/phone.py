"""Phone numbers, normalised to E.164 with ``phonenumbers``.

A cheap regex finds digit runs that could be a number (``+``/``00`` prefix, spaces, dots, dashes, brackets);
only those are parsed. A run is a phone when it carries an international prefix, a national trunk prefix with a
length some region accepts, a North-American grouping, a grouped mobile number of a region without trunk prefix
(Italy, Spain, Greece), or when a phone cue ("call", "WhatsApp", "تلفن" ...) stands just before it. Dates, times,
prices, years, flight numbers and postcodes fail these rules, which is what keeps them intact.
"""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

from redaction.span import Found

TYPE = "PHONE"

# A run of digit groups: optional +/00, groups joined by one separator (space, dot, dash, brackets).
_SEP = "[ .\\-\u00a0\u2009\u202f\u200e\u200f]"  # also no-break/thin spaces and bidi marks from RTL text
_CANDIDATE = re.compile(
    # Not glued to Latin letters or digits (a code), but glued to Arabic-script text or after "Tel+" is common.
    rf"(?:(?<![0-9A-Za-z_+/.,@-])|(?<=[A-Za-z])(?=\(?\+))(?<!\d:)"
    rf"(?:\(?\+|00)?[ ]?\(?\d+(?:(?:{_SEP}|\)[ ]?|[ ]?\()\d+){{0,7}}(?![0-9A-Za-z_@])"
)
_GROUP = re.compile(r"\d+")
_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}|(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2})(?!\d)"
    r"|^\d{1,2}([./-])\d{1,2}\1\d{2}$"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[ .,\u00a0]\d{3})+")  # "1 200 000": an amount, even after "call"
_YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}$")
# Words that announce a number, in the 12 languages (lower case; matched just before the run).
_CUE = re.compile(
    r"(?<!\w)(?:tel|tél|phone|mobile|mob|cell|call|ring|text|sms|whats ?app|wa|viber|signal|imo|botim|contact|"
    r"my number|phone number|mon numéro|mi número|il mio numero|meine nummer|numaram|numaramız|мой номер|"
    r"ο αριθμός μου|numri im|رقمي|رقم الهاتف|رقم الواتس|شماره تماس|شماره من|میرا نمبر|"
    r"appel|appelle[rz]?|llama|llamar|chiama|chiamare|anrufen|ruf|handy|ara|arayın|"
    r"telefon|телефон|тел|звони(?:те)?|τηλ|τηλέφωνο|κάλεσε|καλέστε|thirr|telefononi|"
    r"هاتف|اتصل|واتساب|واتس|موبايل|جوال|تلفن|تماس|موبایل|فون|کال|رابطہ|☎|📞|📱|☎️)"
    r"[\s:.\-–=/()]*(?:me|on|at|au|al|an|me at|moi|mir|μου|на|:)?[\s:.\-–=()]*$",
    re.IGNORECASE,
)
# Regions tried for a national number with trunk prefix 0, most relevant first for the script of the text.
_LATIN_REGIONS = (
    "GB", "FR", "TR", "AL", "NL", "BE", "CH", "NG", "GH", "AU", "MA", "DZ", "TN", "EG", "IR", "PK", "AF", "IQ",
    "SY", "GR", "IT", "ES", "RU", "UA", "AT", "DE",
)  # fmt: skip
_ARABIC_REGIONS = (
    "EG", "IQ", "IR", "AF", "PK", "SY", "JO", "LB", "SA", "MA", "DZ", "TN", "LY", "SD", "AE", "TR", "GB", "FR",
    "DE",
)  # fmt: skip
_PERSIAN_REGIONS = ("IR", "AF", "PK", *(r for r in _ARABIC_REGIONS if r not in ("IR", "AF", "PK")))
_CYRILLIC_REGIONS = ("RU", "UA", "BY", "KZ", "GB", "FR", "TR", "DE")
_GREEK_REGIONS = ("GR", "CY", "GB", "FR", "TR", "AL", "DE")
_SCRIPTS = (
    (re.compile(r"[پچژگکیٹڈڑںےہ]"), _PERSIAN_REGIONS),  # letters of Persian and Urdu, not of Arabic
    (re.compile(r"[\u0600-\u06ff]"), _ARABIC_REGIONS),
    (re.compile(r"[\u0400-\u04ff]"), _CYRILLIC_REGIONS),
    (re.compile(r"[\u0370-\u03ff]"), _GREEK_REGIONS),
)


def regions_for(text: str) -> tuple[str, ...]:
    """Trunk-prefix regions to try, ordered by the script the text is written in."""
    for pattern, regions in _SCRIPTS:
        if pattern.search(text):
            return regions
    return _LATIN_REGIONS


_NO_TRUNK_REGIONS = ("IT", "ES", "GR")  # mobiles written without a trunk 0 (NANP has its own rule)
_NANP = re.compile(r"^(?:\+?1[ .\-]?)?\(?[2-9]\d{2}\)?[ .\-]?[2-9]\d{2}[ .\-]\d{4}$")


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def _parse(digits: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(digits, region)
    except NumberParseException:
        return None


def _international(digits: str, strict: bool = False) -> str | None:
    """E.164 for digits after a + or 00; ``strict`` (short runs) wants a valid number, not just a possible one."""
    number = _parse("+" + digits, None)
    if number is None or not phonenumbers.is_possible_number(number):
        return None
    if strict and not phonenumbers.is_valid_number(number):
        return None
    return _e164(number)


# Ofcom's ranges reserved for drama and documentation (never assigned): always UK, whatever the script.
_UK_FICTION = re.compile(r"^0(?:7700900\d{3}|20794600\d{2}|1134960\d{3}|1632960\d{3})$")


def _national(digits: str, regions: tuple[str, ...]) -> str | None:
    if _UK_FICTION.match(digits):
        return "+44" + digits[1:]
    if regions in (_LATIN_REGIONS, _GREEK_REGIONS, _CYRILLIC_REGIONS) and len(digits) == 11 and digits.startswith("07"):
        regions = ("GB", *regions)  # UK mobile shape; drama ranges (07700 900xxx) are possible, not valid
        number = _parse(digits, "GB")
        if number is not None and phonenumbers.is_possible_number(number):
            return _e164(number)
    for region in regions:
        number = _parse(digits, region)
        if number is not None and phonenumbers.is_valid_number(number):
            return _e164(number)
    if 10 <= len(digits) <= 11:
        number = _parse(digits, "GB")  # fictional drama ranges are "possible", not "valid"
        if number is not None and phonenumbers.is_possible_number(number):
            return _e164(number)
    return None


def _without_trunk(digits: str) -> str | None:
    for region in _NO_TRUNK_REGIONS:
        number = _parse(digits, region)
        if number is not None and phonenumbers.is_valid_number(number):
            return _e164(number)
    return None


def normalise(run: str, cued: bool, regions: tuple[str, ...] = _LATIN_REGIONS) -> str | None:
    """E.164 for a candidate run, or None when the run is not a phone number."""
    run = run.replace("(0)", "")
    if _DATE.search(run) or _YEAR_RANGE.match(run):
        return None
    digits = "".join(_GROUP.findall(run))
    grouped = len(_GROUP.findall(run)) > 1
    stripped = run.lstrip(" (")
    if stripped.startswith("+"):
        return _international(digits) if len(digits) >= 8 else None
    if stripped.startswith("00") and len(digits) >= 11:
        return _international(digits[2:], strict=len(digits) < 12)
    if _NANP.match(stripped) and (grouped or cued):
        return _international("1" + digits[-10:])
    if (
        digits.startswith("0")
        and not digits.startswith("00")
        and 9 <= len(digits) <= 12
        and (grouped or cued or len(digits) >= 10)
    ):
        return _national(digits, regions)
    if digits.startswith("8") and len(digits) == 11 and (grouped or cued):
        number = _parse(digits, "RU")
        return _e164(number) if number is not None and phonenumbers.is_valid_number(number) else None
    if grouped and 9 <= len(digits) <= 10 and min(len(g) for g in _GROUP.findall(run)) >= 2:
        found = _without_trunk(digits)
        if found:
            return found
    if cued and 7 <= len(digits) <= 15 and not _THOUSANDS.fullmatch(run):
        return _international(digits) or _without_trunk(digits) or f"digits:{digits}"
    return None


def _group_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each digit group; a group keeps a leading '+', '00' prefix or '(' that belongs to it."""
    bounds = []
    for m in _GROUP.finditer(text, start, end):
        s = m.start()
        if not bounds:
            s = start
            while text[s] == " ":
                s += 1
        elif text[s - 1] == "(":
            s -= 1
        bounds.append((s, m.end() + (1 if m.end() < end and text[m.end()] == ")" else 0)))
    return bounds


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _cued(text: str, start: int) -> bool:
    return start > 0 and _CUE.search(text, max(0, start - 30), start) is not None


def _ends_in_count(window: str) -> bool:
    """A last group of one digit after a space is a count ("... 900123 2 people"), not part of the number."""
    return len(window) > 2 and window[-1].isdigit() and window[-2] == " "


def _scan(text: str, start: int, end: int, regions: tuple[str, ...]) -> list[Found]:
    """Left to right over the groups of one run, taking the longest window that is a phone at each point."""
    bounds = _group_bounds(text, start, end)
    found: list[Found] = []
    i = 0
    while i < len(bounds):
        for j in range(len(bounds) - 1, i - 1, -1):
            s, e = bounds[i][0], bounds[j][1]
            window = text[s:e]
            if _digit_count(window) < 7:
                break
            if _ends_in_count(window):
                continue
            value = normalise(window, _cued(text, s), regions)
            if value is not None:
                found.append(Found(TYPE, s, e, value))
                i = j
                break
        i += 1
    return found


def detect(text: str) -> list[Found]:
    """Phone numbers in ``text`` (ASCII digits expected: see :mod:`redaction.digits`)."""
    found: list[Found] = []
    regions: tuple[str, ...] | None = None
    for match in _CANDIDATE.finditer(text):
        if _digit_count(match.group()) >= 7:
            regions = regions or regions_for(text)
            found.extend(_scan(text, match.start(), match.end(), regions))
    return found
