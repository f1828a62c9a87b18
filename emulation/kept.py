"""The scores of closed periods, kept (KeptRanking, KeptScore).

A period (quarter, six months, year) is closed `LOA_EMULATION_CLOSED_AFTER_DAYS` after it
ends, once its reports had time to come in. The first time its ranking is asked for after
that, it is computed and stored per judge, criteria version, period and unit; the ranking
page, the PDF and the Excel annex then read those rows, and a later change of the data no
longer moves them. They are computed again when the judge's criteria for that year change
(the stored version differs) or when one of the judge's leaders asks (`recompute`); every
computation is a row of KeptRanking's history: when, who asked, why. Open periods are
computed live.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Classification, CriteriaSet, KeptRanking, KeptScore
from .selectors import inputs
from .selectors.scores import CriterionScore, Ranking, UnitScore, ranking

FIRST_REASON = "Chốt điểm khi kỳ đã kết thúc"
CRITERIA_REASON = "Tính lại vì tiêu chí thi đua năm {year} đã thay đổi"
ASKED_REASON = "Tính lại theo yêu cầu của lãnh đạo cơ quan chấm điểm"


def is_closed(period: inputs.ScoredPeriod, today: datetime.date) -> bool:
    closes = period.end + datetime.timedelta(days=settings.LOA_EMULATION_CLOSED_AFTER_DAYS)
    return today > closes


def _key(*, judge, kind, year, index, scope, **_):
    return {"judge": judge, "scope": scope, "kind": kind, "year": year, "index": index}


def kept_or_computed(
    *, judge, kind, year, index, scope, today, criteria_set: CriteriaSet
) -> Ranking:
    """The ranking of a closed period from its kept rows (three queries, whatever the number
    of units), computed and kept first when there are none or the criteria changed since."""
    period = {"judge": judge, "kind": kind, "year": year, "index": index, "scope": scope}
    kept = KeptRanking.objects.filter(**_key(**period)).select_related("computed_by").first()
    if kept is not None and kept.criteria_version == criteria_set.version():
        return _read(kept, judge=judge, criteria_set=criteria_set)
    reason = CRITERIA_REASON.format(year=year) if kept is not None else FIRST_REASON
    return _compute_and_keep(
        **period, today=today, criteria_set=criteria_set, reason=reason, by=None
    )


def recompute(*, by, **period) -> Ranking:
    """Count a closed period again on today's data and keep the result, at a leader's
    request (the view checks who may). Takes kept_or_computed's arguments and who asked."""
    return _compute_and_keep(**period, reason=ASKED_REASON, by=by)


def _compute_and_keep(*, criteria_set, reason, by, **period):
    result = ranking(**period, criteria_set=criteria_set)
    values = {
        "criteria_set": criteria_set,
        "criteria_version": criteria_set.version(),
        "computed_at": timezone.now(),
        "computed_by": by,
        "reason": reason,
    }
    try:
        with transaction.atomic():
            kept = KeptRanking.objects.select_for_update().filter(**_key(**period)).first()
            if kept is None:
                kept = KeptRanking(**_key(**period), **values)
            else:
                for name, value in values.items():
                    setattr(kept, name, value)
                kept.scores.all().delete()
            kept._history_user = by
            kept._change_reason = reason
            kept.save()
            KeptScore.objects.bulk_create(
                KeptScore(
                    ranking=kept,
                    unit=row.unit,
                    position=position,
                    total=row.total,
                    rank=row.rank,
                    classification=row.classification or "",
                    criteria={
                        c.kind: [c.on_time, c.late, c.missing, str(c.credited), str(c.expected)]
                        for c in row.criteria
                    },
                )
                for position, row in enumerate(result.rows, start=1)
            )
    except IntegrityError:
        # Another request kept the same period at the same moment: theirs stands.
        pass
    result.kept = kept
    return result


def _read(kept, *, judge, criteria_set) -> Ranking:
    period = inputs.scored_period(judge=judge, kind=kept.kind, year=kept.year, index=kept.index)
    result = Ranking(judge, period, kept.scope, criteria_set, [], kept=kept)
    criteria = result.criteria
    for score in kept.scores.select_related("unit").order_by("position"):
        row = UnitScore(score.unit, [_criterion(c, score.criteria.get(c.kind)) for c in criteria])
        row.rank = score.rank
        if score.classification:
            row.classification = score.classification
            row.classification_label = Classification(score.classification).label
        result.rows.append(row)
    return result


def _criterion(criterion, numbers) -> CriterionScore:
    score = CriterionScore(criterion)
    if numbers:
        on_time, late, missing, credited, expected = numbers
        score.on_time, score.late, score.missing = on_time, late, missing
        score.credited, score.expected = Decimal(credited), Decimal(expected)
    return score


def kept_history(kept: KeptRanking) -> list:
    """Every computation of a kept period, newest first: (when, who, why)."""
    return list(
        kept.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
