from django.apps import AppConfig


class AuthoritiesConfig(AppConfig):
    name = "authorities"
    verbose_name = "Local authorities"

    def ready(self):
        from ofsted_kb import cache

        from .models import Authority, AuthorityAlias, StatisticalNeighbour

        # Any write to the data apps invalidates the cached pages and national aggregates.
        cache.connect()
        cache.watch_deletes(Authority, AuthorityAlias, StatisticalNeighbour)
