from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def district_name(district):
    """A district's name in the reader's language: 梁溪区 in Chinese, Liangxi in English.

    Takes a District or a row of `values()` with `name` and `name_en`.
    """
    if district is None:
        return ""
    if isinstance(district, dict):
        name, name_en = district.get("name", ""), district.get("name_en", "")
    else:
        name, name_en = district.name, district.name_en
    english = not (get_language() or "zh-hans").startswith("zh")
    return (name_en or name) if english else name
