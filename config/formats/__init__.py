"""The site's own date formats where Django's locale formats are not what its readers expect
(FORMAT_MODULE_PATH). Templates name a format ("SHORT_DATE_FORMAT"), never a pattern, so
each language writes its dates its own way: 3 Dec 2026, 03.12.2026, 03/12/2026."""
