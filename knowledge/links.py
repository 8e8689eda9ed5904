"""Link hygiene: which addresses are unofficial copies, old hosts or incomplete.

Document-mirror sites are ad-laden third-party copies: a city should know it
is not on the publisher's page. Legacy hosts may have moved or gone. A link
whose address was rebuilt by hand is marked as not confirmed. The mark is a
few words every surface shows next to the link, in the language in force
(``link_mark``; the constants are the English message ids).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wwc_i18n import N_, _

# Ad-laden third-party document copies (resources.md, corrections of the Nov 2026 audit).
MIRROR_HOSTS = ("docslib.org", "scribd.com", "vdocuments.mx", "vdocuments.net", "dokumen.tips", "studylib.net",
                "zbook.org", "paperzz.com", "fdocuments.in", "pdfkul.com", "pdffox.com")
# Hosts that are old and may redirect or be gone (same list).
LEGACY_HOSTS = ("labs.centerforgov.org", "centerforgov.gitbooks.io", "drive.google.com", "docs.google.com",
                "socrata.com", "gcn.com", "survey.okfn.org", "nationalresourcenetwork.org")

# i18n: a mark shown in brackets next to a link: the address is a third-party copy of the document
UNOFFICIAL = N_("unofficial copy")
# i18n: a mark shown in brackets next to a link: the address is on an old host
LEGACY = N_("old address, may have moved")
# i18n: a mark shown in brackets next to a link: the address was rebuilt by hand, not seen working
GUESSED = N_("address not confirmed")


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
    """The words to show next to ``url`` in the language in force, or None for a plain current address."""
    kind = _link_kind(url, guessed=guessed)
    return _(kind) if kind else None


def _link_kind(url: str | None, *, guessed: bool = False) -> str | None:
    """``UNOFFICIAL``, ``GUESSED``, ``LEGACY`` (the English ids) or None."""
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
    mark = _link_kind(url, guessed=guessed)
    return {None: 0, LEGACY: 1, GUESSED: 2, UNOFFICIAL: 3}[mark]
