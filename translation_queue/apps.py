from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationQueueConfig(AppConfig):
    name = "translation_queue"
    verbose_name = _("Translation queue")

    def ready(self):
        from . import signals

        signals.connect()
