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
FOCUS = EDITION_COLORS[1]  # the focus outline of every control and the skip links' frame
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
    "economie-circulaire": "#C25400",  # darker than the Okabe-Ito vermilion: white text reads on it
    "sport-ville": "#332288",
}
UNCLASSIFIED_COLOR = "#6C757D"

STATUS_COLORS = {0: "#8A8F98", 1: "#C99A06", 2: "#2B7BB9", 3: "#1E7B45", "abandoned": "#B00020", None: "#6C757D"}
# The evidence ladder's badge, level 0 (« pas encore de preuve ») to 5 (replicated with results).
EVIDENCE_COLORS = {0: UNCLASSIFIED_COLOR, 1: STATUS_COLORS[1], 2: STATUS_COLORS[2], 3: EDITION_COLORS[1],
                   4: CHALLENGE_COLORS["sport-ville"], 5: STATUS_COLORS[3]}

# Sequential scale for choropleths (light to dark blue), readable in greyscale too.
# The map's two greys of the freshness colouring, told apart by their label and outline too (never colour alone):
# nothing due (« non applicable »), and due but never entered (« non saisi », dashed outline, darker).
FRESHNESS_NOT_APPLICABLE = "#C2C8CF"
FRESHNESS_NEVER_ENTERED = "#737B84"
SEQUENTIAL = ["#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C"]


def challenge_color(code: str | None) -> str:
    return CHALLENGE_COLORS.get(code or "", UNCLASSIFIED_COLOR)


def _luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of a #RGB or #RRGGBB colour."""
    digits = color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    red, green, blue = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, from 1 (same) to 21 (black on white); text needs 4.5."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(fill: str) -> str:
    """The text colour, ``TEXT`` or ``WHITE``, that reads better on ``fill`` (badges, bars, slices)."""
    return max((TEXT, WHITE), key=lambda color: contrast(color, fill))
