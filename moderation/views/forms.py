"""Form pieces the moderation views share: the one reason field every confirmation page
asks for, and carrying a service's ValidationError back onto a form."""

from django import forms
from django.core.exceptions import ValidationError

from moderation.services.threads import REASON_MAX_LENGTH


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, required: bool, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = required
        field.label = "Reason" if required else "Reason (optional)"
        field.help_text = hint


def add_errors(form: forms.Form, error: ValidationError) -> bool:
    """Puts a service's field errors on the form. Returns False when the error is about the
    object's state rather than the input (someone else acted first): the caller says so."""
    if not hasattr(error, "error_dict"):
        return False
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
    return True
