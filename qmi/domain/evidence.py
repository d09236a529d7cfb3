"""The evidence ladder: how strong the evidence behind an experiment's result is, from 0 to 5.

In the spirit of Nesta's Standards of Evidence and the Maryland Scientific Methods Scale (the method
is written out in ``docs/evidence.md``):

0. no evidence yet (« pas encore de preuve »);
1. an account of impact: lessons or stories about what happened, nothing measured;
2. measured before/after against a baseline (at least one protocol indicator with a baseline and a value);
3. compared with a comparison commune or group;
4. assessed by independent assessors who agree;
5. replicated in another commune with results (a transfer evaluated with progress in the other commune).

Each level is reached on its own fact; the level is the highest one reached (the ladder says how
far the evidence goes, not how many boxes are ticked), and the « pourquoi » lists every fact met,
the highest first, then what the next level would need. A fact the store cannot say yet (lessons,
agreeing independent assessors: tables built elsewhere) is ``None``, « not known », never taken as met.

Pure: ``qmi.queries.evidence`` gathers the facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qmi.i18n import t, tn

LEVELS = (0, 1, 2, 3, 4, 5)
TOP = LEVELS[-1]
# The fact each level rests on, in ladder order.
FACTS = {1: "account", 2: "before_after", 3: "comparison", 4: "independent", 5: "replication"}


@dataclass(frozen=True)
class Facts:
    """What is known about one experiment's evidence.

    ``account``: it has lessons or an account of its impact (None: not known here);
    ``before_after``: how many of its indicators have a baseline and a measured value;
    ``compared_with``: the comparison communes or groups its result is compared with;
    ``independent``: independent assessors scored it and agree (None: not known here);
    ``replicated_in``: the other communes where a transfer of it was evaluated with progress;
    ``demo``: the facts (names of :data:`FACTS`) that rest on demo data.
    """

    account: bool | None = None
    before_after: int = 0
    compared_with: tuple[str, ...] = ()
    independent: bool | None = None
    replicated_in: tuple[str, ...] = ()
    demo: frozenset[str] = field(default_factory=frozenset)

    def met(self, fact: str) -> bool:
        value = {"account": self.account, "before_after": self.before_after, "comparison": self.compared_with,
                 "independent": self.independent, "replication": self.replicated_in}[fact]
        return bool(value)


@dataclass(frozen=True)
class EvidenceLevel:
    level: int  # 0–5
    met: tuple[int, ...]  # the levels whose fact holds, highest first
    reasons: tuple[str, ...]  # the « pourquoi », in the asked language
    is_demo: bool  # the level rests on demo data

    def label(self, lang: str = "fr") -> str:
        return level_label(self.level, lang)


def level_label(level: int, lang: str = "fr") -> str:
    """« Niveau 2 · mesuré avant/après », « Pas encore de preuve »."""
    return t(f"evidence.level.{level}", lang)


def _reason(facts: Facts, level: int, lang: str) -> str:
    fact = FACTS[level]
    if fact == "before_after":
        text = tn("evidence.reason.before_after", facts.before_after, lang)
    elif fact == "comparison":
        text = t("evidence.reason.comparison", lang, communes=", ".join(facts.compared_with))
    elif fact == "replication":
        text = t("evidence.reason.replication", lang, communes=", ".join(facts.replicated_in))
    else:
        text = t(f"evidence.reason.{fact}", lang)
    if fact in facts.demo:
        text += f" ({t('evidence.mark.demo', lang)})"
    return text


def assess(facts: Facts, lang: str = "fr") -> EvidenceLevel:
    """The level of ``facts`` and why."""
    met = tuple(level for level in sorted(FACTS, reverse=True) if facts.met(FACTS[level]))
    level = met[0] if met else 0
    reasons = [_reason(facts, m, lang) for m in met]
    if not met:
        reasons.append(t("evidence.reason.none", lang))
    for unknown in ("account", "independent"):
        if getattr(facts, unknown) is None:
            reasons.append(t(f"evidence.unknown.{unknown}", lang))
    if level < TOP:
        reasons.append(t(f"evidence.next.{level + 1}", lang))
    is_demo = bool(met) and FACTS[level] in facts.demo
    return EvidenceLevel(level, met, tuple(reasons), is_demo)


def reasons_text(evidence: EvidenceLevel, lang: str = "fr") -> str:
    """The « pourquoi » as one line (exports)."""
    return t("evidence.separator", lang).join(evidence.reasons)
