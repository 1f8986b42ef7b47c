"""What a new café starts with: the four pillars of the municipal network meeting."""

PILLAR_COLORS = (
    "#1d5fbf", "#b0197e", "#1a7f6b", "#c2410c", "#6d28d9", "#0e7490",
    "#a16207", "#be123c", "#4d7c0f", "#334155", "#9333ea", "#0f766e",
)

DEFAULT_PILLARS = {
    "de": [
        ("Aktive Begegnung",
         "Wo kommen Alteingesessene und Neuzugewanderte bei uns ins Gespräch – und was "
         "braucht es, damit daraus Beziehungen werden?"),
        ("Gleichberechtigte Teilhabe",
         "Was hält Menschen in unserer Kommune davon ab, Angebote und Einrichtungen zu "
         "nutzen, und wie bauen wir diese Hürden ab?"),
        ("Vielfalt",
         "Wie machen wir die Vielfalt der Menschen vor Ort sichtbar und nutzen sie als Stärke?"),
        ("Augenhöhe von Verwaltung und zivilgesellschaftlichem Engagement",
         "Was muss sich ändern, damit Verwaltung und Engagierte einander als gleichwertige "
         "Partner erleben?"),
    ],
    "en": [
        ("Active encounter",
         "Where do long-standing residents and newcomers get talking here, and what turns "
         "those moments into relationships?"),
        ("Equal participation",
         "What keeps people in our municipality from using services and facilities, and how "
         "do we remove those barriers?"),
        ("Diversity",
         "How do we make the diversity of the people here visible and use it as a strength?"),
        ("Administration and civic engagement on equal footing",
         "What has to change so that administration and volunteers see each other as equal "
         "partners?"),
    ],
}

DEFAULT_ROLES = {
    "de": ["Verwaltung", "Zivilgesellschaft", "Fachleute"],
    "en": ["Administration", "Civil society", "Experts"],
}

DEFAULT_TITLE = {"de": "World-Café", "en": "World Café"}
DEFAULT_SEATS_PER_TABLE = 6
DEFAULT_ROUND_MINUTES = 20
DEFAULT_TRANSITION_MINUTES = 3
