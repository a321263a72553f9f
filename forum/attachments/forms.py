"""The attachment fields of the post forms: the shape of the input only. Which files are
accepted is decided by forum/attachments/services.py (`check_uploads`), whose
ValidationError keyed "files" comes back to the `files` field."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forum.attachments.detection import ACCEPT_ATTRIBUTE, ALLOWED_LABELS

ATTACHMENT_FIELDS = ("files", "remove_files")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files from one input; the list may be empty."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        chosen = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(one, initial) for one in chosen if one]


class AttachmentFields(forms.Form):
    """Adds the files to attach and, when editing (`attachments` given), the files to
    remove, offered by their names."""

    files = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=format_lazy(
            _(
                "Up to 5 files of up to 10 MB each: {allowed}. Preview and Change kind do "
                "not keep chosen files: choose them just before you post."
            ),
            allowed=ALLOWED_LABELS,
        ),
    )
    remove_files = forms.TypedMultipleChoiceField(
        label=_("Remove files"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, attachments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if attachments is None:
            del self.fields["remove_files"]
        else:
            self.fields["remove_files"].choices = [(a.pk, a.name) for a in attachments]

    def attachment_fields(self):
        return [self[name] for name in ATTACHMENT_FIELDS if name in self.fields]
