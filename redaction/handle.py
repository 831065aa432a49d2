"""Messenger handles and links: @user, t.me/…, wa.me/…, viber://…, signal.me/…, and "Telegram: user".

A handle's value is the lowercased user name, so ``@zokaru`` and ``t.me/zokaru`` get the same token. Links that
carry a phone number (wa.me/447700900123, viber://chat?number=…, signal.me/#p/+…) are HANDLE spans whose value
is the E.164 number in the PHONE value space: their token's hex part equals the PHONE token of that number.
"""

from __future__ import annotations

import re

from redaction.span import Found

TYPE = "HANDLE"

_SCHEME = r"(?:https?://)?(?:www\.)?"
_TELEGRAM = re.compile(
    _SCHEME + r"(?:t\.me|telegram\.me|telegram\.dog)/(?:s/|joinchat/|\+)?([A-Za-z0-9_+-]{4,64})", re.IGNORECASE
)
_PHONE_LINK = re.compile(
    r"(?:" + _SCHEME + r"(?:wa\.me/|api\.whatsapp\.com/send/?\?phone=)"
    r"|viber://(?:chat|add|contact)\?number=|" + _SCHEME + r"signal\.me/#p/)"
    r"((?:\+|%2B)?\d{7,15})",
    re.IGNORECASE,
)
_OTHER_LINK = re.compile(
    r"(?:" + _SCHEME + r"(?:chat\.whatsapp\.com/|signal\.me/#eu/|signal\.group/#|invite\.viber\.com/\?g2=)"
    r"|viber://pa\?chatURI=)([A-Za-z0-9_%+/=-]{4,200})",
    re.IGNORECASE,
)
# "@@name" (a doubled at sign, as typed or pasted) is still a mention; the span starts at the first "@".
_MENTION = re.compile(r"(?<![\w@.])@+([A-Za-z][A-Za-z0-9_.]{2,31})(?![\w@])")
_DISPLAY_NAME = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")  # "@Tom Whitfield" is a tagged person (see person.py)
_CUED = re.compile(
    r"\b(?:telegram|tg|insta(?:gram)?|snap(?:chat)?|signal|skype|tiktok|imo|botim|wickr|threema|wechat|"
    r"телеграм|تلگرام|تيليجرام|تلغرام|انستقرام|اینستاگرام)\s*(?:id|username|user|handle)?\s*[:：=]\s*"
    r"([A-Za-z][A-Za-z0-9_.]{2,31})(?![\w@])",
    re.IGNORECASE,
)


# Words that follow "Telegram:" in prose rather than a user name.
_PROSE = frozenset(
    (
        "available", "only", "direct", "private", "inbox", "message", "messages", "contact", "link", "below",
        "above", "channel", "group", "same", "here", "now", "please", "yes", "soon", "ask", "write", "send",
        "disponible", "solo", "privado", "privé", "privato", "nur", "privat", "sadece", "özel", "только",
        "личка", "vetëm", "μόνο",
    )
)  # fmt: skip


def _clean(name: str) -> str:
    return name.rstrip(".").lower()


def _phone_value(number: str) -> str:
    return "+" + number.replace("%2B", "").replace("%2b", "").lstrip("+")


def detect(text: str) -> list[Found]:
    """Handles and messenger links in ``text``; a name's span includes its '@' or link prefix."""
    found: list[Found] = []
    lowered = text.lower()
    if "t.me" in lowered or "telegram." in lowered:
        for m in _TELEGRAM.finditer(text):
            found.append(Found(TYPE, m.start(), m.end(), _clean(m.group(1))))
    if "wa" in lowered or "whatsapp" in lowered or "viber" in lowered or "signal" in lowered:
        for m in _PHONE_LINK.finditer(text):
            found.append(Found(TYPE, m.start(), m.end(), _phone_value(m.group(1)), link="PHONE"))
        for m in _OTHER_LINK.finditer(text):
            found.append(Found(TYPE, m.start(), m.end(), m.group(1)))
    if "@" in text:
        for m in _MENTION.finditer(text):
            name = m.group(1).rstrip(".")
            if _DISPLAY_NAME.match(text, m.start(1)):
                continue
            found.append(Found(TYPE, m.start(), m.start(1) + len(name), name.lower()))
    for m in _CUED.finditer(text):
        name = m.group(1).rstrip(".")
        if any(ch.isdigit() or ch in "_." for ch in name) or (len(name) >= 4 and name.lower() not in _PROSE):
            found.append(Found(TYPE, m.start(1), m.start(1) + len(name), name.lower()))
    return found
