"""Dates are written year first (dates.py): Date and Modified, in every
kind of file. A champion's Since and Until are the care-groups plugin's
(caregroups/rules.py), by the same rule."""

from __future__ import annotations

from ..book import Item, rule
from ..dates import WITH_TIME, date_problem
from .fields import FIELDS

DATE_FIELDS = ("date", "modified")


def date_field_problems(item: Item):
    """(field, message) for each Date or Modified field not written ISO."""
    for name in DATE_FIELDS:
        written = item.source.get(name)
        if written is None or name.capitalize() not in FIELDS[item.kind]:
            continue  # a field this kind of file may not use: rules/fields.py says so
        message = date_problem(written.value, WITH_TIME)
        if message:
            yield written, message


@rule
def iso_dates(item: Item, settings):
    for written, message in date_field_problems(item):
        yield item.problem(written.key, message, written.line)
