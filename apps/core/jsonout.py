"""JSON answers that the maps fetch: compact UTF-8, and harmless if sniffed as HTML.

A map asks for up to a few hundred features per move of its view, so these keep the work
per feature small: `dumps` escapes the whole text at once (`str.replace` runs in C, where
`str.translate` with a mapping walked every character in Python and took longer than the
query), and each record's URL comes from `apps.core.links.pk_url`.
"""

import json
from collections.abc import Iterable
from json.encoder import encode_basestring

from django.http import HttpResponse

# Characters a browser sniffing the answer as HTML would act on, written as JSON escapes
# (the same text to a JSON parser).
_HTML_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def escape_html(text: str) -> str:
    """`text` (JSON) with <, > and & escaped as JSON allows."""
    for char, escape in _HTML_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text


def dumps(data) -> str:
    """`data` as compact JSON, UTF-8 characters as they are, HTML characters escaped."""
    return escape_html(json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def json_response(data, *, status: int = 200, content_type="application/json") -> HttpResponse:
    return HttpResponse(dumps(data).encode(), status=status, content_type=content_type)


# `text` as a JSON string literal: the json module's C encoder itself, no HTML escapes (a
# few hundred calls a request: a Python function around it took a third of the time).
string = encode_basestring


# True, False and None as JSON, for features written by format.
LITERAL = {True: "true", False: "false", None: "null"}


def feature_collection(features: Iterable[str], *, truncated: bool) -> HttpResponse:
    """A GeoJSON FeatureCollection of features already written as JSON text."""
    flag = LITERAL[truncated]
    body = f'{{"type":"FeatureCollection","truncated":{flag},"features":[{",".join(features)}]}}'
    return HttpResponse(escape_html(body).encode(), content_type="application/geo+json")
