from django.apps import AppConfig


class DemoContentConfig(AppConfig):
    """The demo site (`manage.py load_demo_content`), built from facts.json: it imports the
    sections, no section imports it."""

    name = "demo_content"
