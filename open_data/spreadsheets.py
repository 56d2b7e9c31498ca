"""CSV cells that spreadsheet programs do not run: every CSV the site writes (the downloads, and
the admin's CSV exports of Wagtail's reports) passes its text cells through `spreadsheet_text`."""

from core.private_apis import wrap_spreadsheet_cell

# What makes a spreadsheet program read a text cell as a formula (=, +, -, @) or shift it (tab,
# carriage return). Some programs drop leading spaces before reading a cell, so a formula after
# spaces counts too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """A CSV cell that no spreadsheet program evaluates: a text starting with a formula character
    gets an apostrophe first (the usual mark of a text cell). Only strings change: a number, a
    negative one too, is written as it is."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)
    ):
        return "'" + value
    return value


def protect_wagtail_csv_exports():
    """Wagtail's reports (locked pages, aging pages, site history, workflows, redirects) export
    page titles and other editable texts to CSV as they are; its XLSX export already stores
    them as text. Its CSV cells go through `spreadsheet_text` too."""

    def protected(original):
        def preprocess_field_value(self, field, value, export_format):
            result = original(self, field, value, export_format)
            return spreadsheet_text(result) if export_format == self.FORMAT_CSV else result

        return preprocess_field_value

    wrap_spreadsheet_cell(protected)
