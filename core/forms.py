from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminPageForm

from .i18n import language_codes


class SelfNamingPageForm(WagtailAdminPageForm):
    """Titles and slugs may be left empty: the page names itself (see SelfNamingPageMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            for name in ("title", "slug"):
                field = self.fields.get(build_localized_fieldname(name, code))
                if field is not None:
                    field.required = False
