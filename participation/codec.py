"""The participation figures (frozen dataclasses of plain values) to JSON and back, so a
snapshot can be stored in the database (participation/models.py) and read in another
process. Types are read from the dataclasses' annotations, so a new field needs nothing here.
"""

import types
from dataclasses import fields, is_dataclass
from datetime import date, datetime, timedelta
from typing import Union, get_args, get_origin, get_type_hints


def to_json(value):
    if is_dataclass(value):
        return {field.name: to_json(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def from_json(kind, data):
    """`data` (from `to_json`) as an instance of the annotated type `kind`."""
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        (kind,) = (arg for arg in get_args(kind) if arg is not type(None))
        return from_json(kind, data)
    if origin is list:
        (item,) = get_args(kind)
        return [from_json(item, value) for value in data]
    if origin is dict:
        _, item = get_args(kind)
        return {key: from_json(item, value) for key, value in data.items()}
    if is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(
            **{
                field.name: from_json(hints[field.name], data[field.name])
                for field in fields(kind)
                if field.init
            }
        )
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    if kind is timedelta:
        return timedelta(seconds=data)
    return data
