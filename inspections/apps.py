from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"

    def ready(self):
        from ofsted_kb import cache

        from .models import Document, Inspection, Judgement

        cache.watch_deletes(Document, Inspection, Judgement)
