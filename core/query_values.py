"""Reading numbers from user input (the library's filters, the API's parameters and paths, the
translation exchange's page ids): the same rule everywhere, so that bad input gets the same
answer. A listing's page number and repeated parameters: core.pages.listing."""


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
