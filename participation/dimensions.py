"""The ways contributions are broken down: by a property of their author (stakeholder
group, gender, region, country) or of the post itself (theme, kind).

Each dimension gives the database expression to group by, relative to the model the query
starts from (posts, or a chapter's links to posts), and the label of each value. Regions
are the three OSCE groups a country belongs to, worked out in the query from the country
code, so a breakdown by region is one GROUP BY like the others.
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, F, Value, When
from django.utils.translation import gettext_lazy as _

from accounts.countries import GROUP_LABELS, country_groups, country_names
from accounts.models import Gender, StakeholderGroup
from forum.models import Post

NOT_GIVEN = _("Not given")
OTHER_REGION = "other"


@dataclass(frozen=True)
class Dimension:
    slug: str
    title: str
    # Whether cells counting fewer than five people are hidden (see suppression.py).
    suppressed: bool
    # Path from the post to its author's field, or to the post's own field; None for region.
    field: str | None
    labels: dict

    def expression(self, post_path: str = ""):
        """What to group by, for a query whose rows reach the post through `post_path`."""
        if self.field is None:
            return _region_expression(f"{post_path}author__country")
        return F(f"{post_path}{self.field}")

    def label(self, key) -> str:
        if key in (None, ""):
            return str(NOT_GIVEN)
        return str(self.labels.get(key, key))


def _region_expression(country_field: str):
    by_group: dict[str, list[str]] = {}
    for code, group in country_groups().items():
        by_group.setdefault(group, []).append(code)
    return Case(
        *(
            When(**{f"{country_field}__in": codes}, then=Value(group))
            for group, codes in sorted(by_group.items())
        ),
        default=Value(OTHER_REGION),
        output_field=CharField(),
    )


def _region_labels() -> dict:
    return {**GROUP_LABELS, OTHER_REGION: _("Other, none or not given")}


STAKEHOLDER = Dimension(
    "stakeholder",
    _("Stakeholder group"),
    False,
    "author__stakeholder_group",
    dict(StakeholderGroup.choices),
)
GENDER = Dimension("gender", _("Gender"), True, "author__gender", dict(Gender.choices))
REGION = Dimension("region", _("Region"), True, None, {})
COUNTRY = Dimension("country", _("Country"), True, "author__country", {})
THEME = Dimension("theme", _("Theme"), False, "thread__theme_id", {})
KIND = Dimension("kind", _("Kind of contribution"), False, "kind", dict(Post.Kind.choices))

# The author's properties a chapter's balance compares, and the post's kind.
CHAPTER_DIMENSIONS = (STAKEHOLDER, REGION, GENDER, KIND)


def with_labels(dimension: Dimension, labels: dict) -> Dimension:
    """The dimension with labels read at run time (theme titles, country names)."""
    return Dimension(dimension.slug, dimension.title, dimension.suppressed, dimension.field, labels)


def region_dimension() -> Dimension:
    return with_labels(REGION, _region_labels())


def country_dimension() -> Dimension:
    return with_labels(COUNTRY, country_names())
