"""Forum forms: the shape of the input only. The rules (lengths of rendered text, allowed
characters, which kinds keep the summary fields) live in forum/services.py, whose
ValidationErrors come back through `form.add_error`."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.countries import GROUP_LABELS, country_choices
from accounts.models import StakeholderGroup
from accounts.submissions import SubmissionTokenField
from common.forms import ModelChoiceField, ModelMultipleChoiceField
from common.widgets import QuickSelect, QuickSelectMultiple
from forum.attachments.forms import ATTACHMENT_FIELDS, AttachmentFields
from forum.markup.limits import MAX_LENGTH as BODY_MAX_LENGTH
from forum.models import EmailPreference, Notification, Post, Tag, Theme
from forum.search import SEARCH_MAX_LENGTH, SearchFilters, Sort, kind_labels, search_terms
from forum.services import STRUCTURED_FIELDS, TITLE_MAX_LENGTH


class PostForm(AttachmentFields):
    kind = forms.ChoiceField(
        choices=Post.Kind.choices,
        initial=Post.Kind.COMMENT,
        help_text=_(
            "Lessons learnt, good practices, case studies and recommendations feed the guidebook."
        ),
    )
    # Not stripped: leading spaces are Markdown (an indented code block). No maxlength
    # attribute: a browser would cut pasted text short without a word; the counter warns.
    body = forms.CharField(
        label=_("Text"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-max-length": BODY_MAX_LENGTH}),
        help_text=format_lazy(
            _(
                "Markdown: **bold**, *italic*, [link](https://example.org), lists, tables. "
                "Up to {limit} characters."
            ),
            limit=f"{BODY_MAX_LENGTH:,}",
        ),
        error_messages={"required": _("Write the text of your contribution.")},
    )
    place = forms.CharField(label=_("Country or region"), required=False, max_length=200)
    period = forms.CharField(required=False, max_length=100)
    actors = forms.CharField(label=_("Actors involved"), required=False, max_length=300)
    outcome = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    # The language the text is written in (the post's `lang`, for browsers, screen readers
    # and search); it starts as the author's. Choices are the site's languages.
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        help_text=_("Screen readers and browsers read the text in this language."),
    )

    # Sending the form twice makes one post (accounts/submissions.py).
    submission = SubmissionTokenField()

    field_order = ["kind", "body", "language", *STRUCTURED_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES

    structured_kinds = sorted(Post.STRUCTURED_KINDS)

    def structured_fields(self):
        return [self[name] for name in STRUCTURED_FIELDS]

    def shows_summary(self) -> bool:
        """Whether the summary fields are on show: for the kinds that carry a summary, and
        for any other kind while a summary field holds text or an error, so the person sees
        what the server refused."""
        if self["kind"].value() in Post.STRUCTURED_KINDS:
            return True
        return any(
            (self[name].value() or "").strip() or (self.is_bound and self[name].errors)
            for name in STRUCTURED_FIELDS
        )

    def main_fields(self):
        shown_elsewhere = (*STRUCTURED_FIELDS, *ATTACHMENT_FIELDS)
        return [self[name] for name in self.fields if name not in shown_elsewhere]


class ThreadForm(PostForm):
    title = forms.CharField(
        max_length=TITLE_MAX_LENGTH,
        help_text=format_lazy(_("Up to {limit} characters."), limit=TITLE_MAX_LENGTH),
        error_messages={"required": _("Give the thread a title.")},
    )

    field_order = ["title", "kind", "body", "language", *STRUCTURED_FIELDS, "submission"]


class SearchForm(forms.Form):
    """The search box and the filters that narrow it; all optional, all combined."""

    q = forms.CharField(
        label=_("Search the contributions"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Shorten the search to %(limit_value)d characters or fewer (it has %(show_value)d)."
            )
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    theme = ModelChoiceField(
        Theme.objects.all(),
        label=_("Theme"),
        required=False,
        to_field_name="slug",
        empty_label=_("Any theme"),
        widget=QuickSelect,
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, widget=QuickSelect)
    tag = ModelMultipleChoiceField(
        Tag.objects.order_by("facet", "name"),
        label=_("Tags"),
        required=False,
        to_field_name="slug",
        help_text=_("Results carry every tag chosen."),
        widget=QuickSelectMultiple,
    )
    group = forms.ChoiceField(
        label=_("Author's stakeholder group"),
        required=False,
        choices=[("", _("Any group")), *StakeholderGroup.choices],
        widget=QuickSelect,
    )
    where = forms.ChoiceField(
        label=_("Author's country or region"), required=False, widget=QuickSelect
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(Sort.RELEVANCE, _("Relevance")), (Sort.DATE, _("Date, newest first"))],
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *kind_labels().items()]
        self.fields["where"].choices = [
            ("", _("Anywhere")),
            (_("Groups"), [(f"group:{g}", label) for g, label in GROUP_LABELS.items()]),
            *country_choices(),
        ]

    def clean_q(self) -> str:
        query = self.cleaned_data["q"].strip()
        if query and not search_terms(query):
            raise ValidationError(
                _("Search for at least one word of letters or numbers; symbols are ignored.")
            )
        return query

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Choose a “to” date on or after the “from” date."))
        return cleaned

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            theme=data.get("theme"),
            kind=data.get("kind") or "",
            tags=list(data.get("tag") or ()),
            stakeholder_group=data.get("group") or "",
            where=data.get("where") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or Sort.RELEVANCE,
        )


class EmailPreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("E-mail me about my notifications"),
        choices=EmailPreference.Frequency.choices,
        widget=forms.RadioSelect,
    )
    muted_kinds = forms.MultipleChoiceField(
        label=_("Never e-mail me about"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("These still appear on your notifications page."),
    )
