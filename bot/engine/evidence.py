"""One rule for an evidence link, whatever the surface (a link in a DM answer, ``evidence DM2 <url>``, the
Slack modal): an http(s) address of a named host (``https://city.gov/x``), without spaces, at most
``MAX_URL`` characters. A reviewer has to be able to open it, so a bare internal name (``https://intranet/x``)
is refused on every surface alike."""

from __future__ import annotations

from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, field_validator

from wwc_i18n import N_

MAX_URL = 1000
# English; shown with ``_(URL_HELP)`` (the validator's own error is not shown to anyone)
URL_HELP = N_("Enter a web link starting with https://, e.g. https://city.gov/open-data-policy.pdf")


class EvidenceURL(BaseModel):
    """A checked evidence link."""

    model_config = ConfigDict(frozen=True)

    url: str

    @field_validator("url")
    @classmethod
    def _named_web_address(cls, url: str) -> str:
        url = url.strip()
        if not url or len(url) > MAX_URL or any(ch.isspace() for ch in url):
            raise ValueError(URL_HELP)
        parsed = urlparse(url)
        host = parsed.hostname or ""
        if parsed.scheme not in ("http", "https") or "." not in host or host.startswith(".") or host.endswith("."):
            raise ValueError(URL_HELP)
        return url


def valid_url(url: str) -> bool:
    """Whether ``url`` is a link every surface accepts as evidence."""
    try:
        EvidenceURL(url=url)
    except ValueError:
        return False
    return True
