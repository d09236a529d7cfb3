"""One palette for every chart, the map, the PDF and the pages' style (contrasted enough for a projector).

Every colour of the app is named here; nothing else writes a hex colour.
"""

EDITION_COLORS = {1: "#1F4E9E", 2: "#D9661F"}
EDITION_LIGHT = {1: "#A9C1EA", 2: "#F5C6A5"}
BACKGROUND_FILL = "#E9ECEF"
BACKGROUND_LINE = "#9AA3AD"
TEXT = "#1B1F24"
MUTED_TEXT = "#4A525C"  # sources, captions, secondary labels
WHITE = "#FFFFFF"
GRID = "#D0D5DB"  # chart gridlines, card and table borders
CANVAS = "#F7F9FB"  # the sea of the map when no tiles are drawn

# The « Données de démonstration » marker and the « Classement proposé » one, wherever they are drawn.
DEMO_FILL = "#FFF3CD"
DEMO_TEXT = "#6B4E00"
DEMO_BORDER = "#E0B400"
PROPOSED_FILL = "#E7F1FF"
PROPOSED_TEXT = "#0B3D91"

# QR codes: black modules on white, whatever the theme.
QR_DARK = "#000"
QR_LIGHT = "#fff"

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
