"""The deterministic illustrative data set, every row flagged as demo.

The public record gives no per-project scores, statuses (for most projects),
protocols, measurements or declared challenges: these are generated here so a
demonstration is never empty, and every page marks them as illustrative.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from sqlalchemy import delete, exists, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from qmi.db import write_session
from qmi.domain.progress import decimals
from qmi.domain.scoring import index_scores
from qmi.models import (
    ACTIVE,
    APPROVED,
    CRITERIA,
    Assessment,
    AssessorScore,
    Commune,
    CommuneChallenge,
    FieldEvidence,
    Indicator,
    Lesson,
    Measurement,
    Project,
    ProtocolIndicator,
    StatusChange,
    Transfer,
    TransferStep,
    UrbanChallenge,
)
from qmi.services import audit, statuses
from qmi.services.catalogue import record_slugs

DEMO_ASSESSOR = "Paris&Co (démonstration)"
DEMO_SOURCE = "Données de démonstration"
DEMO_AUTHOR = "demo"
ASSESSMENT_DATES = (date(2024, 3, 15), date(2024, 12, 16))
# Two demo assessors on the latest assessment of these experiments, the second differing on one
# criterion by the points given (issue #17 §4): Pelican's two points are flagged on its record;
# Modulatio's one point is not, and makes a fractional mean (x,5). Pelican's is consolidated (at the
# mean, a whole number for two points), so that the public reads both assessors' scores there (the
# blind rule publishes them once consolidated); Modulatio's is left for staff to consolidate.
TWO_ASSESSORS = {"pelican": ("commercial_traction", 2), "modulatio": ("operational_ease", 1)}
CONSOLIDATED = frozenset({"pelican"})
CONSOLIDATION_REASON = ("Consolidation illustrative (démonstration) : deux points d'écart sur la traction commerciale, "
                        "retenue à la moyenne des deux avis.")
DEMO_SECOND_ASSESSOR = "Évaluateur indépendant (démonstration)"
DEMO_STATUS_DATE = date(2024, 3, 1)  # the date of every demo status (migration 0003 dates the old ones so)
DEMO_LAG_DAYS = 30  # the availability lag of every demo protocol indicator
MEASUREMENT_PERIODS = tuple(date(y, m, 1) for y, m in ((2023, 10), (2024, 1), (2024, 4), (2024, 7), (2024, 10), (2025, 1)))

# Which indicators each experiment's illustrative protocol follows, chosen from what the
# solution does (seed 004 descriptions). Experiments not listed (edition 2, added by staff)
# fall back on their family. Codes absent from the library are skipped.
PROJECT_INDICATORS: dict[str, tuple[str, ...]] = {
    "soy-pv": ("ENV-ENERGY", "ENV-PV-POWER", "ENV-CO2-AVOIDED", "USR-SATISF"),
    "boucl-energie": ("ENV-ENERGY", "ENV-SELFCONS-RATE", "ECO-ENERGY-BILL", "GOV-PARTNERS"),
    "faradae": ("ENV-ENERGY", "ENV-SELFCONS-RATE", "ECO-ENERGY-BILL", "ENV-CO2-AVOIDED"),
    "wintics-cityvision": ("EFF-SERVICES-USING", "EFF-DETECTION", "EFF-RESPONSE-TIME", "USR-AGENT-SATISF"),
    "ecoflow": ("ENV-AIR-NO2", "ENV-AIR-PM25", "EFF-SERVICES-USING", "EFF-DATA-COMPLETE"),
    "istya": ("ENV-INDOOR-CO2", "EFF-SENSORS", "EFF-UPTIME", "USR-SATISF"),
    "evolukid": ("SOC-TRAINED", "SOC-YOUTH", "SOC-EVENTS", "USR-SATISF"),
    "kunagi": ("SOC-USERS", "SOC-CONSULTED", "USR-RESPONDENTS", "USR-SATISF"),
    "eiko": ("SOC-USERS", "ENV-SORTING-RATE", "ENV-WASTE", "USR-EASE"),
    "purpl": ("SOC-USERS", "USR-SATISF", "EFF-INCIDENTS", "ENV-RECYCLED-CONTENT"),
    "tiquest": ("ENV-PAPER-TICKETS", "ECO-LOCAL-BUSINESSES", "SOC-USERS", "USR-EASE"),
    "vegetalisation-2nde-vie": ("ENV-REUSED-MATERIAL", "ENV-VEG-AREA", "ENV-PLANTS", "USR-SATISF"),
    "source-urbaine": ("ENV-COOL", "ENV-RAINWATER", "ENV-IRRIG-SAVED", "ENV-VEG-AREA", "USR-COMFORT"),
    "mube": ("ENV-COOL", "ENV-AIR-PM25", "USR-COMFORT", "EFF-MAINTENANCE"),
    "cumulusland": ("ENV-SPECIES", "ENV-PLANTS", "SOC-EVENTS", "USR-SATISF"),
    "rob-etics": ("EFF-INSULATED-AREA", "ENV-ENERGY-SAVED", "EFF-INSTALL-DAYS", "ECO-PAYBACK"),
    "technocarbon": ("ENV-EMBODIED-CARBON", "ENV-CO2-AVOIDED", "EFF-UNITS"),
    "modulatio": ("ENV-RAW-MAT-SAVED", "ENV-CO2-AVOIDED", "USR-SATISF"),
    "purple-alternative-surface": ("ENV-DESEAL", "ENV-INFILTRATION", "ENV-REUSED-MATERIAL", "ENV-SURFACE-TEMP"),
    "digiponts92": ("EFF-STRUCTURES", "EFF-SERVICES-USING", "USR-AGENT-SATISF", "ECO-SAVINGS"),
    "worm-generation": ("ENV-BIOWASTE", "ENV-CO2-AVOIDED", "GOV-PARTNERS"),
    "vytal": ("EFF-CONTAINERS", "EFF-RETURN-RATE", "ENV-WASTE", "ECO-LOCAL-BUSINESSES", "USR-SATISF"),
    "circular-place": ("EFF-ITEMS-REUSED", "ENV-WASTE", "ECO-SAVINGS", "GOV-PARTNERS"),
    "up-and-charge": ("MOB-CHARGE-SESSIONS", "MOB-CHARGE-ENERGY", "EFF-UPTIME", "USR-SATISF"),
    "pelican": ("MOB-CARGO-KM", "MOB-DELIVERIES", "ENV-CO2-AVOIDED", "USR-SATISF"),
    "umotion": ("MOB-CARGO-KM", "MOB-VAN-TRIPS", "ENV-CO2-AVOIDED"),
    "tracemob": ("SOC-USERS", "MOB-TRIPS-RECORDED", "MOB-ACTIVE-SHARE"),
    "electra": ("MOB-CHARGE-SESSIONS", "MOB-CHARGE-ENERGY", "EFF-INSTALL-DAYS", "ENV-NOISE"),
    "atelier-baskets-pinces-a-linge": ("SOC-JOBS", "SOC-SHOES-COLLECTED", "SOC-SCHOOLS", "ECO-SECONDHAND-SALES"),
}
FAMILY_INDICATORS: dict[str | None, tuple[str, ...]] = {
    "energie": ("ENV-ENERGY", "USR-SATISF"),
    "ville-intelligente": ("SOC-USERS", "USR-SATISF"),
    "espace-public": ("ENV-COOL", "SOC-USERS", "USR-SATISF"),
    "construction": ("ENV-DESEAL", "USR-SATISF"),
    "economie-circulaire": ("ENV-WASTE", "SOC-USERS"),
    "mobilites": ("MOB-CARGO-KM", "USR-SATISF"),
    None: ("SOC-JOBS", "ENV-WASTE"),
}

# Typical size of an illustrative series, by indicator code, else by unit (default 1 500).
DEMO_MAGNITUDE: dict[str, float] = {
    "°C": 4, "t": 12, "m²": 900, "kWh": 40000, "km": 3500, "emplois": 8, "L": 60000, "kWc": 60, "mm/h": 600,
    "plants": 400, "espèces": 35, "µg/m³": 30, "ppm": 1400, "dB(A)": 70, "t CO₂e": 15, "kg": 2500,
    "services": 6, "capteurs": 25, "heures": 48, "jours": 20, "heures/mois": 12, "ouvrages": 30,
    "unités": 40, "partenaires": 12, "établissements": 8, "ateliers": 24, "années": 9, "€": 25000,
    "entreprises": 40, "signalements": 30, "incidents": 15, "utilisations": 20,
    "ENV-AIR-PM25": 14, "ENV-AIR-NO2": 38, "MOB-CHARGE-ENERGY": 25000, "EFF-RESPONSE-TIME": 48,
    "SOC-INSERTION-HOURS": 9000,
}


# An illustrative field journal and lessons for a few experiments of edition 1, so that the record and the
# Enseignements page show what they hold; every row is demo and marked so (the real lessons are the
# record's success stories). Who was met is written as roles, as the form asks.
DEMO_EVIDENCE: tuple[tuple[str, date, str, str, str], ...] = (
    ("pelican", date(2024, 7, 9), "field_visit", "responsable des espaces verts, 2 agents d'entretien",
     "Visite illustrative du site pilote : le vélo-cargo sert aux tournées d'entretien ; les agents demandent un "
     "point de recharge plus proche de leur local."),
    ("pelican", date(2024, 9, 17), "user_feedback", "5 agents des espaces verts",
     "Retours illustratifs après l'été : prise en main jugée facile ; la remorque est trop basse pour les grands outils."),
    ("source-urbaine", date(2024, 6, 12), "stakeholder_interview", "chargée de mission végétalisation, porteur de projet",
     "Entretien illustratif : l'esthétique des jardinières a été retravaillée avec la ville avant la pose."),
    ("vytal", date(2024, 5, 21), "observation", "2 commerçants partenaires",
     "Observation illustrative : peu de contenants rendus dans les points de collecte éloignés du marché."),
)
# (slug, kind, text, evidence, index in DEMO_EVIDENCE of the entry that supports it, or None)
DEMO_LESSONS: tuple[tuple[str, str, str, str, int | None], ...] = (
    ("pelican", "worked", "Associer les agents dès la conception du véhicule a permis de l'adapter à leurs outils.",
     "Retours des agents après l'été (illustratif).", 1),
    ("pelican", "pitfall", "Prévoir la recharge des batteries près du lieu de travail des agents avant le lancement.",
     "Visite du site pilote (illustratif).", 0),
    ("source-urbaine", "condition", "Travailler l'esthétique du mobilier avec la ville avant la pose facilite son acceptation.",
     "Entretien avec la ville (illustratif).", 2),
    ("vytal", "pitfall", "Placer les points de collecte là où les clients passent déjà, pas seulement chez les partenaires.",
     "", 3),
)
# The demo transfer: Pelican (Meudon, edition 1, seed 004) taken up in Argenteuil (edition 2). Everything
# about it is illustrative: the experiment in Argenteuil, its status, baseline and measurements, the stages.
TRANSFER_FROM = "pelican"
TRANSFER_TO = {
    "slug": "pelican-argenteuil", "name": "Pelican à Argenteuil", "organisation": "Pelican Cycle",
    "commune_insee": "95018", "edition_id": 2, "family_code": "mobilites", "challenge_code": "flux-mobilites",
    "challenge_status": "proposed", "start_date": date(2025, 3, 1),
    "description": "Expérimentation de démonstration : la reprise illustrative de Pelican (Meudon) à Argenteuil. "
                   "Ni cette expérimentation ni ses mesures n'existent.",
}
TRANSFER_STEPS = (("contact", date(2024, 11, 15)), ("adapted", date(2025, 1, 20)), ("deployed", date(2025, 3, 1)),
                  ("evaluated", date(2025, 10, 15)))
TRANSFER_INDICATORS = ("MOB-CARGO-KM", "MOB-DELIVERIES", "USR-SATISF")
TRANSFER_PERIODS = (date(2025, 4, 1), date(2025, 7, 1), date(2025, 10, 1))
TRANSFER_ASSESSED_ON = date(2025, 10, 20)


def demo_periodicity(code: str) -> str:
    """The illustrative periodicity of a demo protocol indicator: yearly for the users' and agents' surveys
    (USR-…), quarterly (the demo series' step) for the rest. Demo rows, shown as demo; never a default."""
    return "yearly" if code.startswith("USR-") else "quarterly"


def _schedule(code: str) -> dict[str, object]:
    return {"periodicity": demo_periodicity(code), "availability_lag_days": DEMO_LAG_DAYS, "periodicity_is_default": False}


def protocol_codes(project: Project) -> tuple[str, ...]:
    """The indicators of an experiment's illustrative protocol."""
    return PROJECT_INDICATORS.get(project.slug) or FAMILY_INDICATORS.get(project.family_code, FAMILY_INDICATORS[None])


def _rng(*parts: object) -> random.Random:
    return random.Random("|".join(str(p) for p in parts))


def has_demo(session: Session) -> bool:
    return bool(session.exec(select(exists().where(Assessment.is_demo))).one())


def _status(project: Project, rng: random.Random) -> tuple[int, bool]:
    if project.deployment_level is not None and not project.status_is_demo:
        return project.deployment_level, project.abandoned
    roll = rng.random()
    if roll < 0.08:
        return 1, True
    if roll < 0.30:
        return 1, False
    if roll < 0.65:
        return 2, False
    return 3, False


def _scores(level: int, rng: random.Random, step: int) -> dict[str, int]:
    base = {"deployment": max(0, level - (1 - step))}
    for code in CRITERIA[1:]:
        base[code] = max(0, min(3, level - 1 + rng.choice((0, 0, 1, 1, -1)) + step))
    return base


def _series(indicator: Indicator, rng: random.Random) -> tuple[float, float, list[float]]:
    """An illustrative baseline, target and one value per period, moving the indicator's way."""
    low = indicator.min_value if indicator.min_value is not None else 0.0
    high = indicator.max_value if indicator.max_value is not None else 100.0
    lower = indicator.direction == "lower"
    if indicator.value_type == "scale_1_5":
        start, end = rng.uniform(2.6, 3.4), rng.uniform(3.6, 4.6)
    elif indicator.value_type == "boolean":
        start, end = 0.0, 1.0
    elif indicator.value_type == "percent":
        start, end = rng.uniform(10, 30), rng.uniform(40, 80)
    else:
        size = min(high - low, DEMO_MAGNITUDE.get(indicator.code) or DEMO_MAGNITUDE.get(indicator.unit, 1500))
        if lower:
            start, end = low + size * rng.uniform(0.85, 1.05), low + size * rng.uniform(0.55, 0.75)
        else:
            start, end = low + size * rng.uniform(0.05, 0.2), low + size * rng.uniform(0.6, 1.0)
    if lower and indicator.value_type in ("percent", "scale_1_5"):
        start, end = end, start
    values = []
    for i in range(len(MEASUREMENT_PERIODS)):
        share = i / (len(MEASUREMENT_PERIODS) - 1)
        value = start + (end - start) * share * rng.uniform(0.85, 1.1)
        value = min(high, max(low, value))
        values.append(round(value) if decimals(indicator.value_type) == 0 else round(value, 1))
    # Targets vary so that some experiments reach theirs and others fall short.
    target = end * (rng.uniform(0.75, 1.05) if lower else rng.uniform(0.9, 1.35))
    digits = decimals(indicator.value_type)
    baseline = round(start, digits)
    target = min(high, max(low, round(target, digits)))
    return baseline, target, values


def load_demo(engine: Engine) -> bool:
    """Add the demo set unless it is already there, as one audited write. Returns True when it
    wrote anything."""
    with write_session(engine) as session:
        if has_demo(session):
            return False
        with audit.tracked_changes(session) as changes:
            _add_demo(session)
        audit.record_bulk(session, "demo_load", "demo", changes)
    return True


# Demo values are shown as approved (they are marked demo on every page): reviewed by the demo set itself.
DEMO_REVIEW = {"review_state": APPROVED, "reviewed_by": "démonstration", "reviewed_at": datetime(2026, 1, 1, tzinfo=UTC)}


def _add_demo(session: Session) -> None:
        indicators = {i.code: i for i in session.exec(select(Indicator)).all()}
        # Only the record's experiments: one staff entered is theirs, never given illustrative data.
        projects = session.exec(select(Project).where(Project.slug.in_(record_slugs())).order_by(Project.slug)).all()
        # Rows already there (real entries, targets from the public record) are never duplicated.
        protocols = set(session.exec(select(ProtocolIndicator.project_id, ProtocolIndicator.indicator_code)).all())
        measured = set(session.exec(select(Measurement.project_id, Measurement.indicator_code, Measurement.period_start)
                                    .where(Measurement.state == ACTIVE)).all())
        for project in projects:
            rng = _rng("demo", project.slug)
            level, abandoned = _status(project, rng)
            if project.deployment_level is None and not project.abandoned:
                statuses.add(session, project, level=level, abandoned=abandoned,
                             changed_on=DEMO_STATUS_DATE, source="Données de démonstration", is_demo=True)
            for step, assessed_on in enumerate(ASSESSMENT_DATES):
                scores = _scores(level if not abandoned else min(level, 1), rng, step)
                _add_assessment(session, project, assessed_on, scores,
                                TWO_ASSESSORS.get(project.slug) if step == len(ASSESSMENT_DATES) - 1 else None,
                                consolidate=project.slug in CONSOLIDATED and step == len(ASSESSMENT_DATES) - 1)
            periods = MEASUREMENT_PERIODS[: 3 if abandoned else len(MEASUREMENT_PERIODS)]
            for code in protocol_codes(project):
                indicator = indicators.get(code)
                if indicator is None:
                    continue
                baseline, target, values = _series(indicator, _rng("series", project.slug, code))
                if (project.id, code) not in protocols:
                    session.add(
                        ProtocolIndicator(
                            project_id=project.id, indicator_code=code, baseline=baseline, target=target,
                            note="Protocole illustratif", is_demo=True, **_schedule(code),
                        )
                    )
                for period, value in zip(periods, values):
                    if (project.id, code, period) in measured:
                        continue
                    session.add(
                        Measurement(
                            project_id=project.id, indicator_code=code, period_start=period, value=value,
                            source="Données de démonstration", entered_by=DEMO_AUTHOR, is_demo=True,
                            **DEMO_REVIEW,
                        )
                    )
        _add_journal(session, {p.slug: p for p in projects})
        _add_demo_transfer(session, indicators)
        challenges = [c.code for c in session.exec(select(UrbanChallenge).order_by(UrbanChallenge.position)).all()]
        declared = set(session.exec(select(CommuneChallenge.commune_insee)).all())
        for commune in session.exec(select(Commune).where(Commune.edition_id == 2).order_by(Commune.insee_code)).all():
            if commune.insee_code in declared:
                continue  # a commune's real declaration is never mixed with illustrative ones
            for code in _rng("challenges", commune.insee_code).sample(challenges, 3):
                session.add(
                    CommuneChallenge(
                        commune_insee=commune.insee_code, challenge_code=code,
                        source="Données de démonstration", is_demo=True,
                    )
                )


def _add_journal(session: Session, projects: dict[str, Project]) -> None:
    """The illustrative field journal and lessons (experiments missing from the store are skipped)."""
    entries: list[FieldEvidence | None] = []
    for slug, observed_on, kind, roles, summary in DEMO_EVIDENCE:
        project = projects.get(slug)
        entry = None if project is None else FieldEvidence(
            project_id=project.id, observed_on=observed_on, kind=kind, met_roles=roles, summary=summary,
            source=DEMO_SOURCE, entered_by=DEMO_AUTHOR, is_demo=True)
        if entry is not None:
            session.add(entry)
        entries.append(entry)
    session.flush()
    for slug, kind, text, evidence, supported_by in DEMO_LESSONS:
        project = projects.get(slug)
        if project is None:
            continue
        entry = entries[supported_by] if supported_by is not None else None
        session.add(Lesson(project_id=project.id, kind=kind, text=text, evidence=evidence,
                           evidence_id=entry.id if entry is not None else None, source=DEMO_SOURCE,
                           entered_by=DEMO_AUTHOR, is_demo=True))


def _add_assessment(session: Session, project: Project, assessed_on: date, scores: dict[str, int],
                    disagreeing_on: tuple[str, int] | None, consolidate: bool = False) -> None:
    """One demo assessment with its demo assessor's submitted scores; with ``disagreeing_on``, a
    second demo assessor who gives that many points more (or fewer) on that criterion. The assessment's
    scores are the index rule's (``qmi.domain.scoring.index_scores``): the mean of the two, or, with
    ``consolidate``, that mean (whole for an even gap) consolidated by the demo author."""
    at = datetime(assessed_on.year, assessed_on.month, assessed_on.day, 10, 0, tzinfo=UTC)
    rows = [AssessorScore(assessor=DEMO_ASSESSOR, kind="paris_co", comment="Notes illustratives (démonstration).",
                          created_at=at, updated_at=at, submitted_at=at, is_demo=True, **scores)]
    if disagreeing_on is not None:
        code, gap = disagreeing_on
        other = dict(scores)
        other[code] = scores[code] + gap if scores[code] + gap <= 3 else scores[code] - gap
        rows.append(AssessorScore(assessor=DEMO_SECOND_ASSESSOR, kind="independent",
                                  comment="Second avis illustratif (démonstration).",
                                  created_at=at, updated_at=at, submitted_at=at, is_demo=True, **other))
    mean = index_scores(None, rows).scores
    consolidated = {code: int(value) for code, value in mean.items()} if consolidate else None
    result = index_scores(consolidated, rows)
    assessment = Assessment(project_id=project.id, assessed_on=assessed_on, assessor=DEMO_ASSESSOR,
                            comment="Évaluation illustrative, générée pour la démonstration.", is_demo=True,
                            assessor_count=result.count, **result.scores)
    if consolidated is not None:
        for code, value in consolidated.items():
            setattr(assessment, f"consolidated_{code}", value)
        assessment.consolidation_reason = CONSOLIDATION_REASON
        assessment.consolidated_by = DEMO_ASSESSOR
        assessment.consolidated_at = at
    session.add(assessment)
    session.flush()
    for row in rows:
        row.assessment_id = assessment.id
        session.add(row)


def _add_demo_transfer(session: Session, indicators: dict[str, Indicator]) -> None:
    """Pelican taken up in Argenteuil, with a demo experiment there, its baseline taken before launch and
    three measurements after; nothing when either side is missing or the slug is taken."""
    origin = session.exec(select(Project).where(Project.slug == TRANSFER_FROM)).first()
    commune = session.get(Commune, TRANSFER_TO["commune_insee"])
    taken = session.exec(select(Project.id).where(Project.slug == TRANSFER_TO["slug"])).first()
    if origin is None or commune is None or commune.edition_id != TRANSFER_TO["edition_id"] or taken is not None:
        return
    target = Project(**TRANSFER_TO, source=DEMO_SOURCE, is_demo=True)
    session.add(target)
    session.flush()
    # Launched when deployed, then « Test réussi » once evaluated: the status follows the transfer's stages.
    for level, (_, changed_on) in ((2, TRANSFER_STEPS[2]), (3, TRANSFER_STEPS[3])):
        statuses.add(session, target, level=level, abandoned=False, changed_on=changed_on, source=DEMO_SOURCE,
                     is_demo=True)
    _add_assessment(session, target, TRANSFER_ASSESSED_ON, {"deployment": 2, "commercial_traction": 2,
                    "industrialisation": 2, "operational_ease": 2, "financial_stability": 1}, None)
    for code in TRANSFER_INDICATORS:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        baseline, target_value, values = _series(indicator, _rng("transfer", TRANSFER_TO["slug"], code))
        session.add(ProtocolIndicator(project_id=target.id, indicator_code=code, baseline=baseline, target=target_value,
                                      note="Protocole illustratif ; situation de départ relevée avant le lancement",
                                      is_demo=True, **_schedule(code)))
        for period, value in zip(TRANSFER_PERIODS, values[2:]):
            session.add(Measurement(project_id=target.id, indicator_code=code, period_start=period, value=value,
                                    source=DEMO_SOURCE, entered_by=DEMO_AUTHOR, is_demo=True, **DEMO_REVIEW))
    (stage, stage_on), started_on = TRANSFER_STEPS[-1], TRANSFER_STEPS[0][1]
    transfer = Transfer(from_project_id=origin.id, to_project_id=target.id, stage=stage, started_on=started_on,
                        stage_on=stage_on, adaptations="Adaptations illustratives : remorques raccourcies pour les "
                        "rues du centre, tournées calées sur le marché.", note="Essaimage de démonstration.",
                        source=DEMO_SOURCE, entered_by=DEMO_AUTHOR, is_demo=True)
    session.add(transfer)
    session.flush()
    for stage, reached_on in TRANSFER_STEPS:
        session.add(TransferStep(transfer_id=transfer.id, stage=stage, reached_on=reached_on, entered_by=DEMO_AUTHOR,
                                 is_demo=True))


def remove_demo(engine: Engine) -> None:
    """Delete every demo row and forget demo statuses, as one audited write; real entries stay."""
    with write_session(engine) as session:
        demo_ids = select(Measurement.id).where(Measurement.is_demo)
        session.exec(update(Measurement).where(Measurement.supersedes_id.in_(demo_ids)).values(supersedes_id=None))
        # A real lesson that cites a demo entry as its evidence keeps its words, not the link.
        session.exec(update(Lesson).where(Lesson.evidence_id.in_(select(FieldEvidence.id).where(FieldEvidence.is_demo)))
                     .values(evidence_id=None))
        # A demo assessment's scores go with it, and so do any scores a person added to one.
        demo_assessments = select(Assessment.id).where(Assessment.is_demo)
        removed = {"assessorscore.deleted": session.exec(delete(AssessorScore).where(
            AssessorScore.is_demo | AssessorScore.assessment_id.in_(demo_assessments))).rowcount}
        demo_transfers = select(Transfer.id).where(Transfer.is_demo)
        removed["transferstep.deleted"] = session.exec(
            delete(TransferStep).where(TransferStep.transfer_id.in_(demo_transfers))).rowcount
        removed |= {
            f"{model.__tablename__}.deleted": session.exec(delete(model).where(model.is_demo)).rowcount
            for model in (Transfer, Measurement, Assessment, ProtocolIndicator, CommuneChallenge, Lesson, FieldEvidence)
        }
        removed["statuschange.deleted"] = session.exec(delete(StatusChange).where(StatusChange.is_demo)).rowcount
        changed = session.exec(select(Project).where(Project.status_is_demo)).all()
        for project in changed:
            statuses.refresh(session, project)
        removed["project.changed"] = len(changed)
        # A demo experiment goes with its demo rows, unless a person wrote something on it (a status, an
        # assessment, a journal entry, a lesson, a protocol line, a value) or linked it to a transfer of theirs.
        kept = [exists(select(Transfer.id).where(or_(Transfer.from_project_id == Project.id,
                                                     Transfer.to_project_id == Project.id)))]
        kept += [exists(select(model.id).where(model.project_id == Project.id))
                 for model in (StatusChange, Assessment, FieldEvidence, Lesson, ProtocolIndicator, Measurement)]
        removed["project.deleted"] = session.exec(
            delete(Project).where(Project.is_demo, ~or_(*kept))).rowcount
        audit.record_bulk(session, "demo_remove", "demo", removed)
