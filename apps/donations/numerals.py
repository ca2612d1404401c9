"""Amounts in Chinese capital numerals (大写金额), as written on receipts: ¥100.00 -> 壹佰元整."""

from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")
SECTIONS = ("", "万", "亿", "万亿")


def _section(number: int) -> str:
    """1 to 9999 in capitals, a zero written once for any run of zeros inside it."""
    out = ""
    pending_zero = False
    for place in range(3, -1, -1):
        digit = number // 10**place % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += DIGITS[0]
            pending_zero = False
        out += DIGITS[digit] + PLACES[place]
    return out


def _yuan(number: int) -> str:
    sections = []
    while number:
        sections.append(number % 10_000)
        number //= 10_000
    if len(sections) > len(SECTIONS):
        raise ValueError("amount too large to write in capitals")
    out = ""
    for index in range(len(sections) - 1, -1, -1):
        section = sections[index]
        if section == 0:
            continue
        # A zero where a section starts below its thousands, or after skipped sections.
        if out and (section < 1000 or sections[index + 1] == 0):
            out += DIGITS[0]
        out += _section(section) + SECTIONS[index]
    return out


def amount_in_capitals(amount: Decimal) -> str:
    """Write a yuan amount in capitals: 壹佰元整, 壹仟零伍元伍角, 壹佰元零伍分, 零元整."""
    fen = int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if fen < 0:
        raise ValueError("a receipt amount is never negative")
    yuan, jiao, fen = fen // 100, fen // 10 % 10, fen % 10
    if yuan == 0 and jiao == 0 and fen == 0:
        return "零元整"
    out = f"{_yuan(yuan)}元" if yuan else ""
    if jiao:
        out += DIGITS[jiao] + "角"
    elif fen and yuan:
        out += DIGITS[0]
    if fen:
        out += DIGITS[fen] + "分"
    if not jiao and not fen:
        out += "整"
    return out
