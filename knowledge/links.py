"""Link hygiene: which addresses are unofficial copies, old hosts or incomplete.

Document-mirror sites are ad-laden third-party copies: a city should know it
is not on the publisher's page. Legacy hosts may have moved or gone. A link
whose address was rebuilt by hand is marked as not confirmed. The mark is a
few words every surface shows next to the link.
"""

from __future__ import annotations

from urllib.parse import urlsplit

# Ad-laden third-party document copies (resources.md, corrections of the Nov 2026 audit).
MIRROR_HOSTS = ("docslib.org", "scribd.com", "vdocuments.mx", "vdocuments.net", "dokumen.tips", "studylib.net",
                "zbook.org", "paperzz.com", "fdocuments.in", "pdfkul.com", "pdffox.com")
# Hosts that are old and may redirect or be gone (same list).
LEGACY_HOSTS = ("labs.centerforgov.org", "centerforgov.gitbooks.io", "drive.google.com", "docs.google.com",
                "socrata.com", "gcn.com", "survey.okfn.org", "nationalresourcenetwork.org")

UNOFFICIAL = "unofficial copy"
LEGACY = "old address, may have moved"
GUESSED = "address not confirmed"


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _on(url: str, hosts: tuple[str, ...]) -> bool:
    h = host(url)
    return any(h == x or h.endswith("." + x) for x in hosts)


def is_mirror(url: str) -> bool:
    return _on(url, MIRROR_HOSTS)


def is_legacy(url: str) -> bool:
    return _on(url, LEGACY_HOSTS)


def is_truncated(url: str) -> bool:
    """An address cut short in a copy ("…/behavioral-insights..."): it cannot resolve."""
    return url.rstrip("/").endswith(("...", "…"))


def link_mark(url: str | None, *, guessed: bool = False) -> str | None:
    """The words to show next to ``url``, or None for a plain current address."""
    if not url:
        return None
    if is_mirror(url):
        return UNOFFICIAL
    if guessed:
        return GUESSED
    if is_legacy(url):
        return LEGACY
    return None


def link_rank(url: str | None, *, guessed: bool = False) -> int:
    """0 for a current address, 1 for an old host, 2 for a rebuilt address, 3 for an unofficial copy."""
    mark = link_mark(url, guessed=guessed)
    return {None: 0, LEGACY: 1, GUESSED: 2, UNOFFICIAL: 3}[mark]
