"""JSON answers of the maps (apps/core/jsonout.py): what a browser or a parser reads."""

import json

from apps.core import jsonout

AWKWARD = 'A "quoted" <b>name</b> & a back\\slash, 博爱\n'


def test_dumps_escapes_what_html_sniffing_would_act_on_and_keeps_the_text():
    text = jsonout.dumps({"name": AWKWARD})
    assert not set("<>&") & set(text)
    assert "博爱" in text  # UTF-8 as it is, not \\u escapes
    assert json.loads(text) == {"name": AWKWARD}


def test_string_is_a_json_literal_of_the_text():
    assert json.loads(jsonout.string(AWKWARD)) == AWKWARD


def test_feature_collection_joins_written_features_and_escapes_them():
    features = [f'{{"id":{n},"name":{jsonout.string(AWKWARD)}}}' for n in range(3)]
    response = jsonout.feature_collection(features, truncated=True)
    assert response["Content-Type"] == "application/geo+json"
    assert b"<" not in response.content and b"&" not in response.content
    data = json.loads(response.content)
    assert data["truncated"] is True
    assert [f["id"] for f in data["features"]] == [0, 1, 2]
    assert {f["name"] for f in data["features"]} == {AWKWARD}
    assert json.loads(jsonout.feature_collection([], truncated=False).content) == {
        "type": "FeatureCollection",
        "truncated": False,
        "features": [],
    }
