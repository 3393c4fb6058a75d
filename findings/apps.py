from django.apps import AppConfig


class FindingsConfig(AppConfig):
    name = "findings"

    def ready(self):
        from ofsted_kb import cache

        from .models import Finding, FollowUp, Theme

        cache.watch_deletes(Finding, FollowUp, Theme)
