"""Admin for authorities: staff correct names, aliases and lineage here."""

from django.contrib import admin

from .models import Authority, AuthorityAlias, StatisticalNeighbour


class AuthorityAliasInline(admin.TabularInline):
    model = AuthorityAlias
    extra = 1
    fields = ["name"]


class StatisticalNeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    fk_name = "authority"
    extra = 0
    autocomplete_fields = ["neighbour"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "la_number", "ofsted_urn", "region", "kind", "status"]
    list_filter = ["status", "region", "kind"]
    search_fields = ["name", "official_name", "ons_code", "slug", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["successors"]
    inlines = [AuthorityAliasInline, StatisticalNeighbourInline]


@admin.register(AuthorityAlias)
class AuthorityAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "authority"]
    search_fields = ["name", "authority__name"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority"]
