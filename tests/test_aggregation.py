"""The pure aggregation: idea counts and the words of the word cloud."""

from app import stopwords
from app.aggregation import count_ideas, word_cloud


def test_counts_per_pillar_round_and_table():
    ideas = [
        {"pillar_id": 1, "round": 0, "table_id": 10},
        {"pillar_id": 1, "round": 1, "table_id": 11},
        {"pillar_id": 2, "round": 1, "table_id": 11},
    ]
    assert count_ideas(ideas) == {
        "total": 3,
        "by_pillar": {"1": 2, "2": 1},
        "by_round": {"0": 1, "1": 2},
        "by_table": {"10": 1, "11": 2},
    }
    assert count_ideas([]) == {"total": 0, "by_pillar": {}, "by_round": {}, "by_table": {}}


def test_words_are_counted_together_and_shown_in_their_usual_spelling():
    texts = ["Sprachcafé im Rathaus", "Sprachcafé im Rathaus", "ein sprachcafé für alle"]
    assert word_cloud(texts) == [("Sprachcafé", 3), ("Rathaus", 2)]


def test_stop_words_of_both_languages_are_left_out():
    texts = ["Treffpunkt und Austausch für die Nachbarschaft",
             "The meeting venue for the neighbourhood and the town"]
    words = dict(word_cloud(texts))
    assert words == {"Treffpunkt": 1, "Austausch": 1, "Nachbarschaft": 1, "meeting": 1,
                     "venue": 1, "neighbourhood": 1, "town": 1}
    for gone in ("und", "für", "die", "the", "and", "for"):
        assert gone in stopwords.ALL


def test_links_numbers_emoji_and_short_words_are_ignored():
    texts = ["Infos auf https://example.org/sprachcafe?x=1 und www.stadt.de 🎉🎉",
             "2024 ab 18 Uhr, Tel. 0781 12345, mail an info@verein.de 👍",
             "Bus Nr. 7 zum Bürgerhaus!!!"]
    assert dict(word_cloud(texts)) == {"Infos": 1, "mail": 1, "Bus": 1, "Bürgerhaus": 1}


def test_umlauts_sharp_s_and_hyphenated_compounds_stay_whole():
    texts = ["Übersetzungs-Pool für Straßenfeste", "Ein Übersetzungs-Pool, bitte!",
             "Begegnung über Grenzen", "Mo\u0308glichkeiten schaffen"]  # ö as o + combining mark
    words = dict(word_cloud(texts))
    assert words["Übersetzungs-Pool"] == 2
    assert words["Straßenfeste"] == 1
    assert words["Möglichkeiten"] == 1  # normalised to one letter
    assert "Pool" not in words and "über" not in words


def test_sorted_by_count_then_word_and_limited():
    texts = ["Zebra Apfel Mango", "Mango Apfel", "Mango"]
    assert word_cloud(texts) == [("Mango", 3), ("Apfel", 2), ("Zebra", 1)]
    assert word_cloud(texts, limit=2) == [("Mango", 3), ("Apfel", 2)]
    assert word_cloud(texts, limit=0) == []
    assert word_cloud([]) == []


def test_the_most_frequent_spelling_wins_and_ties_keep_the_first():
    assert word_cloud(["digital", "Digital", "digital"]) == [("digital", 3)]
    assert word_cloud(["Ehrenamt", "ehrenamt"]) == [("Ehrenamt", 2)]


def test_apostrophes_keep_english_contractions_out():
    assert word_cloud(["Don't forget: it's the neighbours’ festival"]) == [
        ("festival", 1), ("forget", 1), ("neighbours", 1)]


def test_fillers_of_the_cafe_walk_are_stop_words():
    texts = ["Treffen um 18 Uhr", "einmal im Jahr", "erst früh am Morgen", "Treffen im Park"]
    assert word_cloud(texts) == [("Treffen", 2), ("Park", 1)]


def test_inflected_forms_count_as_one_word_shown_in_the_usual_form():
    texts = ["echten Austausch", "echtem Austausch", "mit echten Menschen reden", "Räume",
             "Raum für Gespräche"]
    words = dict(word_cloud(texts))
    assert words["echten"] == 3
    assert "echtem" not in words
    assert words["Räume"] == 2  # ties go to the spelling seen first


def test_english_cafes_fold_english_forms():
    assert word_cloud(["meetings", "meeting", "meetings"], language="en") == [("meetings", 3)]


def test_hidden_words_leave_the_cloud_with_all_their_forms():
    texts = ["echten Austausch", "echtem Austausch", "Kaffee"]
    assert word_cloud(texts, hidden=["Echtem"]) == [("Austausch", 2), ("Kaffee", 1)]
    assert word_cloud(texts, hidden=["austausch", "kaffee"]) == [("echten", 2)]
