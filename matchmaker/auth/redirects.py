"""Where the service may send someone after a form: only to its own pages."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

# Longer than any address the service makes; a longer one is up to no good.
MAX_PATH_LENGTH = 2000


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, like "/review?status=proposed"; else None.

    Browsers forgive a lot in a Location header: they drop tabs and newlines, trim spaces
    and control characters and read "\\" as "/", so "/<tab>/evil.example" takes people to
    evil.example. So only printable ASCII is accepted (url_for percent-encodes the rest),
    and the path must still be local when read as leniently as a browser would, before
    and after percent-decoding.
    """
    if not target or len(target) > MAX_PATH_LENGTH:
        return None
    if not all("!" <= char <= "~" for char in target):
        return None
    if not (_is_local(target) and _is_local(_lenient(unquote(target)))):
        return None
    return target


def same_site_path(url: str | None, host: str) -> str | None:
    """The local path of `url` (a Referer, say) if it is a page on `host`, else None."""
    if not url or len(url) > MAX_PATH_LENGTH:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced "[" in the host, for example
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        return None
    return local_path(parts.path + (f"?{parts.query}" if parts.query else ""))


def _lenient(value: str) -> str:
    # What a forgiving URL parser makes of `value`: no whitespace or control characters.
    return "".join(char for char in value if char.isprintable() and not char.isspace())


def _is_local(path: str) -> bool:
    path = path.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return False
    parts = urlsplit(path)
    return not (parts.scheme or parts.netloc)
