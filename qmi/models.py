"""The single definition of the data. Rules that matter are also database constraints."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint, Column, Index, MetaData, Text, UniqueConstraint, false, func, text, true
from sqlalchemy import text as sql_text  # for the classes with a column named « text »
from sqlmodel import Field, SQLModel

# Stable constraint names so Alembic migrations can refer to them on every database.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

ROLES = ("admin", "staff", "agent", "viewer")
VALUE_TYPES = ("number", "percent", "count", "scale_1_5", "boolean")
DIRECTIONS = ("higher", "lower", "neutral")
# ``proposed``: a correction of an approved value, waiting for its review (the approved one stays in force).
MEASUREMENT_STATES = ACTIVE, SUPERSEDED, RETRACTED, PROPOSED = ("active", "superseded", "retracted", "proposed")
# Four-eyes review of each measurement version (issue #18): à valider, approuvée, renvoyée (with its reason).
REVIEW_STATES = PENDING, APPROVED, RETURNED = ("a_valider", "approuvee", "renvoyee")
CLASSIFICATION_STATES = ("source", "proposed", "validated")
DATE_PRECISIONS = ("day", "month", "year")
# What a field-evidence entry records (seed 004: « visites de terrain, observations et entretiens avec les
# parties prenantes », and users' feedback).
EVIDENCE_KINDS = ("field_visit", "observation", "stakeholder_interview", "user_feedback")
# A lesson learned: what worked, pitfalls to avoid, conditions for success, or a success story (« belle histoire »).
LESSON_KINDS = ("worked", "pitfall", "condition", "story")
# Who scores a replicability assessment (issue #17 §4): Paris&Co, the commune, an independent assessor.
ASSESSOR_KINDS = ("paris_co", "commune", "independent")
# A transfer's stages, in order (« contact », « adapté », « déployé », « évalué »).
TRANSFER_STAGES = ("contact", "adapted", "deployed", "evaluated")
# How often a protocol indicator is measured (issue #18 §2); « once » is a single value.
PERIODICITIES = ("monthly", "quarterly", "half_yearly", "yearly", "once")
# A protocol indicator nobody gave a periodicity: the indicator library holds none, so quarterly (the demo
# series' step and the programme's usual reporting rhythm), its value flagged ``periodicity_is_default``.
DEFAULT_PERIODICITY = "quarterly"
DEFAULT_AVAILABILITY_LAG_DAYS = 30
CRITERIA = (
    "deployment",
    "commercial_traction",
    "industrialisation",
    "operational_ease",
    "financial_stability",
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a CHECK that ``column`` holds one of ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _score_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} BETWEEN 0 AND 3", name=f"{column}_range")


def _consolidated_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"consolidated_{column} BETWEEN 0 AND 3", name=f"consolidated_{column}_range")


class Edition(SQLModel, table=True):
    id: int = Field(primary_key=True)
    name: str
    year_start: int
    year_end: int | None = None
    source: str
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class Commune(SQLModel, table=True):
    """Every commune of the Métropole; the programme ones have an edition."""

    insee_code: str = Field(primary_key=True, max_length=5)
    name: str = Field(index=True)
    departement: str = Field(max_length=3)
    population: int | None = None
    area_km2: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    edition_id: int | None = Field(default=None, foreign_key="edition.id", index=True)
    innovation_district: str | None = None
    district_source: str | None = None
    mayor: str | None = None
    mayor_source: str | None = None
    source: str
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
    )


class UrbanChallenge(SQLModel, table=True):
    code: str = Field(primary_key=True)
    name: str
    position: int
    source: str


class Family(SQLModel, table=True):
    """A family of the edition-1 catalogue (seed 004), e.g. « Mobilités »."""

    code: str = Field(primary_key=True)
    name: str
    position: int
    source: str


class Project(SQLModel, table=True):
    """An experiment: one solution tested in one commune."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    name: str
    organisation: str
    commune_insee: str = Field(foreign_key="commune.insee_code", index=True)
    edition_id: int = Field(foreign_key="edition.id", index=True)
    family_code: str | None = Field(default=None, foreign_key="family.code", index=True)
    challenge_code: str | None = Field(default=None, foreign_key="urbanchallenge.code", index=True)
    challenge_status: str = "proposed"
    challenge_source: str | None = None
    type_tags: str = ""
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    deployment_level: int | None = None
    abandoned: bool = False
    status_source: str | None = None
    status_is_demo: bool = False
    start_date: date | None = None
    end_date: date | None = None
    location_note: str | None = None
    source: str
    is_demo: bool = False
    # Hidden from the public pages, kept in the exports (an experiment is never deleted once it has data).
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # Goes up with every edit: a form saved over a newer version is refused (« modifié entre-temps »).
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        CheckConstraint("deployment_level IS NULL OR deployment_level BETWEEN 0 AND 3", name="deployment_level_range"),
        CheckConstraint(
            _one_of("challenge_status", CLASSIFICATION_STATES), name="challenge_status_valid"
        ),
        CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_ordered"),
    )


class StatusChange(SQLModel, table=True):
    """One dated step of an experiment's deployment (level 0–3, or abandoned).

    The experiment's current status (``Project.deployment_level``, ``abandoned``, ``status_source``,
    ``status_is_demo``) is the latest entry, kept in step by ``qmi.services.statuses.refresh``.
    """

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    changed_on: date
    date_precision: str = "day"
    deployment_level: int | None = None
    abandoned: bool = False
    source: str
    note: str = ""
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    is_demo: bool = False

    __table_args__ = (
        CheckConstraint("deployment_level IS NULL OR deployment_level BETWEEN 0 AND 3", name="level_range"),
        CheckConstraint("abandoned OR deployment_level IS NOT NULL", name="level_or_abandoned"),
        CheckConstraint(_one_of("date_precision", DATE_PRECISIONS), name="precision_valid"),
        Index("ix_statuschange_project_date", "project_id", "changed_on"),
    )


class FieldEdit(SQLModel, table=True):
    """A field a person changed in the app, on a row the public record may also give.

    ``record_value`` is what the record said when the person first edited the field (JSON; null
    when the row was created in the app); ``record_now`` what the record said at its latest load,
    when that differs. Loading the record again never writes over an edited field: a difference
    between the two is a conflict for staff to settle.
    """

    id: int | None = Field(default=None, primary_key=True)
    entity: str
    entity_key: str
    field: str
    record_value: str | None = Field(default=None, sa_column=Column(Text))
    record_source: str = ""
    record_now: str | None = Field(default=None, sa_column=Column(Text))
    value: str | None = Field(default=None, sa_column=Column(Text))
    source: str = ""
    edited_by_id: int | None = Field(default=None, foreign_key="user.id")
    edited_by: str = ""
    edited_at: datetime = Field(default_factory=utcnow)

    __table_args__ = (UniqueConstraint("entity", "entity_key", "field", name="uq_fieldedit_entity_field"),)


class Assessment(SQLModel, table=True):
    """A replicability assessment of one experiment on one date, scored by one or more assessors.

    Each assessor's five 0–3 scores are an :class:`AssessorScore`. The five criterion columns here
    are the scores the index is computed from (``qmi.domain.scoring.index_scores``): the
    consolidated ones once staff have consolidated, until then the mean of the submitted assessors'
    scores (so they may be fractional, 1.5); null while no assessor has submitted. ``assessor_count``
    is the number of submitted assessors. ``assessor`` is the name recorded with the first score.
    """

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    assessed_on: date
    deployment: float | None = None
    commercial_traction: float | None = None
    industrialisation: float | None = None
    operational_ease: float | None = None
    financial_stability: float | None = None
    assessor: str
    comment: str = ""
    is_demo: bool = False
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    # Set by the form (one per submission): a double click or two tabs sending it again write one row.
    submission_key: str | None = Field(default=None, unique=True)
    assessor_count: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Consolidation by staff: five scores and the written reason, by whom and when (all or none).
    consolidated_deployment: int | None = None
    consolidated_commercial_traction: int | None = None
    consolidated_industrialisation: int | None = None
    consolidated_operational_ease: int | None = None
    consolidated_financial_stability: int | None = None
    consolidation_reason: str | None = Field(default=None, sa_column=Column(Text))
    consolidated_by_id: int | None = Field(default=None, foreign_key="user.id")
    consolidated_by: str | None = None
    consolidated_at: datetime | None = None
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        *(_score_check(c) for c in CRITERIA),
        *(_consolidated_check(c) for c in CRITERIA),
        CheckConstraint("assessor_count >= 0", name="assessor_count_positive"),
        CheckConstraint(
            "(consolidated_at IS NULL) = (consolidation_reason IS NULL)"
            f" AND (consolidated_at IS NULL OR ({' AND '.join(f'consolidated_{c} IS NOT NULL' for c in CRITERIA)}))",
            name="consolidation_complete",
        ),
    )


class AssessorScore(SQLModel, table=True):
    """One assessor's five 0–3 scores for an assessment; ``submitted_at`` null is a draft.

    An assessor does not see the others' scores before submitting their own
    (``qmi.domain.rights.visible_scores``). ``user_id`` is the assessor's account (null for the
    scores an assessment held before several assessors existed, and for demo assessors).
    """

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    assessor: str
    kind: str
    deployment: int
    commercial_traction: int
    industrialisation: int
    operational_ease: int
    financial_stability: int
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    is_demo: bool = False
    submission_key: str | None = Field(default=None, unique=True)

    __table_args__ = (
        *(_score_check(c) for c in CRITERIA),
        CheckConstraint(_one_of("kind", ASSESSOR_KINDS), name="kind_valid"),
        UniqueConstraint("assessment_id", "user_id", name="uq_assessorscore_assessment_user"),
    )


class FieldEvidence(SQLModel, table=True):
    """One entry of an experiment's field journal: a visit, an observation, a stakeholder interview or
    users' feedback. Who was met is written as roles only (« responsable des espaces verts, 3 agents »),
    never names. Never deleted: an entry entered by mistake is archived."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    observed_on: date
    date_precision: str = "day"
    kind: str
    met_roles: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    summary: str = Field(sa_column=Column(Text, nullable=False))
    links: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))  # one http(s) address a line
    source: str
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    is_demo: bool = False
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    # Set by the form (one per submission): a double click writes one entry.
    submission_key: str | None = Field(default=None, unique=True)

    __table_args__ = (
        CheckConstraint(_one_of("kind", EVIDENCE_KINDS), name="kind_valid"),
        CheckConstraint(_one_of("date_precision", DATE_PRECISIONS), name="precision_valid"),
        Index("ix_fieldevidence_project_date", "project_id", "observed_on"),
    )


class Lesson(SQLModel, table=True):
    """A lesson learned from an experiment: what worked, a pitfall, a condition for success, or a
    success story (``story``, with a title). ``evidence`` says what supports it, in words and/or as a
    field-evidence entry of the same experiment. Stories of the public record are loaded with their
    source (``data/reference/lessons.csv``, found again by experiment, kind and title)."""

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str
    title: str = ""
    text: str = Field(sa_column=Column(Text, nullable=False))
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    evidence_id: int | None = Field(default=None, foreign_key="fieldevidence.id", index=True)
    source: str
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    is_demo: bool = False
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        CheckConstraint(_one_of("kind", LESSON_KINDS), name="kind_valid"),
        CheckConstraint("kind <> 'story' OR title <> ''", name="story_has_title"),
        # One story of a title per experiment: the record's loader finds a story again by it.
        Index("uq_lesson_story_title", "project_id", "title", unique=True,
              sqlite_where=sql_text("kind = 'story'"), postgresql_where=sql_text("kind = 'story'")),
    )


class Indicator(SQLModel, table=True):
    code: str = Field(primary_key=True)
    name: str
    category: str = Field(index=True)
    unit: str
    value_type: str
    min_value: float | None = None
    max_value: float | None = None
    direction: str = "higher"
    definition: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    method: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    sdg_target: str | None = None
    source: str

    __table_args__ = (
        CheckConstraint(_one_of("value_type", VALUE_TYPES), name="value_type_valid"),
        CheckConstraint(_one_of("direction", DIRECTIONS), name="direction_valid"),
        CheckConstraint(
            "min_value IS NULL OR max_value IS NULL OR min_value <= max_value", name="bounds_ordered"
        ),
    )


class ProtocolIndicator(SQLModel, table=True):
    """An indicator an experiment follows, with its baseline and target.

    ``periodicity`` and ``availability_lag_days`` (how long after a period ends its value can be known) say
    when the next value is due (``qmi.domain.freshness``). ``periodicity_is_default`` is true until a person
    (or the demo set, for its demo rows) sets them: the default is shown as such, never as a fact.
    """

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    indicator_code: str = Field(foreign_key="indicator.code", index=True)
    baseline: float | None = None
    target: float | None = None
    note: str = ""
    is_demo: bool = False
    periodicity: str = Field(default=DEFAULT_PERIODICITY, sa_column_kwargs={"server_default": DEFAULT_PERIODICITY})
    availability_lag_days: int = Field(default=DEFAULT_AVAILABILITY_LAG_DAYS,
                                       sa_column_kwargs={"server_default": str(DEFAULT_AVAILABILITY_LAG_DAYS)})
    periodicity_is_default: bool = Field(default=True, sa_column_kwargs={"server_default": true()})

    __table_args__ = (
        UniqueConstraint("project_id", "indicator_code", name="uq_protocol_project_indicator"),
        CheckConstraint(_one_of("periodicity", PERIODICITIES), name="periodicity_valid"),
        CheckConstraint("availability_lag_days >= 0", name="availability_lag_positive"),
    )


class User(SQLModel, table=True):
    """A local account. ``username`` is unique whatever its case (``Staff1`` and ``staff1`` are one name).

    ``session_version`` goes up when the password, the role or the active flag changes; a signed-in
    session carries the value it started with and is refused once it differs.
    """

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    display_name: str = ""
    password_hash: str
    role: str
    commune_insee: str | None = Field(default=None, foreign_key="commune.insee_code")
    is_active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_login_at: datetime | None = None
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # May score replicability assessments (staff and admins always may; qmi.domain.rights.may_score).
    is_assessor: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # Reviews the values of their commune (staff and admins review every commune; qmi.domain.rights.may_review).
    is_validator: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    __table_args__ = (
        Index("uq_user_username_lower", func.lower(text("username")), unique=True),
        CheckConstraint("role IN ('admin', 'staff', 'agent', 'viewer')", name="role_valid"),
        CheckConstraint("role <> 'agent' OR commune_insee IS NOT NULL", name="agent_has_commune"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_positive"),
    )


class Measurement(SQLModel, table=True):
    """One value of one indicator for one experiment and period.

    Corrections never overwrite: a correction is a new row whose ``supersedes_id``
    points at the old one, which becomes ``superseded``. A withdrawal sets
    ``retracted`` with a reason. At most one active row per (project, indicator, period).

    Every version is reviewed by a second person (``review_state``: ``a_valider`` → ``approuvee``,
    or ``renvoyee`` with ``review_reason``); the public pages show approved values only
    (``qmi.queries.shown.values``). A correction of an approved value is a ``proposed`` row until
    it is approved (the approved one stays in force meanwhile); a withdrawal of an approved value is
    a request (``withdrawal_reason``) until it is approved. ``version`` goes up with every change of
    the row: a review sent from an older screen is refused.
    """

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    indicator_code: str = Field(foreign_key="indicator.code", index=True)
    period_start: date = Field(index=True)
    period_end: date | None = None
    value: float
    comment: str = ""
    source: str = ""
    state: str = ACTIVE
    supersedes_id: int | None = Field(default=None, foreign_key="measurement.id", unique=True)
    retracted_reason: str | None = None
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    submission_key: str | None = Field(default=None, unique=True)
    is_demo: bool = False
    review_state: str = Field(default=PENDING, sa_column_kwargs={"server_default": PENDING})
    reviewed_by_id: int | None = Field(default=None, foreign_key="user.id")
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_reason: str | None = Field(default=None, sa_column=Column(Text))
    withdrawal_reason: str | None = Field(default=None, sa_column=Column(Text))
    withdrawal_by_id: int | None = Field(default=None, foreign_key="user.id")
    withdrawal_by: str | None = None
    import_batch: str | None = Field(default=None, index=True)
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        CheckConstraint(_one_of("state", MEASUREMENT_STATES), name="state_valid"),
        CheckConstraint("period_end IS NULL OR period_end >= period_start", name="period_ordered"),
        CheckConstraint("state <> 'retracted' OR retracted_reason IS NOT NULL", name="retraction_has_reason"),
        CheckConstraint(_one_of("review_state", REVIEW_STATES), name="review_state_valid"),
        CheckConstraint("review_state <> 'renvoyee' OR review_reason IS NOT NULL", name="returned_has_reason"),
        CheckConstraint("review_state = 'a_valider' OR (reviewed_at IS NOT NULL AND reviewed_by IS NOT NULL)",
                        name="reviewed_by_someone"),
        CheckConstraint("state <> 'proposed' OR review_state <> 'approuvee'", name="proposal_not_approved"),
        CheckConstraint("withdrawal_reason IS NULL OR (state = 'active' AND review_state = 'approuvee')",
                        name="withdrawal_of_approved"),
        CheckConstraint("version >= 1", name="version_positive"),
        # The values waiting for review are few beside the approved ones: two small partial indexes find them
        # (a full index on review_state would lure the public reads away from the active-period index).
        Index("ix_measurement_waiting", "review_state", "state", sqlite_where=text("review_state = 'a_valider'"),
              postgresql_where=text("review_state = 'a_valider'")),
        Index("ix_measurement_withdrawal", "withdrawal_reason", sqlite_where=text("withdrawal_reason IS NOT NULL"),
              postgresql_where=text("withdrawal_reason IS NOT NULL")),
        Index(
            "uq_measurement_active_period",
            "project_id",
            "indicator_code",
            "period_start",
            unique=True,
            sqlite_where=text("state = 'active'"),
            postgresql_where=text("state = 'active'"),
        ),
        Index("ix_measurement_project_state", "project_id", "state"),
    )



class IndicatorLatest(SQLModel, table=True):
    """The shown values (``qmi.queries.shown.values``: in force and approved) of one experiment × indicator,
    summed up: how many there are, and the newest one. A row exists while there is at least one.

    Kept by the database itself, in the transaction of every write to ``measurement`` (triggers of
    revision 0010): no write path can forget it. The pages read it instead of going through every value
    (the experiments measured per indicator: 200 ms over 200 000 values, 3 ms here).
    """

    __tablename__ = "indicator_latest"

    project_id: int = Field(foreign_key="project.id", primary_key=True)
    indicator_code: str = Field(foreign_key="indicator.code", primary_key=True)
    shown_values: int
    # No foreign key: the row is refreshed after its measurement changed, deleted rows included.
    measurement_id: int
    period_start: date
    value: float
    is_demo: bool

    __table_args__ = (CheckConstraint("shown_values >= 1", name="shown_values_positive"),)

class Event(SQLModel, table=True):
    """A meeting of the Communauté des Expérimentateurs.

    Where documents give two dates for one meeting, both rows share ``event_key``.
    """

    id: int | None = Field(default=None, primary_key=True)
    event_key: str = Field(index=True)
    host_insee: str = Field(foreign_key="commune.insee_code", index=True)
    held_on: date
    date_precision: str = "month"
    format: str
    attendance: int | None = None
    source: str
    source_detail: str = ""
    note: str = ""
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        UniqueConstraint("event_key", "held_on", name="uq_event_key_date"),
        CheckConstraint("attendance IS NULL OR attendance >= 0", name="attendance_positive"),
        CheckConstraint("date_precision IN ('day', 'month', 'year')", name="precision_valid"),
    )


class ProgrammeFigure(SQLModel, table=True):
    """A published figure. Several rows may share a key when documents disagree."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    label: str
    value: float
    display: str
    unit: str = ""
    edition_id: int | None = Field(default=None, foreign_key="edition.id")
    position: int = 0
    source: str
    source_detail: str = ""
    note: str = ""
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (UniqueConstraint("key", "source", name="uq_figure_key_source"),)


class CalendarEntry(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    edition_id: int | None = Field(default=None, foreign_key="edition.id")
    starts_on: date
    ends_on: date | None = None
    date_precision: str = "day"
    label: str
    source: str

    __table_args__ = (
        UniqueConstraint("starts_on", "label", name="uq_calendar_date_label"),
        CheckConstraint("date_precision IN ('day', 'month', 'year')", name="precision_valid"),
    )


class ProgrammeStep(SQLModel, table=True):
    position: int = Field(primary_key=True)
    title: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    source: str


class CommuneChallenge(SQLModel, table=True):
    """An urban challenge a commune declared (used to recommend solutions)."""

    id: int | None = Field(default=None, primary_key=True)
    commune_insee: str = Field(foreign_key="commune.insee_code", index=True)
    challenge_code: str = Field(foreign_key="urbanchallenge.code")
    source: str = ""
    is_demo: bool = False

    __table_args__ = (UniqueConstraint("commune_insee", "challenge_code", name="uq_commune_challenge"),)


class Transfer(SQLModel, table=True):
    """A solution of one experiment (commune A) taken up as a new experiment in another commune (B).

    The experiments are in different communes (checked by ``qmi.services.transfers``); a pair is
    recorded once. ``stage`` and ``stage_on`` hold the latest of its ``TransferStep`` rows.
    """

    id: int | None = Field(default=None, primary_key=True)
    from_project_id: int = Field(foreign_key="project.id", index=True)
    to_project_id: int = Field(foreign_key="project.id", index=True)
    stage: str = "contact"
    started_on: date
    stage_on: date
    adaptations: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    source: str
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    is_demo: bool = False
    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    __table_args__ = (
        UniqueConstraint("from_project_id", "to_project_id", name="uq_transfer_pair"),
        CheckConstraint("from_project_id <> to_project_id", name="not_itself"),
        CheckConstraint(_one_of("stage", TRANSFER_STAGES), name="stage_valid"),
        CheckConstraint("stage_on >= started_on", name="dates_ordered"),
    )


class TransferStep(SQLModel, table=True):
    """One dated step of a transfer: the stage it reached, when, and who recorded it."""

    id: int | None = Field(default=None, primary_key=True)
    transfer_id: int = Field(foreign_key="transfer.id", index=True)
    stage: str
    reached_on: date
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    entered_by_id: int | None = Field(default=None, foreign_key="user.id")
    entered_by: str = ""
    entered_at: datetime = Field(default_factory=utcnow)
    is_demo: bool = False

    __table_args__ = (CheckConstraint(_one_of("stage", TRANSFER_STAGES), name="stage_valid"),)


class AuditLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")
    username: str = ""
    action: str
    entity: str
    entity_id: str = ""
    before_json: str | None = Field(default=None, sa_column=Column(Text))
    after_json: str | None = Field(default=None, sa_column=Column(Text))


class StoreScope(SQLModel, table=True):
    """The version of one scope of the store (``qmi.domain.scopes``: a kind of data, or a kind in one
    commune), moved by every write transaction that touches it, in that transaction. The cached reads
    of every server process are keyed by the versions of the scopes they read."""

    __tablename__ = "store_scope"

    scope: str = Field(primary_key=True)
    version: int = 0

    __table_args__ = (CheckConstraint("version >= 0", name="version_positive"),)
