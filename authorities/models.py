"""Local authorities with children's services duties, their aliases, lineage and neighbours."""

from django.db import models

from ofsted_kb import links

from .resolver import normalise


class Region(models.TextChoices):
    """Ofsted's regions (North East and Yorkshire and the Humber are one)."""

    EAST_MIDLANDS = "east_midlands", "East Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    NORTH_EAST_YORKSHIRE_HUMBER = (
        "north_east_yorkshire_humber",
        "North East, Yorkshire and the Humber",
    )
    NORTH_WEST = "north_west", "North West"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    WEST_MIDLANDS = "west_midlands", "West Midlands"


class AuthorityQuerySet(models.QuerySet):
    def public(self):
        """The authorities the public may see: every one (current and former)."""
        return self.all()

    def current(self):
        return self.filter(status=AuthorityStatus.CURRENT)

    def former(self):
        return self.filter(status=AuthorityStatus.FORMER)


class AuthorityKind(models.TextChoices):
    COUNTY = "county", "County council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan borough"
    LONDON_BOROUGH = "london_borough", "London borough"
    OTHER = "other", "Other (City of London, Isles of Scilly)"


class AuthorityStatus(models.TextChoices):
    CURRENT = "current", "Current"
    FORMER = "former", "Former (no longer exists)"


class Authority(models.Model):
    Kind = AuthorityKind
    Status = AuthorityStatus

    name = models.CharField(max_length=100, help_text="Short common name, e.g. “Kent”.")
    official_name = models.CharField(
        max_length=150, blank=True, help_text="The council's name, e.g. “Kent County Council”."
    )
    slug = models.SlugField(max_length=100, unique=True)
    ons_code = models.CharField("ONS code", max_length=9, unique=True)
    previous_ons_codes = models.CharField(
        "previous ONS codes",
        max_length=100,
        blank=True,
        help_text="Codes this same area had before a change of code (semicolon-separated).",
    )
    la_number = models.PositiveSmallIntegerField("DfE LA number", null=True, blank=True)
    ofsted_urn = models.PositiveIntegerField("Ofsted URN", null=True, blank=True)
    region = models.CharField(max_length=40, choices=Region)
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.CURRENT)
    abolished_on = models.DateField(null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        help_text="The authorities that took over its duties when it was abolished.",
    )
    statistical_neighbours = models.ManyToManyField(
        "self",
        through="StatisticalNeighbour",
        through_fields=("authority", "neighbour"),
        symmetrical=False,
        related_name="+",
        blank=True,
    )

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__in=Region.values),
                name="authorities_authority_region_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AuthorityKind.values),
                name="authorities_authority_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AuthorityStatus.values),
                name="authorities_authority_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(ons_code__regex=r"^E[0-9]{8}$"),
                name="authorities_authority_ons_code_format",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return links.url("authorities:authority-detail", self.slug)

    @property
    def menu_label(self) -> str:
        """The name as a list of choices shows it: a former authority says so, and when it
        ended, so that the old and the new Dorset are told apart."""
        if self.status != self.Status.FORMER:
            return self.name
        ended = f", to {self.abolished_on.year}" if self.abolished_on else ""
        return f"{self.name} (former{ended})"

    @property
    def is_current(self):
        return self.status == self.Status.CURRENT


class AuthorityAlias(models.Model):
    """Another name a document may use for an authority ("KCC", a children's trust...)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["authority__name", "name"]
        verbose_name_plural = "authority aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "normalised"], name="authorities_alias_unique_per_authority"
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.authority}"

    def save(self, *args, **kwargs):
        self.normalised = normalise(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.authority.get_absolute_url()


class StatisticalNeighbour(models.Model):
    """One of an authority's ten closest comparable authorities (DfE groupings, 2021)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["authority__name", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "neighbour"], name="authorities_neighbour_unique_pair"
            ),
            models.UniqueConstraint(
                fields=["authority", "rank"], name="authorities_neighbour_unique_rank"
            ),
            models.CheckConstraint(
                condition=~models.Q(authority=models.F("neighbour")),
                name="authorities_neighbour_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.authority} #{self.rank}: {self.neighbour}"

    def get_absolute_url(self):
        return self.neighbour.get_absolute_url()
