"""Finds what a strict Content-Security-Policy would block in a page: inline code without its nonce."""

import re
from html.parser import HTMLParser

NONCE = re.compile(r"'nonce-([^']+)'")
# <script type="application/json"> (json_script) holds data, which no policy blocks.
DATA_TYPES = {"application/json", "application/ld+json"}


class _Scanner(HTMLParser):
    def __init__(self, nonce):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.blocked = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name in attributes:
            if name.startswith("on"):
                self.blocked.append(f"line {line}: <{tag} {name}=...> (event handler attribute)")
        if "style" in attributes:
            self.blocked.append(f"<{tag} style={attributes['style']!r}>")
        inline_script = (
            tag == "script" and "src" not in attributes and attributes.get("type") not in DATA_TYPES
        )
        if (inline_script or tag == "style") and attributes.get("nonce") != self.nonce:
            self.blocked.append(f"line {line}: <{tag}> without the response's nonce")
        for name in ("href", "src", "action", "formaction"):
            if (attributes.get(name) or "").strip().lower().startswith("javascript:"):
                self.blocked.append(f"line {line}: <{tag} {name}=javascript:...>")


def blocked_inline_code(response) -> list[str]:
    """What in the HTML of `response` its own Content-Security-Policy header would block."""
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    found = NONCE.search(policy)
    scanner = _Scanner(found.group(1) if found else None)
    scanner.feed(response.content.decode())
    scanner.close()
    return scanner.blocked
