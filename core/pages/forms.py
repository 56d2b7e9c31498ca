from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminPageForm

from core.i18n.languages import language_codes


class PortalPageForm(WagtailAdminPageForm):
    """Every page type's admin form (BasePage.base_form_class).

    It tells the page where it is being created, so that the page's own validation
    (BasePage.clean) can check each language's slug among its future siblings: a page being
    added has no place in the tree until it is saved.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.parent_page is not None:
            self.instance.parent_for_validation = self.parent_page


class SelfNamingPageForm(PortalPageForm):
    """Titles and slugs may be left empty: the page names itself (see SelfNamingPageMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in language_codes():
            for name in ("title", "slug"):
                field = self.fields.get(build_localized_fieldname(name, code))
                if field is not None:
                    field.required = False
