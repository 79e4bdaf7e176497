"""gunicorn's access log, without the secrets that some addresses carry.

The links in e-mails hold signed tokens in their path (/nieuwsbrief/afmelden/<token>/),
and the coach's agenda feed a random one. A log line (and the Referer of the
stylesheet that page asked for) would keep them for anyone who reads the logs.
"""

import re

from gunicorn.glogging import Logger

SECRET_LOOKING = re.compile(r"[A-Z_:]")
REDACTED = "[token]"
# Headers and environ values that hold an address: {referer}i, {raw_uri}e ...
ADDRESS_ATOM = re.compile(r"^\{.*(uri|path|referer).*\}[ei]$")


def looks_secret(segment):
    """Signed tokens hold a colon; random ones capitals or underscores, and are
    long. Slugs are lower case and hyphens, and never match."""
    return len(segment) >= 20 and (
        ":" in segment or (len(segment) >= 32 and SECRET_LOOKING.search(segment))
    )


def redact(address):
    """`address` (a path, a URL or a request line's target) with every secret
    segment replaced, and then without its query string either."""
    before = address.partition("?")[0]
    segments = before.split("/")
    kept = [REDACTED if looks_secret(segment) else segment for segment in segments]
    if kept == segments:
        return address
    return "/".join(kept)


class RedactingLogger(Logger):
    """Gunicorn's logger; the request line, path and referer come out redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        method, _space, rest = atoms["r"].partition(" ")
        target, _space, protocol = rest.rpartition(" ")
        atoms["r"] = f"{method} {redact(target)} {protocol}"
        atoms["U"] = redact(atoms["U"] or "")
        if atoms["U"] != (environ.get("PATH_INFO") or ""):
            atoms["q"] = ""
        for name, value in atoms.items():
            if name == "f" or ADDRESS_ATOM.search(name):
                atoms[name] = redact(str(value))
        return atoms
