"""The forms of the moderation pages: input shape only; the services hold the rules. A
service's ValidationError comes back onto the form through `add_errors`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.forms import ModelChoiceField, ModelMultipleChoiceField
from forum.models import Tag, Theme
from moderation.models import NOTE_MAX_LENGTH, Decision, Report, Unit
from moderation.permissions import visible_decisions, visible_units
from moderation.services.decisions import RejectReason
from moderation.services.reports import REPORT_TEXT_MAX_LENGTH
from moderation.services.threads import REASON_MAX_LENGTH


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, required: bool, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = required
        field.label = _("Reason") if required else _("Reason (optional)")
        field.help_text = hint


def add_errors(form: forms.Form, error: ValidationError) -> bool:
    """Puts a service's field errors on the form. Returns False when the error is about the
    object's state rather than the input (someone else acted first): the caller says so."""
    if not hasattr(error, "error_dict"):
        return False
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
    return True


# Moderators' notes ------------------------------------------------------------------------


class NoteForm(forms.Form):
    """A private note from the review page, on the post or on its author."""

    prefix = "note"

    about = forms.ChoiceField(
        label=_("The note is about"),
        choices=[("post", _("Note on this post")), ("author", _("Note on this author"))],
        initial="post",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Only moderators see it, and it is kept in the decision log."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Review -----------------------------------------------------------------------------------


class ReviewForm(forms.Form):
    """The review desk's one form: a choice of decision and the fields of each choice.

    Every choice's fields are on the page (a script shows only the chosen one's); only the
    chosen decision's fields are read and required, so text typed under another choice is
    kept on the page but never sent to a service.
    """

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("approve", _("Approve")),
            ("request_changes", _("Request changes")),
            ("reject", _("Reject")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose approve, request changes or reject.")},
    )
    # Approve
    tags = ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=Tag.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accept = forms.BooleanField(label=_("Accepted for the guidebook"), required=False)
    note = forms.CharField(
        label=_("Note for drafters"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this contribution matters for the guidebook, or where it fits."),
    )
    # Request changes
    reason = forms.CharField(
        label=_("What should the author change?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The author sees this text and can edit the same post and resubmit it."),
    )
    # Reject
    preset_reason = forms.ChoiceField(
        label=_("Reason for rejecting"),
        choices=RejectReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Explanation for the author"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # The fields each decision sends to its service, named for the service's arguments.
    FIELDS = {
        "approve": ("tags", "accept", "note"),
        "request_changes": ("reason",),
        "reject": ("preset_reason", "text"),
    }
    REQUIRED = {
        "reason": _("Tell the author what to change."),
        "preset_reason": _("Choose a reason for rejecting the post."),
    }

    def clean(self):
        data = super().clean()
        for name in self.FIELDS.get(data.get("decision"), ()):
            if name in self.REQUIRED and not data.get(name) and name not in self.errors:
                self.add_error(name, self.REQUIRED[name])
        return data

    def service_arguments(self) -> dict:
        """The chosen decision's cleaned fields, as its service takes them."""
        names = self.FIELDS[self.cleaned_data["decision"]]
        return {name: self.cleaned_data[name] for name in names}


# Reports and threads -----------------------------------------------------------------------


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this post?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why you are reporting this post.")},
    )
    text = forms.CharField(
        label=_("Tell the moderators more"),
        required=False,
        max_length=REPORT_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed if you chose “Other”. Only moderators see your report."),
    )


class MoveForm(forms.Form):
    theme = ModelChoiceField(label=_("Move to theme"), queryset=Theme.objects.none())
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the decision log."),
    )

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes


# The decision log -----------------------------------------------------------------------------


class LogFilterForm(forms.Form):
    """The log's filters (GET). Choices are limited to what this person may see."""

    unit = ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
        to_field_name="code",
    )
    moderator = ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label=_("Everyone")
    )
    action = forms.ChoiceField(required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = visible_units(user, Unit.objects.order_by("code"))
        self.fields["moderator"].queryset = User.objects.filter(
            pk__in=visible_decisions(user, Decision.objects.all()).values("actor_id")
        ).order_by("display_name", "username")
        self.fields["action"].choices = [("", "All actions"), *Decision.Action.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data
