"""Person names, where a cue makes them recognisable.

Covered: a name after a cue word in one of the 12 languages ("my name is", "Mr", "ask for brother", "je
m'appelle", "me llamo", "mi chiamo", "ich heiße", "benim adım", "меня зовут", "με λένε", "اسمي", "اسم من",
"میرا نام" …); Turkish and Urdu/Persian cues that come after or around the name ("Ahmet Bey", "Ahmet'i arayın",
"با رضا تماس", "بلال سے رابطہ"); and common first names from a word list, with a capitalised surname after them.
Not covered: names with no cue and not in the list, names written in lower case in Latin script, nicknames.
"""

from __future__ import annotations

import re

from redaction.names import (
    AMBIGUOUS_NAMES,
    ARABIC_STOPWORDS,
    CALL_CUES,
    CYRILLIC_ENDINGS,
    FIRST_NAMES_LATIN,
    FIRST_NAMES_OTHER,
    HONORIFICS,
    NOT_NAMES,
    SELF_CUES,
    STRONG_CUES,
    WEAK_CUES,
)
from redaction.span import Found

TYPE = "PERSON"


def _alternation(block: str) -> str:
    cues = sorted({c.strip() for c in block.replace("\n", "|").split("|") if c.strip()}, key=len, reverse=True)
    return "|".join(re.escape(c).replace(r"\ ", r"\s+").replace(r"\\.", r"\.").replace(r"\.\?", r"\.?") for c in cues)


def _first_chars(*blocks: str) -> str:
    chars = {c.strip()[0] for b in blocks for c in b.replace("\n", "|").split("|") if c.strip()}
    chars |= {c.upper() for c in chars} | {c.lower() for c in chars}
    return "".join(sorted(re.escape(c) for c in chars))


# The lookahead on first letters lets the engine skip most positions before trying ~300 alternatives.
_CUE = re.compile(
    rf"(?<![\w])(?=[{_first_chars(STRONG_CUES, CALL_CUES, SELF_CUES, WEAK_CUES)}])"
    rf"(?:(?P<strong>{_alternation(STRONG_CUES)})|(?P<call>{_alternation(CALL_CUES)})|"
    rf"(?P<self>{_alternation(SELF_CUES)})|(?P<weak>{_alternation(WEAK_CUES)}))"
    r"(?=[\s:,]|(?<=ب)|(?<=ـ))",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[ \t]*[:,]?[ \t]*([^\W\d_]+(?:['’\-][^\W\d_]+)?)")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_AFTER_CUES = (
    re.compile(r"(?<![\w])([A-ZÇĞİÖŞÜ][a-zçğıöşü]+)\s+(?:Bey|Hanım|abi|abla|bey|hanım)(?![\w])"),
    re.compile(r"(?<![\w])([A-ZÇĞİÖŞÜ][a-zçğıöşü]+)['’](?:y?[ıiuüae])\s+(?:ara|arayın|arayin|sor|sorun)(?![\w])"),
    re.compile(r"(?<![\w])با\s+([\u0600-\u06ff]+)\s+تماس"),
    re.compile(r"(?<![\w])([\u0600-\u06ff]+)\s+(?:سے|کو)\s+(?:رابطہ|کال|فون)"),
    re.compile(r"(?<![\w])([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+is\s+(?:the|our)\s+(?:contact|agent|driver|captain)"),
)
# Persian and Urdu family names often end in -i, -zadeh, -pour, -nia, -khan, -mand …; others follow a strong cue.
_SURNAME_END = re.compile(r"(?:ی|زاده|پور|نیا|خان|مند|یان|وند|ری|دل|بٹ)$")
_KUNYA = frozenset({"أبو", "ابو", "أم", "ام"})
_CYRILLIC_FULL = re.compile(
    r"(?<![\w@])([А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ова|ева|ёва|ский|ская|енко|чук|ян|дзе))(?![\w])"
)
_BEFORE_LOOK = re.compile(
    r"(?:^|\n)\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)\s+(?:guck mal|schau mal|посмотри|глянь|شوف|شوفي|شوفو|şuna bak|bak|"
    r"guarda|regarde|mira|look|δες|shiko|یہ دیکھو|دیکھو|دیکھ|ببین|اینو ببین)(?![\w])",
    re.IGNORECASE,
)
_TAG = re.compile(r"(?<![\w@])@(?=[^\W\d_])")
_FIRST_NAME = re.compile(r"(?<![\w@#/.])([A-ZÀ-ÞĀ-ſА-ЯЁΑ-ΩΆ-Ώ\u0600-\u06ff][^\W\d_]*)(?![\w@])")


def _is_cased_name(token: str) -> bool:
    """Capitalised and not a known non-name; an ALL-CAPS word only when it is a known first name (shouted posts)."""
    if not token[0].isupper() or token.casefold() in NOT_NAMES:
        return False
    return not token.isupper() or (len(token) > 1 and _known(token.title()))


def _known(token: str) -> bool:
    if token.casefold() in FIRST_NAMES_LATIN or token in FIRST_NAMES_OTHER:
        return True
    return "\u0400" <= token[0] <= "\u04ff" and any(
        token.endswith(e) and token[: -len(e)] in FIRST_NAMES_OTHER for e in CYRILLIC_ENDINGS
    )


def _arabic_second(first: str, word: str) -> bool:
    """After an Arabic-script first name: a family name with al-/bin-/bou-, a known name, or anything after a kunya."""
    return (
        first in _KUNYA or word.startswith(("ال", "بن", "بو")) or _known(word) or _SURNAME_END.search(word) is not None
    )


def _names_after(
    text: str, pos: int, strong: bool, tag: bool = False, arabic_strong: bool | None = None, pair_ok: bool = False
) -> tuple[int, int] | None:
    """Span of the name that starts at ``pos`` (after a cue), or None."""
    tokens: list[re.Match[str]] = []
    while len(tokens) < (2 if tag else 3):
        m = _TOKEN.match(text, pos)
        if not m:
            break
        word = m.group(1)
        if not tokens and word.casefold().rstrip(".") in HONORIFICS:
            pos = m.end() + (1 if text[m.end() : m.end() + 1] == "." else 0)
            continue
        if _ARABIC.match(word):
            if word in ARABIC_STOPWORDS or (
                not (strong if arabic_strong is None else arabic_strong) and not _known(word)
            ):
                break
            if tokens and not (tag or _arabic_second(tokens[0].group(1), word)):
                break
        elif not _is_cased_name(word) or (tokens and text[tokens[-1].end() : m.start(1)].strip(" \t")):
            break
        tokens.append(m)
        pos = m.end()
    if not tokens:
        return None
    first = tokens[0].group(1)
    cased_pair = pair_ok and len(tokens) >= 2 and not _ARABIC.match(first)
    if not strong and not _known(first) and not cased_pair:
        return None
    return tokens[0].start(1), tokens[-1].end(1)


_SUFFIX = re.compile(r"['’][^\W\d_]{1,3}$")


def _found(text: str, start: int, end: int) -> Found:
    """A PERSON span; the value drops case, extra spaces and a Turkish case suffix (Ahmet'i -> ahmet)."""
    return Found(TYPE, start, end, _SUFFIX.sub("", " ".join(text[start:end].split()).casefold()))


def detect(text: str) -> list[Found]:
    """Names in ``text`` (see the module docstring for what is and is not covered)."""
    found: list[Found] = []
    for m in _CUE.finditer(text):
        call, self_intro = m.group("call") is not None, m.group("self") is not None
        strong = m.group("strong") is not None or call
        span = _names_after(text, m.end(), strong, arabic_strong=False if call else None, pair_ok=self_intro)
        if span:
            found.append(_found(text, *span))
    for m in _TAG.finditer(text):  # "@Тимур Алиев": a tag with a display name, not a handle
        span = _names_after(text, m.end(), strong=True, tag=True)
        if span:
            found.append(Found(TYPE, m.start(), span[1], _found(text, *span).value))
    for m in _CYRILLIC_FULL.finditer(text):
        found.append(_found(text, m.start(1), m.end(1)))
    for m in _BEFORE_LOOK.finditer(text):
        words = m.group(1).split()
        if all(_ARABIC.match(w) or _is_cased_name(w) for w in words) and words[0] not in ARABIC_STOPWORDS:
            found.append(_found(text, m.start(1), m.end(1)))
    for pattern in _AFTER_CUES:
        for m in pattern.finditer(text):
            if m.group(1) not in ARABIC_STOPWORDS and m.group(1).casefold() not in NOT_NAMES:
                found.append(_found(text, m.start(1), m.end(1)))
    for m in _FIRST_NAME.finditer(text):
        word = m.group(1)
        if _known(word) and (_ARABIC.match(word) or _is_cased_name(word)):
            span = _names_after(text, m.start(), strong=True) or (m.start(1), m.end(1))
            if word.casefold() in AMBIGUOUS_NAMES and span == (m.start(1), m.end(1)):
                continue  # "Train to Sofia", "Can you …": a lone ambiguous name needs a cue
            found.append(_found(text, *span))
    return found
