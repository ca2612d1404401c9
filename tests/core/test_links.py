import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from apps.core.links import pk_url


@pytest.mark.parametrize("pk", [1, 42, 2_147_483_646])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pk_url_gives_what_reverse_gives(pk, language):
    with translation.override(language):
        for viewname in ("boai:detail", "aed:detail", "organizations:detail"):
            assert pk_url(viewname)(pk) == reverse(viewname, args=[pk])


def test_a_url_is_made_again_for_another_script_prefix():
    assert pk_url("honors:detail")(7) == "/honors/7/"
    set_script_prefix("/portal/")
    try:
        assert pk_url("honors:detail")(7) == "/portal/honors/7/"
    finally:
        set_script_prefix("/")
    assert pk_url("honors:detail")(7) == "/honors/7/"
