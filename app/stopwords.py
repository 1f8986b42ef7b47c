"""Common German and English function words, left out of the word clouds.

Lower case, as the word cloud compares them. Both lists apply to every café, because people
mix languages; the few clashes (English "die", "war", "hat", "man") cost less than noise.
"""

GERMAN = frozenset((
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
    "andere", "anderem", "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei", "beide",
    "beiden", "beim", "bereits", "bin", "bis", "bisher", "bist", "bitte", "bzw", "da", "dabei",
    "dadurch", "dafür", "dagegen", "daher", "damit", "danach", "dann", "daran", "darauf",
    "darin", "darum", "darüber", "das", "dass", "davon", "dazu", "dein", "deine", "dem",
    "demnach", "den", "denen", "denn", "dennoch", "der", "deren", "derselbe", "des", "deshalb",
    "dessen", "dich", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "dir",
    "doch", "dort", "du", "durch", "eben", "ein", "eine", "einem", "einen", "einer", "eines",
    "einige", "einigen", "einmal", "er", "es", "etc", "etwa", "etwas", "euch", "euer", "eure",
    "für", "gar", "gegen", "gehen", "geht", "gewesen", "ggf", "gibt", "hab", "habe", "haben",
    "hast", "hat", "hatte", "hier", "hin", "hinter", "hätte", "ich", "ihm", "ihn", "ihnen",
    "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "immer", "in", "ins", "ist", "ja", "je",
    "jede", "jedem", "jeden", "jeder", "jedes", "jedoch", "jene", "jener", "jetzt", "kann",
    "kein", "keine", "keinem", "keinen", "keiner", "können", "könnte", "machen", "macht", "mal",
    "man", "manche", "mehr", "mein", "meine", "meinem", "meinen", "mich", "mir", "mit", "muss",
    "müssen", "nach", "neben", "nein", "nicht", "nichts", "noch", "nun", "nur", "ob", "oder",
    "ohne", "schon", "sehr", "sei", "sein", "seine", "seinem", "seinen", "seiner", "seit",
    "selbst", "sich", "sie", "sind", "so", "sodass", "solche", "soll", "sollen", "sollte",
    "sondern", "sowie", "sowohl", "statt", "tun", "tut", "um", "und", "uns", "unser", "unsere",
    "unter", "usw", "viel", "viele", "vom", "von", "vor", "war", "waren", "warum", "was",
    "weder", "wegen", "weil", "welche", "welchem", "welchen", "welcher", "welches", "wenig",
    "wenn", "wer", "werden", "wie", "wieder", "will", "wir", "wird", "wo", "wobei", "wohl",
    "wollen", "worden", "wurde", "wurden", "während", "wäre", "zu", "zum", "zur", "zwar",
    "zwischen", "über",
))

ENGLISH = frozenset((
    "about", "above", "across", "after", "again", "against", "all", "almost", "along",
    "already", "also", "although", "always", "am", "among", "an", "and", "another", "any",
    "anyone", "anything", "are", "around", "as", "at", "be", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "can't", "cannot", "could", "did",
    "didn't", "do", "does", "doesn't", "doing", "don't", "done", "down", "during", "each",
    "either", "else", "etc", "even", "ever", "every", "few", "for", "from", "further", "get",
    "gets", "getting", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i", "i'm", "if", "in", "into", "is",
    "isn't", "it", "it's", "its", "itself", "just", "less", "let", "let's", "lot", "lots",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither",
    "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other",
    "others", "our", "ours", "ourselves", "out", "over", "own", "per", "quite", "rather",
    "same", "shall", "she", "should", "since", "so", "some", "something", "still", "such",
    "than", "that", "that's", "the", "their", "theirs", "them", "themselves", "then", "there",
    "there's", "these", "they", "this", "those", "though", "through", "thus", "to", "too",
    "toward", "under", "until", "up", "upon", "us", "very", "via", "was", "we", "were", "what",
    "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
    "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
))

ALL = GERMAN | ENGLISH
