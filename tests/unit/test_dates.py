"""Dates are written year first (plugins/rulebook/dates.py): the forms
accepted, and the ISO form a British secretary most likely meant."""

from __future__ import annotations

import pytest
from rulebook.dates import DATE_ONLY, WITH_TIME, date_problem


@pytest.mark.parametrize(
    "value", ["2026-12-01", "2026-12-01 10:00", "2026-12-01T10:00", "2026-12-01 10:00:30", " 2026-12-01 10:00 "]
)
def test_iso_dates_are_accepted(value):
    assert date_problem(value) is None


@pytest.mark.parametrize(
    ("value", "meant"),
    [
        ("01/12/2026", 'if "01/12/2026" means 1 December 2026, write 2026-12-01'),
        ("1/12/26", 'if "1/12/26" means 1 December 2026, write 2026-12-01'),
        ("1 Dec 2026", 'if "1 Dec 2026" means 1 December 2026, write 2026-12-01'),
        ("12-01-2026", 'if "12-01-2026" means 12 January 2026, write 2026-01-12'),
        ("01.12.2026 9:30", 'if "01.12.2026 9:30" means 1 December 2026 at 09:30, write 2026-12-01 09:30'),
        # Year first stays year first.
        ("2026/12/01", 'if "2026/12/01" means 1 December 2026, write 2026-12-01'),
        ("2026-12-1", 'if "2026-12-1" means 1 December 2026, write 2026-12-01'),
        # A time written as the clock says it is kept, never dropped.
        ("20/1/2027 6pm", 'if "20/1/2027 6pm" means 20 January 2027 at 18:00, write 2027-01-20 18:00'),
        ("2027-01-20 6pm", 'if "2027-01-20 6pm" means 20 January 2027 at 18:00, write 2027-01-20 18:00'),
        ("2027-01-20 12pm", 'if "2027-01-20 12pm" means 20 January 2027 at 12:00, write 2027-01-20 12:00'),
    ],
)
def test_other_forms_show_the_iso_form_they_may_mean(value, meant):
    assert date_problem(value).endswith(meant)


@pytest.mark.parametrize("value", ["yesterday", "Dec 2026", "2026", "32/13/2020", "next spring"])
def test_what_is_no_whole_date_gets_the_form_to_write(value):
    assert date_problem(value, DATE_ONLY) == f'cannot read the date "{value}"; write it as YYYY-MM-DD, e.g. 2008-04-21'


@pytest.mark.parametrize("value", ["2026-02-30", "2026-12-01 25:00"])
def test_a_date_that_does_not_exist(value):
    assert date_problem(value, WITH_TIME) == f'"{value}" is not a real date; write it as {WITH_TIME}'


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2027-01-20\u00a018:00", "the date holds a no-break space, pasted from Word or a web page; retype the space"),
        ("2027-01-20 24:00", "24:00 is not a time on the clock; write 00:00 on the next day, e.g. 2027-01-21 00:00"),
    ],
)
def test_a_date_that_looks_right_and_is_not_says_why(value, said):
    assert date_problem(value) == said
