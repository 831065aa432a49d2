"""E-mail addresses, plain and obfuscated ("name [at] domain dot com", "name(at)domain.com", "name @ domain . com").

The normalised value is the lowercased ``user@domain.tld``, so every spelling of one address gets one token.
"""

from __future__ import annotations

import re

from redaction.span import Found

TYPE = "EMAIL"

_PLAIN = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][\w.+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])"
)
# "at" and "dot" in brackets, or as words in the 12 languages ("arroba", "chiocciola", "собака", "nokta" …).
_AT_WORDS = r"at|arroba|chiocciola|собака|sobaka"
_DOT_WORDS = r"dot|point|punto|punkt|точка|tochka|nokta|pikë|pika|τελεία|teleia|نقطة|نقطه"
_AT = rf"(?:\s*[\[({{<]\s*(?:{_AT_WORDS}|@)\s*[\])}}>]\s*|\s+@\s*|\s*@\s+|\s+(?:{_AT_WORDS})\s+|\s*\(a\)\s*)"
_DOT = rf"(?:\s*[\[({{<]\s*(?:{_DOT_WORDS}|\.)\s*[\])}}>]\s*|\s+(?:{_DOT_WORDS})\s+|\s*\.\s*)"
_TLD = r"(?:com|org|net|info|biz|io|me|co|eu|uk|de|fr|it|es|gr|tr|ru|ir|pk|al|nl|be|at|ch|ua|ma|dz|tn|eg|ae|sa)"
_OBFUSCATED = re.compile(
    rf"(?<![\w.+-])([A-Za-z0-9][\w.+-]{{0,63}}){_AT}"
    rf"((?:[A-Za-z0-9](?: [A-Za-z0-9]){{2,}})|[A-Za-z0-9][A-Za-z0-9-]{{0,62}}(?:{_DOT}[A-Za-z0-9-]{{1,63}})*?)"
    rf"{_DOT}({_TLD})(?![\w-])",  # the domain may be spelt out letter by letter: "e x a m p l e"
    re.IGNORECASE,
)
_SEPARATOR = re.compile(_DOT, re.IGNORECASE)
_HINT = re.compile(rf"(?:{_AT_WORDS}|\(a\))", re.IGNORECASE)
_BRACKETED = re.compile(r"[\[({<]\s*[^\s\])}>]+\s*[\])}>]")
_DOT_WORD = re.compile(rf"\s(?:{_DOT_WORDS})\s", re.IGNORECASE)


def _obfuscated_value(match: re.Match[str]) -> str | None:
    """Rebuild the address; refuse plain-word forms ("meet at home dot com" needs both 'at' and 'dot' markers)."""
    user, domain, tld = match.group(1), match.group(2), match.group(3)
    raw = match.group()
    if "@" not in raw and not _BRACKETED.search(raw) and not _DOT_WORD.search(raw):
        return None  # "meet at the station. com…": a plain-word "at" needs a plain-word "dot" too
    if re.fullmatch(r"\w(?: \w)+", domain):
        domain = domain.replace(" ", "")
    domain = ".".join(part.strip() for part in _SEPARATOR.split(domain))
    return f"{user}@{domain}.{tld}".lower()


def detect(text: str) -> list[Found]:
    """E-mail addresses in ``text``; plain ones first, then obfuscated spellings that do not overlap them."""
    found = [Found(TYPE, m.start(), m.end(), m.group().lower()) for m in _PLAIN.finditer(text)]
    if "@" in text or _HINT.search(text):
        taken = [(f.start, f.end) for f in found]
        for match in _OBFUSCATED.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _obfuscated_value(match)
            if value:
                found.append(Found(TYPE, match.start(), match.end(), value))
    return found
