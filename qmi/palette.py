"""One palette for every chart and the map (contrasted enough for a projector)."""

EDITION_COLORS = {1: "#1F4E9E", 2: "#D9661F"}
EDITION_LIGHT = {1: "#A9C1EA", 2: "#F5C6A5"}
BACKGROUND_FILL = "#E9ECEF"
BACKGROUND_LINE = "#9AA3AD"
TEXT = "#1B1F24"

CHALLENGE_COLORS = {
    "espaces-publics": "#0072B2",
    "adaptation-climat": "#009E73",
    "flux-mobilites": "#E69F00",
    "animation-commerces": "#CC79A7",
    "renouvellement-urbain": "#8C564B",
    "habitat-usages": "#56B4E9",
    "economie-circulaire": "#D55E00",
    "sport-ville": "#332288",
}
UNCLASSIFIED_COLOR = "#6C757D"

STATUS_COLORS = {0: "#8A8F98", 1: "#C99A06", 2: "#2B7BB9", 3: "#1E7B45", "abandoned": "#B00020", None: "#6C757D"}

# Sequential scale for choropleths (light to dark blue), readable in greyscale too.
SEQUENTIAL = ["#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C"]


def challenge_color(code: str | None) -> str:
    return CHALLENGE_COLORS.get(code or "", UNCLASSIFIED_COLOR)
