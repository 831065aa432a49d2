"""Personal profile URLs on social platforms (facebook.com/<name>, instagram.com/<name>, tiktok.com/@<name> …).

Group, page-of-an-event, hashtag and post URLs are not profiles and are left alone. The value is the platform
host plus the lowercased profile name, so ``https://www.facebook.com/Kavo.Zoru`` and ``fb.com/kavo.zoru`` match.
"""

from __future__ import annotations

import re

from redaction.span import Found

TYPE = "URL"

_PROFILE = re.compile(
    r"(?:https?://)?(?:www\.|m\.|mobile\.|web\.|[a-z]{2}-[a-z]{2}\.)?"
    r"(facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am|tiktok\.com|twitter\.com|x\.com|vk\.com|ok\.ru|"
    r"youtube\.com|linkedin\.com|snapchat\.com|threads\.net|pinterest\.com|reddit\.com)"
    r"/([^\s/?#<>\"')\]]+)(?:/([^\s/?#<>\"')\]]+))?(?:\?[^\s#<>\"')\]]*)?",
    re.IGNORECASE,
)
_GENERIC_AT = re.compile(r"https?://[a-z0-9.-]+\.[a-z]{2,24}/@([A-Za-z0-9_.]{2,64})(?![\w@])", re.IGNORECASE)
_NOT_PROFILES = frozenset(
    [
        "groups",
        "events",
        "pages",
        "hashtag",
        "explore",
        "p",
        "reel",
        "reels",
        "watch",
        "share",
        "sharer",
        "sharer.php",
        "story.php",
        "photo.php",
        "photos",
        "posts",
        "status",
        "search",
        "tag",
        "tags",
        "music",
        "video",
        "videos",
        "marketplace",
        "help",
        "about",
        "legal",
        "policies",
        "privacy",
        "terms",
        "login",
        "signup",
        "home",
        "intent",
        "i",
        "messages",
        "notifications",
        "settings",
        "r",
        "discover",
        "trending",
        "results",
        "feed",
        "shorts",
        "embed",
    ]
)
_TWO_PART = frozenset({"in", "add", "user", "u", "channel", "c", "people", "profile"})


def _profile_name(host: str, first: str, second: str | None, whole: str) -> str | None:
    first_l = first.lower()
    if first_l in _NOT_PROFILES:
        return None
    if first_l == "profile.php":
        m = re.search(r"[?&]id=(\d+)", whole)
        return m.group(1) if m else None
    if first_l in _TWO_PART:
        return second.lower() if second else None
    return first_l.lstrip("@").rstrip(".,;:!")


def detect(text: str) -> list[Found]:
    """Profile URLs in ``text``."""
    found: list[Found] = []
    if "." not in text:
        return found
    for m in _PROFILE.finditer(text):
        name = _profile_name(m.group(1).lower(), m.group(2), m.group(3), m.group())
        if name:
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!":
                end -= 1
            found.append(Found(TYPE, m.start(), end, f"{m.group(1).lower()}/{name}"))
    for m in _GENERIC_AT.finditer(text):
        found.append(Found(TYPE, m.start(), m.end(), m.group().lower().split("://", 1)[1]))
    return found
