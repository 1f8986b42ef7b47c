"""German and English stop words, left out of the word clouds.

The lists are stopwords-iso's (the stopwordsiso package ships them as data, nothing is
fetched at run time), including the fillers people type into a café's ideas ("Uhr", "Jahr",
"erst"). Both languages apply to every café, because people mix them; the few clashes
(English "die", "war", "hat", "man") cost less than noise. Lower case, as the word cloud
compares them.
"""

import stopwordsiso

# Abbreviations and fillers seen in cafés that stopwords-iso leaves in.
CAFE_EXTRAS = frozenset((
    "bitte", "bzw", "demnach", "dennoch", "etc", "früh", "ggf", "lot", "lots", "sodass",
    "sowohl", "spät", "tut", "usw", "weder", "wobei",
))

GERMAN = frozenset(stopwordsiso.stopwords("de"))
ENGLISH = frozenset(stopwordsiso.stopwords("en"))
ALL = GERMAN | ENGLISH | CAFE_EXTRAS
