from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = "Public site"

    def ready(self):
        from ofsted_kb.cache import data_announced

        from .tasks import schedule_rebuild

        data_announced.connect(schedule_rebuild, dispatch_uid="website.downloads")
