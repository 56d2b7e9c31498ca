"""Reading user input (a listing's query string, the library's filters, the search, the API's
parameters and paths): the same rules everywhere, so that bad input gets the same answer."""

# Enough for any real page of results; a longer number is not a page.
MAX_PAGE_DIGITS = 6


def first_value(query, name):
    """A parameter's first value, "" when absent: a repeated one is not an error (QueryDict.get
    would give the last)."""
    values = query.getlist(name)
    return values[0] if values else ""


def ascii_integer(value, max_digits):
    """The whole number that `value` writes in ASCII digits (at most `max_digits` of them), None
    for anything else. str.isdigit() is also true for "²" and "①", which int() refuses, and
    int() reads other scripts' digits ("٣", "３") and signs, spaces and underscores: user input
    must pass here, never straight to int()."""
    if not (
        isinstance(value, str)
        and value.isascii()
        and value.isdigit()
        and 0 < len(value) <= max_digits
    ):
        return None
    return int(value)


def page_number(value):
    """The page of results asked for: 1 when the value is empty, None when it is not a page
    number (page=-1, page=x, page=², 2,000 digits)."""
    if not value:
        return 1
    number = ascii_integer(value, MAX_PAGE_DIGITS)
    return number if number is not None and number >= 1 else None
