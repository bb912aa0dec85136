"""US spelling for a US site: find British spellings and respell them.

O*NET is American, but a few of its titles and tasks, and most of ESCO's
European labels, use British spelling ("Orthopaedic Surgeon", "tyre
fitter"). The data-built files show them the American way; the sources'
credit lines say Takeover Meter modified their text. Whole words only, so
"advise", "exercise" and "enterprise" are left alone.
"""

import re

# Stems whose -ise, -ised, -ising, -isation, -iser endings are British.
IZE_STEMS = (
    "organis|recognis|summaris|prioritis|optimis|minimis|maximis|specialis|"
    "standardis|utilis|authoris|categoris|characteris|finalis|customis|digitis|"
    "immunis|modernis|normalis|personalis|realis|visualis|apologis|criticis|"
    "memoris|mobilis|centralis|capitalis|hospitalis|legalis|localis|monetis|"
    "neutralis|randomis|sanitis|stabilis|sterilis|synchronis|emphasis|"
    "familiaris|harmonis|initialis|itemis|jeopardis|moisturis|penalis|"
    "publicis|scrutinis|socialis|computeris|industrialis|hypothesis|"
    "systematis|vaporis|energis|galvanis|pasteuris|homogenis|fertilis|"
    "vulcanis|anodis|metabolis|hybridis|ionis|magnetis|mechanis|motoris|"
    "pressuris|sensitis|tenderis|weatheris|winteris"
)
IZE = re.compile(rf"\b({IZE_STEMS})(e|es|ed|ing|ation|ations|er|ers)\b", re.IGNORECASE)

# Words respelled as a whole, with their American spelling.
WORDS = {
    "programme": "program",
    "programmes": "programs",
    "tyre": "tire",
    "tyres": "tires",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "judgement": "judgment",
    "judgements": "judgments",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "offence": "offense",
    "pretence": "pretense",
    "catalogue": "catalog",
    "catalogues": "catalogs",
    "analogue": "analog",
    "grey": "gray",
    "ageing": "aging",
    "cheque": "check",
    "cheques": "checks",
    "kerb": "curb",
    "storey": "story",
    "storeys": "stories",
    "plough": "plow",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "mould": "mold",
    "moulds": "molds",
    "moulding": "molding",
    "moulder": "molder",
    "whilst": "while",
    "amongst": "among",
    "draught": "draft",
    "draughtsperson": "draftsperson",
    "draughtsman": "draftsman",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "jewellery": "jewelry",
    "jeweller": "jeweler",
    "jewellers": "jewelers",
    "cosy": "cozy",
    "aeroplane": "airplane",
    "aeroplanes": "airplanes",
    "analyse": "analyze",
    "analysed": "analyzed",
    "analysing": "analyzing",
    "analyser": "analyzer",
    "paralyse": "paralyze",
    "catalyse": "catalyze",
    "dialyse": "dialyze",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "orthopaedic": "orthopedic",
    "orthopaedics": "orthopedics",
    "paediatric": "pediatric",
    "paediatrics": "pediatrics",
    "paediatrician": "pediatrician",
    "anaesthesia": "anesthesia",
    "anaesthetic": "anesthetic",
    "anaesthetist": "anesthetist",
    "anaesthesiologist": "anesthesiologist",
    "oedema": "edema",
    "haemoglobin": "hemoglobin",
    "haematology": "hematology",
    "oestrogen": "estrogen",
    "foetus": "fetus",
    "aluminium": "aluminum",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "skilful": "skillful",
    "wilful": "willful",
    "instalment": "installment",
    "sulphur": "sulfur",
    "gaol": "jail",
    "encyclopaedia": "encyclopedia",
    "mum": "mom",
    "centre": "center",
    "centres": "centers",
    "centred": "centered",
    "metre": "meter",
    "metres": "meters",
    "kilometre": "kilometer",
    "kilometres": "kilometers",
    "millimetre": "millimeter",
    "millimetres": "millimeters",
    "centimetre": "centimeter",
    "centimetres": "centimeters",
    "litre": "liter",
    "litres": "liters",
    "theatre": "theater",
    "theatres": "theaters",
    "fibre": "fiber",
    "fibres": "fibers",
    "calibre": "caliber",
    "lustre": "luster",
    "spectre": "specter",
    "meagre": "meager",
    "sabre": "saber",
}
# -our words (colour, labour...) and doubled l before -ed, -ing, -er (travelled).
OUR_WORDS = (
    "colour|behaviour|behavioural|favour|favourite|favourable|labour|honour|"
    "neighbour|neighbourhood|humour|harbour|rumour|vapour|odour|armour|"
    "endeavour|flavour|savour|tumour|saviour|parlour|vigour|splendour|valour|"
    "clamour|ardour|rigour|candour|glamour"
)
OUR = re.compile(rf"\b({OUR_WORDS})(s|ed|ing|er|ers)?\b", re.IGNORECASE)
DOUBLE_L_STEMS = (
    "travel|cancel|model|label|signal|fuel|level|counsel|marshal|channel|"
    "tunnel|funnel|panel|pedal|shovel|snorkel|tinsel|total|dial|duel|jewel|"
    "libel|marvel|quarrel|ravel|revel|rival|spiral|stencil|swivel|towel|"
    "trammel|unravel|yodel|bevel|chisel|enamel|grovel|kennel|label|barrel|"
    "carol|equal|gambol|hostel|initial|medal|metal|pencil|refuel|remodel|"
    "tassel|vial"
)
DOUBLE_L = re.compile(rf"\b({DOUBLE_L_STEMS})l(ed|ing|er|ers|or|ors)\b", re.IGNORECASE)
WHOLE = re.compile(
    r"\b(" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")\b", re.I
)
# Words that look British to the patterns but are American too.
AMERICAN_TOO = {"metaller", "controller", "controllers", "compeller", "propeller"}


def british_words(text):
    """The British spellings in a text, in order."""
    found = []
    for pattern in (IZE, WHOLE, OUR, DOUBLE_L):
        found += [
            (match.start(), match.group(0))
            for match in pattern.finditer(text)
            if match.group(0).lower() not in AMERICAN_TOO
        ]
    return [word for _, word in sorted(found)]


def same_case(american, british):
    if british.isupper():
        return american.upper()
    if british[0].isupper():
        return american[0].upper() + american[1:]
    return american


def american(text):
    """The text respelled the American way."""
    text = IZE.sub(
        lambda m: m.group(0)[: m.start(2) - m.start(0) - 1] + _z(m) + m.group(2), text
    )
    text = WHOLE.sub(lambda m: same_case(WORDS[m.group(0).lower()], m.group(0)), text)
    text = OUR.sub(
        lambda m: m.group(0)[: len(m.group(1)) - 2] + m.group(0)[len(m.group(1)) - 1 :],
        text,
    )
    return DOUBLE_L.sub(lambda m: m.group(1) + m.group(2), text)


def _z(match):
    return "Z" if match.group(1)[-1].isupper() else "z"


def respell_record(record):
    """A data-built record's reader-facing O*NET text, the American way.

    ESCO's labels are kept as ESCO spells them (they are its data, and the
    editorial files carry them too); pages respell them as they show them.
    """
    record["title"] = american(record["title"])
    record["summary"] = american(record["summary"])
    titles = []
    for title in map(american, record["alternate_titles"]):
        if title.lower() not in {seen.lower() for seen in titles}:
            titles.append(title)
    record["alternate_titles"] = titles
    for column in record["tasks"].values():
        for task in column:
            task["text"] = american(task["text"])
            if task.get("specialty"):
                task["specialty"] = american(task["specialty"])
