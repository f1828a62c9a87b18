import datetime

from notifications.rules import RuleSettings, due_dates_reminded_on, rule_for

D = datetime.date
RULES = RuleSettings(days_before=(1, 3, 7), overdue_every=7, overdue_repeats=52)
DUE = D(2026, 12, 15)


def reminders_for_days(first, last):
    day, found = first, {}
    while day <= last:
        timing = rule_for(DUE, day, RULES)
        if timing:
            found[day] = timing
        day += datetime.timedelta(days=1)
    return found


def test_a_deadline_is_reminded_seven_three_and_one_days_before_and_on_the_day():
    found = reminders_for_days(D(2026, 12, 1), DUE)
    assert found == {
        D(2026, 12, 8): ("before", 7),
        D(2026, 12, 12): ("before", 3),
        D(2026, 12, 14): ("before", 1),
        D(2026, 12, 15): ("today", 0),
    }


def test_an_overdue_deadline_is_reminded_every_seven_days():
    found = reminders_for_days(D(2026, 12, 16), D(2027, 1, 12))
    assert found == {
        D(2026, 12, 22): ("overdue", -7),
        D(2026, 12, 29): ("overdue", -14),
        D(2027, 1, 5): ("overdue", -21),
        D(2027, 1, 12): ("overdue", -28),
    }


def test_overdue_reminders_stop_after_the_configured_number_of_weeks():
    rules = RuleSettings(days_before=(3,), overdue_every=7, overdue_repeats=2)
    assert rule_for(DUE, DUE + datetime.timedelta(days=14), rules) == ("overdue", -14)
    assert rule_for(DUE, DUE + datetime.timedelta(days=21), rules) is None


def test_the_scan_only_reads_the_due_dates_some_rule_reminds_today():
    dates = due_dates_reminded_on(D(2026, 12, 12), RULES)
    assert len(dates) == 4 + 52
    assert {D(2026, 12, 19), D(2026, 12, 15), D(2026, 12, 13), D(2026, 12, 12)} <= set(dates)
    assert D(2026, 12, 5) in dates and D(2026, 12, 6) not in dates
    for due in dates:
        assert rule_for(due, D(2026, 12, 12), RULES) is not None


def test_the_settings_keep_each_positive_day_once_and_bound_the_overdue_rule(settings):
    settings.REMINDER_DAYS_BEFORE = [1, 0, 7, 1, -1]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 0
    settings.REMINDER_OVERDUE_REPEATS = -2

    assert RuleSettings.current() == RuleSettings(
        days_before=(1, 7), overdue_every=1, overdue_repeats=0
    )
    # Without rules given, the settings decide: no overdue reminder at all here.
    assert rule_for(DUE, DUE - datetime.timedelta(days=1)) == ("before", 1)
    assert rule_for(DUE, DUE - datetime.timedelta(days=3)) is None
    assert rule_for(DUE, DUE + datetime.timedelta(days=1)) is None
    assert due_dates_reminded_on(DUE) == [DUE, D(2026, 12, 16), D(2026, 12, 22)]


def test_an_overdue_reminder_every_day_repeats_as_configured(settings):
    settings.REMINDER_DAYS_BEFORE = [3]
    settings.REMINDER_OVERDUE_EVERY_DAYS = 1
    settings.REMINDER_OVERDUE_REPEATS = 2

    assert [rule_for(DUE, DUE + datetime.timedelta(days=n)) for n in (1, 2, 3)] == [
        ("overdue", -1),
        ("overdue", -2),
        None,
    ]
