"""Typed dates and times: what an officer types in the visit form means what they meant."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rsoman.core.rules.entry_dates import EntryDateError, describe_entry, parse_entry

# Thursday 5 February 2026, 16:42:13 (London wall clock).
NOW = datetime(2026, 2, 5, 16, 42, 13)

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0)
)
nows = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", datetime(2026, 2, 5, 16, 42)),
        ("Now", datetime(2026, 2, 5, 16, 42)),
        ("today 14:30", datetime(2026, 2, 5, 14, 30)),
        ("today at 2.30pm", datetime(2026, 2, 5, 14, 30)),
        ("14:30", datetime(2026, 2, 5, 14, 30)),
        ("yesterday 0930", datetime(2026, 2, 4, 9, 30)),
        ("yesterday 930", datetime(2026, 2, 4, 9, 30)),
        ("tomorrow 10:00", datetime(2026, 2, 6, 10, 0)),
        ("3/2 10:30", datetime(2026, 2, 3, 10, 30)),
        ("03/02/2026 10:30", datetime(2026, 2, 3, 10, 30)),
        ("3-2-26 10:30", datetime(2026, 2, 3, 10, 30)),
        ("2026-02-03 10:30", datetime(2026, 2, 3, 10, 30)),
        ("3 feb 14:00", datetime(2026, 2, 3, 14, 0)),
        ("3 February 2025, 14:00", datetime(2025, 2, 3, 14, 0)),
        ("14:00 feb 3 2025", datetime(2025, 2, 3, 14, 0)),
        ("3 feb 2025 1400", datetime(2025, 2, 3, 14, 0)),
        ("feb 3 2pm", datetime(2026, 2, 3, 14, 0)),
        ("10:30 3/2", datetime(2026, 2, 3, 10, 30)),
        ("mon 9am", datetime(2026, 2, 2, 9, 0)),
        ("thursday noon", datetime(2026, 2, 5, 12, 0)),
        ("12am yesterday", datetime(2026, 2, 4, 0, 0)),
        ("12pm", datetime(2026, 2, 5, 12, 0)),
        # A yearless date after today was last year, for a visit that took place.
        ("28/12 10:00", datetime(2025, 12, 28, 10, 0)),
    ],
)
def test_what_officers_type(text, expected):
    assert parse_entry(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("28/12 10:00", datetime(2026, 12, 28, 10, 0)),
        ("3/2 10:00", datetime(2027, 2, 3, 10, 0)),
        ("5/2 10:00", datetime(2026, 2, 5, 10, 0)),  # today stays today
        ("mon 10:00", datetime(2026, 2, 9, 10, 0)),
        ("thu 10:00", datetime(2026, 2, 5, 10, 0)),
    ],
)
def test_planning_looks_ahead(text, expected):
    assert parse_entry(text, NOW, prefer="future") == expected


def test_yearless_date_boundaries_around_today():
    # The day before today, today, and the day after (last year's, for a past entry).
    assert parse_entry("4/2 10:00", NOW).date() == date(2026, 2, 4)
    assert parse_entry("5/2 10:00", NOW).date() == date(2026, 2, 5)
    assert parse_entry("6/2 10:00", NOW).date() == date(2025, 2, 6)


def test_a_yearless_29_february_finds_the_last_leap_year():
    assert parse_entry("29/2 10:00", NOW) == datetime(2024, 2, 29, 10, 0)
    assert parse_entry("29/2 10:00", NOW, prefer="future") == datetime(2028, 2, 29, 10, 0)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "type when"),
        ("   ", "type when"),
        ("today", "add the time too"),
        ("3/2", "add the time too"),
        ("3 feb 2026", "add the time too"),
        ("31/2 10:00", "'31/2' is not a date"),
        ("29/02/2026 10:00", "'29/02/2026' is not a date"),
        ("3/13 10:00", r"no month 13 \(dates are day/month\)"),
        ("25:00", "no hour 25"),
        ("today 10:61", "no minute 61"),
        ("13pm", "with am or pm the hour runs from 1 to 12"),
        ("10:00 11:00", "one time only"),
        ("someday 10:00", "'someday' is not a date I know"),
        ("3 feb 1 10:00", "'1' is not a year"),
    ],
)
def test_mistakes_are_explained(text, reason):
    with pytest.raises(EntryDateError, match=reason):
        parse_entry(text, NOW)


def test_a_date_alone_is_midnight_when_no_time_is_needed():
    assert parse_entry("3/2", NOW, need_time=False) == datetime(2026, 2, 3, 0, 0)


def test_described_in_words():
    assert describe_entry(datetime(2026, 2, 3, 10, 30), NOW) == "Tue 3 Feb 2026, 10:30 (2 days ago)"
    assert describe_entry(datetime(2026, 2, 4, 9, 30), NOW) == "Wed 4 Feb 2026, 09:30 (yesterday)"
    assert describe_entry(datetime(2026, 2, 5, 9, 30), NOW) == "Thu 5 Feb 2026, 09:30 (today)"
    assert describe_entry(datetime(2026, 2, 6, 9, 30), NOW) == "Fri 6 Feb 2026, 09:30 (tomorrow)"
    assert describe_entry(datetime(2026, 2, 9, 9, 30), NOW) == "Mon 9 Feb 2026, 09:30 (in 4 days)"


@given(moments)
def test_full_dates_round_trip(moment):
    assert parse_entry(f"{moment:%d/%m/%Y %H:%M}", NOW) == moment
    assert parse_entry(f"{moment.day}/{moment.month}/{moment.year} {moment:%H%M}", NOW) == moment
    assert parse_entry(f"{moment:%H.%M} {moment:%Y-%m-%d}", NOW) == moment


@given(st.integers(0, 23), st.integers(0, 59))
def test_twelve_and_twenty_four_hour_clocks_agree(hour, minute):
    meridiem = "am" if hour < 12 else "pm"
    twelve = f"{(hour % 12) or 12}:{minute:02d}{meridiem}"
    assert parse_entry(twelve, NOW) == parse_entry(f"{hour:02d}:{minute:02d}", NOW)
    assert parse_entry(twelve, NOW).time() == time(hour, minute)


@given(nows, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_yearless_date_is_the_nearest_in_the_preferred_direction(now, day):
    typed = f"{day.day}/{day.month} 10:00"
    past = parse_entry(typed, now).date()
    future = parse_entry(typed, now, prefer="future").date()
    assert (past.day, past.month) == (day.day, day.month) == (future.day, future.month)
    today = now.date()
    assert past <= today <= future
    if (day.day, day.month) != (29, 2):  # a leap day may be years away
        assert today - past < timedelta(days=366) and future - today < timedelta(days=366)


@given(nows, st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
def test_a_weekday_is_within_the_week(now, weekday):
    past = parse_entry(f"{weekday} 10:00", now).date()
    future = parse_entry(f"{weekday} 10:00", now, prefer="future").date()
    today = now.date()
    assert 0 <= (today - past).days <= 6 and 0 <= (future - today).days <= 6
    assert past.strftime("%a").lower() == weekday == future.strftime("%a").lower()


@given(st.text(max_size=30))
def test_any_text_is_a_moment_or_an_explained_refusal(text):
    try:
        result = parse_entry(text, NOW)
    except EntryDateError as exc:
        assert str(exc)
    else:
        assert result.second == 0 and result.tzinfo is None


@given(
    st.lists(
        st.sampled_from(
            ["today", "3/2", "14:30", "pm", "at", "feb", "3", "2026", "0930", "mon", "/", ":", "31"]
        ),
        max_size=5,
    )
)
def test_near_misses_never_crash(words):
    try:
        parse_entry(" ".join(words), NOW)
    except EntryDateError:
        pass
