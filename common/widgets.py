"""Select widgets that write their options in Python.

Django renders each `<option>` through a template of its own, which on a page with a long
list (the search filters' countries and tags: about 150 options) costs more than the rest of
the page. These write the same markup with `format_html`, every value and label escaped.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class _QuickOptions:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        if self.allow_multiple_selected:
            final["multiple"] = True
        groups = []
        for group_name, options, _index in self.optgroups(name, self.format_value(value), attrs):
            written = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((opt["value"], flatatt(opt["attrs"]), opt["label"]) for opt in options),
            )
            if group_name:
                written = format_html('<optgroup label="{}">{}</optgroup>', group_name, written)
            groups.append(written)
        written = format_html_join("", "{}", ((group,) for group in groups))
        return format_html("<select{}>{}</select>", flatatt(final), written)


class QuickSelect(_QuickOptions, forms.Select):
    pass


class QuickSelectMultiple(_QuickOptions, forms.SelectMultiple):
    pass
