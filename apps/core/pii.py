"""Personal data (PIPL): how ID numbers are kept so staff can find a person without storing them."""

import hashlib
import hmac

from django.conf import settings


def id_number_digest(id_number: str) -> str:
    """Keyed digest of a normalised ID number; the same number always gives the same digest."""
    normalised = id_number.strip().upper().encode()
    return hmac.new(settings.PII_DIGEST_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def mask_id_number(id_number: str) -> str:
    """320202199001011234 -> 3202**********1234."""
    number = id_number.strip().upper()
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
