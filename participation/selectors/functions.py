"""Two database functions Django's own are too slow for at 100,000 rows on SQLite.

Django's `TruncWeek` and the difference of two datetimes call Python functions registered
with SQLite for every row (parsing each timestamp with its time zone): seconds for the
dashboard's weeks and waits. SQLite's own date functions do the same work natively. Both
count in UTC, the site's time zone (settings.TIME_ZONE), as stored.
"""

from django.db.models import DateField, FloatField, Func


class WeekStart(Func):
    """The Monday (a date) of the week a timestamp falls in, in UTC."""

    arity = 1
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # "weekday 0" moves forward to the next Sunday (or stays on one); six days back is
        # that week's Monday.
        return self.as_sql(
            compiler, connection, template="date(%(expressions)s, 'weekday 0', '-6 days')"
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(date_trunc('week', %(expressions)s AT TIME ZONE 'UTC'))::date",
        )


class SecondsBetween(Func):
    """later - earlier, in seconds."""

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::float",
            arg_joiner=" - ",
        )
