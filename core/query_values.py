"""Reading a listing's query string (the library's filters, the search): the same rules for
every listing, so that bad input gets the same answer everywhere."""

# Enough for any real page of results; a longer number is not a page.
MAX_PAGE_DIGITS = 6


def first_value(query, name):
    """A parameter's first value, "" when absent: a repeated one is not an error (QueryDict.get
    would give the last)."""
    values = query.getlist(name)
    return values[0] if values else ""


def page_number(value):
    """The page of results asked for: 1 when the value is empty, None when it is not a page
    number (page=-1, page=x, page=², 2,000 digits)."""
    if not value:
        return 1
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_PAGE_DIGITS):
        return None
    number = int(value)
    return number if number >= 1 else None
