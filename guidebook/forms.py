"""Input shapes for the guidebook pages; the rules live in services and permissions."""

import datetime
import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.countries import GROUP_LABELS, country_members
from accounts.models import StakeholderGroup, User
from accounts.submissions import SubmissionTokenField
from common.forms import IntegerField
from forum.models import Post, Tag, Theme
from guidebook.models import Chapter, Outcome, ReviewRound
from guidebook.selectors import PoolFilters

REGION_CHOICES = [
    ("participating", GROUP_LABELS["participating_state"]),
    ("mediterranean", GROUP_LABELS["mediterranean_partner"]),
    ("asian", GROUP_LABELS["asian_partner"]),
]


def _country_choices():
    choices = [("", _("Any country or region")), (_("Groups"), REGION_CHOICES)]
    choices += [(label, country_members(group)) for group, label in GROUP_LABELS.items()]
    return choices


class PoolFilterForm(forms.Form):
    """The pool's filters, read from the query string; every field is optional."""

    tags = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Contributions carrying all the ticked tags."),
    )
    kind = forms.ChoiceField(required=False)
    theme = forms.ChoiceField(required=False)
    stakeholder_group = forms.ChoiceField(
        required=False,
        label=_("Author's stakeholder group"),
        choices=[("", _("Any group")), *StakeholderGroup.choices],
    )
    region = forms.ChoiceField(required=False, label=_("Author's country or region"))
    date_from = forms.DateField(
        required=False, label=_("Posted from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("Posted until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    linked = forms.ChoiceField(
        required=False,
        label=_("Linked"),
        choices=[
            ("", _("Linked or not")),
            ("yes", _("Already linked")),
            ("no", _("Not yet linked")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = [
            (tag.slug, f"{tag.name} ({tag.get_facet_display().lower()})")
            for tag in Tag.objects.all()
        ]
        self.fields["kind"].choices = [("", "Any kind"), *Post.Kind.choices]
        self.fields["theme"].choices = [
            ("", "Any theme"),
            *Theme.objects.values_list("slug", "title"),
        ]
        self.fields["region"].choices = _country_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data

    def to_filters(self) -> PoolFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return PoolFilters(
            tags=data.get("tags", []),
            kind=data.get("kind", ""),
            theme=data.get("theme", ""),
            stakeholder_group=data.get("stakeholder_group", ""),
            region=data.get("region", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            linked=data.get("linked", ""),
        )


class LinkForm(forms.Form):
    """Links one pool post to a chapter or one of its sections (value chapter-N / section-N)."""

    post = IntegerField(widget=forms.HiddenInput)
    target = forms.ChoiceField(label=_("Link to"))
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why it matters for the chapter (seen by drafters)."),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        self.chapters, self.sections = {}, {}
        for chapter, sections in targets:
            self.chapters[f"chapter-{chapter.pk}"] = chapter
            group = [(f"chapter-{chapter.pk}", f"Chapter {chapter.number} (whole chapter)")]
            for section in sections:
                self.sections[f"section-{section.pk}"] = section
                group.append(
                    (f"section-{section.pk}", f"{chapter.number}.{section.order} {section.title}")
                )
            choices.append((f"{chapter.number}. {chapter.title}", group))
        self.fields["target"].choices = choices

    def chapter_and_section(self):
        target = self.cleaned_data["target"]
        if target in self.sections:
            section = self.sections[target]
            return section.chapter, section
        return self.chapters[target], None


class DraftForm(forms.Form):
    text = forms.CharField(
        required=False,
        strip=False,
        label=_("Chapter text"),
        widget=forms.Textarea(attrs={"rows": 30, "class": "draft-text"}),
        help_text=(
            _(
                "Markdown. Leave a blank line between paragraphs. Cite a linked contribution "
                "with [[post:123]] (its number in the pool)."
            )
        ),
    )
    base_version = IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, autosave_url: str = "", autosave_seconds: int = 30, **kwargs):
        super().__init__(*args, **kwargs)
        if autosave_url:
            # Read by static/js/draft-autosave.js.
            self.fields["text"].widget.attrs.update(
                {"data-autosave-url": autosave_url, "data-autosave-seconds": autosave_seconds}
            )


class ChapterStateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State of the chapter"), choices=Chapter.State.choices, widget=forms.RadioSelect
    )
    # Set by the confirmation step; a first submit only asks "are you sure?".
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CompareForm(forms.Form):
    from_version = IntegerField(min_value=1)
    to_version = IntegerField(min_value=1)


class OpenReviewForm(forms.Form):
    ends_on = forms.DateField(
        label=_("Review ends on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Comments are taken until the end of this day (UTC)."),
    )
    audience = forms.ChoiceField(
        label=_("Who may comment"),
        choices=ReviewRound.Audience.choices,
        widget=forms.RadioSelect,
        initial=ReviewRound.Audience.VERIFIED,
    )
    emails = forms.CharField(
        required=False,
        label=_("E-mail addresses to invite"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for invited reviewers: one address per line."),
    )

    def ends_at(self):
        day = self.cleaned_data["ends_on"] + datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)

    def email_list(self) -> list[str]:
        return [e for e in re.split(r"[\s,;]+", self.cleaned_data["emails"]) if e]


class CommentForm(forms.Form):
    """A comment on one paragraph, chosen on the page ("Comment on this paragraph")."""

    para_id = forms.IntegerField(widget=forms.HiddenInput)
    selected_text = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Passage (optional)"),
        help_text=_("The words your comment is about: select them in the paragraph, or type them."),
    )
    suggested_text = forms.CharField(
        required=False,
        strip=False,
        max_length=20_000,
        label=_("Suggested wording (optional)"),
        help_text=_(
            "Your rewording of the whole paragraph, in Markdown. The drafters see it "
            "beside their text and may apply it."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    body = forms.CharField(
        required=False,
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Sending the form twice makes one comment (accounts/submissions.py).
    submission = SubmissionTokenField()


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))


class OutcomeForm(forms.Form):
    """What became of an input: the same words for a contribution and a review comment."""

    outcome = forms.ChoiceField(required=False, label=_("Outcome"), choices=Outcome.choices)
    reason = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Answer or reason"),
        help_text=_("Required for “not incorporated”."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ApplySuggestionForm(forms.Form):
    # The save of the working draft the drafter saw the suggestion against.
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DeclineSuggestionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConfirmOutcomesForm(forms.Form):
    links = forms.TypedMultipleChoiceField(coerce=int, label=_("Proposed outcomes to confirm"))

    def __init__(self, *args, link_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["links"].choices = [(pk, pk) for pk in link_ids]


class DrafterForm(forms.Form):
    """Whom to give (or take) the drafting right, in the admin: a username or an address,
    rather than a list of every account."""

    person = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        help_text=_("The account must exist and be active."),
    )

    def clean_person(self):
        value = self.cleaned_data["person"].strip()
        user = (
            User.objects.filter(is_active=True)
            .filter(models.Q(username__iexact=value) | models.Q(email__iexact=value))
            .first()
        )
        if user is None:
            raise forms.ValidationError(
                _("No active account has the username or address “%(value)s”.") % {"value": value}
            )
        return user
