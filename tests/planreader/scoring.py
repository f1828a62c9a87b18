"""The field-by-field comparison of ../shared/tools/score_import.py, kept here so that the
suite measures the importer the same way on a clean clone (where shared/ may be absent)."""

import re
import unicodedata


def fold(text):
    if text is None:
        return ""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = re.sub(r"[^\w/&-]+", " ", text.lower())
    return " ".join(text.split())


def _squash(number):
    return fold(number).replace(" ", "")


def _edit_distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def same_number(a, b):
    a, b = _squash(a), _squash(b)
    if not a or not b:
        return False
    return a == b or (min(len(a), len(b)) >= 6 and _edit_distance(a, b) <= 1)


def similar(a, b, threshold=0.5):
    ta, tb = set(fold(a).split()), set(fold(b).split())
    if not ta or not tb:
        return False
    return len(ta & tb) / len(ta | tb) >= threshold


def _f1(gold_items, got_items, match):
    if not gold_items:
        return None
    used, hits = set(), 0
    for g in gold_items:
        for k, x in enumerate(got_items):
            if k not in used and match(g, x):
                used.add(k)
                hits += 1
                break
    if hits == 0:
        return 0.0
    precision, recall = hits / max(len(got_items), 1), hits / len(gold_items)
    return 2 * precision * recall / (precision + recall)


def score(gold, got):
    """{field: 0..1} exactly as the shared scorer computes it."""
    fields = {}
    if gold.get("number"):
        fields["number"] = float(same_number(gold["number"], got.get("number")))
    if gold.get("issued_on"):
        fields["issued_on"] = float(gold["issued_on"] == got.get("issued_on"))
    if gold.get("issuer"):
        fields["issuer"] = float(similar(gold["issuer"], got.get("issuer"), 0.4))
    bases = got.get("legal_bases") or []
    fields["legal_bases"] = _f1(
        gold["legal_bases"], bases, lambda g, x: same_number(g["number"], x.get("number"))
    )
    dated = [g for g in gold["legal_bases"] if g.get("issued_on")]
    if dated:
        right = sum(
            1
            for g in dated
            if any(
                same_number(g["number"], x.get("number")) and x.get("issued_on") == g["issued_on"]
                for x in bases
            )
        )
        fields["legal_basis_dates"] = right / len(dated)
    fields["sections"] = _f1(
        gold["sections"],
        got.get("sections") or [],
        lambda g, x: similar(g["title"], x.get("title"), 0.6),
    )
    fields["assignments"] = _f1(
        gold["assignments"],
        got.get("assignments") or [],
        lambda g, x: similar(g["unit"], x.get("unit")),
    )
    signer, got_signer = gold.get("signer"), got.get("signer") or {}
    if signer and signer.get("title"):
        fields["signer_title"] = float(fold(signer["title"]) == fold(got_signer.get("title")))
    return {k: v for k, v in fields.items() if v is not None}


def mean_score(gold, got):
    fields = score(gold, got)
    return sum(fields.values()) / len(fields)
