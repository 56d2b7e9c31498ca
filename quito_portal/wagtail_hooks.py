from wagtail import hooks
from wagtail.admin.ui.components import Component

from .navigation import home_page


class SectionsPanel(Component):
    """Quick links to each section of the site, on the admin dashboard."""

    name = "site_sections"
    order = 50
    template_name = "quito_portal/admin/sections_panel.html"

    def get_context_data(self, parent_context):
        home = home_page()
        return {"sections": list(home.get_children()) if home else []}


@hooks.register("construct_homepage_panels")
def add_sections_panel(request, panels):
    panels.append(SectionsPanel())
