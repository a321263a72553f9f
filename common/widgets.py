"""Select widgets that write their options in Python.

Django renders each `<option>` through a template of its own, which on a page with a long
list (the search filters' countries and tags: about 150 options) costs more than the rest of
the page. These write the same markup straight from the choices, every value and label
escaped; the select's own attributes go through Django's `flatatt` as usual.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _option(value, label, selected: set[str]) -> str:
    value = "" if value is None else str(value)
    chosen = " selected" if value in selected else ""
    return f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'


class _QuickOptions:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        if self.allow_multiple_selected:
            final["multiple"] = True
        selected = {str(chosen) for chosen in self.format_value(value)}
        if not self.allow_multiple_selected and len(selected) > 1:
            selected = set(list(selected)[:1])
        parts = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                inner = "".join(_option(v, label, selected) for v, label in option_label)
                parts.append(f'<optgroup label="{escape(option_value)}">{inner}</optgroup>')
            else:
                parts.append(_option(option_value, option_label, selected))
        return mark_safe(f"<select{flatatt(final)}>{''.join(parts)}</select>")


class QuickSelect(_QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass
