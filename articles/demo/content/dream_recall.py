"""Demo article: Dream recall and vitamin B6.

The references are real publications (authors, year, title, journal, volume, issue, pages, DOI
checked against the published record). Do not add a citation here unless you have checked it."""

from __future__ import annotations

import datetime

from articles.demo.blocks import callout, h2, ol, p, ref, ul

DREAM_RECALL = {
    "slug": "dream-recall-and-vitamin-b6",
    "title": "Dream recall and vitamin B6",
    "published": datetime.date(2026, 3, 16),
    "last_updated": datetime.date(2026, 6, 2),
    "last_reviewed": datetime.date(2026, 6, 10),
    "topics": ["sleep", "vitamins", "supplements"],
    "author": "Marisol Ortega",
    "summary": (
        "Everyone dreams, but many people do not remember their dreams. Two small studies found that vitamin B6 "
        "taken at bedtime may help some people recall dreams. High doses of B6 taken for a long time can harm "
        "the nerves, so talk with us before you try it."
    ),
    "introduction": (
        "<p>Some patients tell us they never dream. In fact, almost everyone dreams several times a night. "
        "What changes from person to person is how much we remember when we wake up. This article explains why "
        "dreams fade, what the research says about vitamin B6 and dream recall, and how to use B6 safely.</p>"
    ),
    "body": [
        h2("Why we forget our dreams"),
        p(
            "We move through several stages of sleep each night. The most vivid dreams happen in REM sleep, when "
            "the eyes move quickly under the lids. REM periods come about every 90 minutes and get longer toward "
            "morning."
        ),
        p(
            "Dreams fade fast. If you wake slowly, or get up and start your day at once, the dream is often gone "
            "within minutes. People who wake more often during the night, or who are curious about their dreams, "
            "tend to remember more of them. Stress, alcohol, some medicines and poor sleep can all change how "
            "much you dream and remember."
        ),
        h2("What vitamin B6 does"),
        p(
            "Vitamin B6 helps the body make many chemical messengers in the brain. These include serotonin, which "
            "plays a part in sleep and mood. B6 is found in many foods, and most people get enough from what "
            "they eat."
        ),
        ul(
            (
                "Good food sources",
                "chickpeas, fish such as tuna and salmon, chicken, potatoes, bananas and "
                "fortified cereals.",
            ),
            (
                "Who may run low",
                "people who drink a lot of alcohol, people with kidney disease, and people with "
                "some bowel or autoimmune conditions.",
            ),
        ),
        h2("What the studies found"),
        p(
            "Only a few small studies have tested B6 and dreams. In one study from Australia, 100 adults took "
            "either a large dose of B6 or a dummy pill before bed for five nights. People who took B6 remembered "
            "more of their dreams on average. The dreams were not more vivid or strange. A few people said they "
            "slept less well or felt more tired."
        ),
        p(
            "An older, smaller study found that people who took a large dose of B6 at bedtime described their "
            "dreams as more vivid, colorful and emotional."
        ),
        callout(
            "note",
            "These studies were small and short, and they used doses far above what the body needs each day. "
            "We do not yet know if B6 helps dream recall over months, or who is most likely to benefit.",
            title="What we do not know yet",
        ),
        h2("Using vitamin B6 safely"),
        p(
            "Vitamin B6 from food is safe. Supplements are different. Taking high doses for a long time can damage "
            "the nerves in the hands and feet. This can cause numbness, tingling and trouble with balance. For "
            "adults, the safe upper limit set in the United States is 100 mg a day from all sources."
        ),
        ol(
            (
                "Talk with us first",
                "especially if you take other supplements, since many contain B6.",
            ),
            (
                "Read the labels",
                "B6 may be listed as pyridoxine or as pyridoxal 5′-phosphate (P5P).",
            ),
            ("Keep it short", "use a higher dose only for a short trial that we agree on."),
            ("Stop if you notice tingling", "or numbness, and call us."),
        ),
        h2("Other ways to remember more dreams"),
        ul(
            "Keep a notebook or your phone by the bed.",
            "When you wake up, stay still with your eyes closed for a minute and replay the dream.",
            "Write down even small pieces: a place, a face, a feeling.",
            "Tell yourself before sleep that you want to remember your dreams.",
            "Aim for a regular bedtime and enough sleep, so you get the long REM periods of early morning.",
        ),
        callout(
            "provider",
            "Call us if you have nightmares often, act out your dreams in your sleep, or feel very tired in the "
            "daytime. These can be signs of a sleep problem that we can help with.",
        ),
    ],
    "references": [
        ref(
            "Aspy, D. J., Madden, N. A., & Delfabbro, P.",
            "2018",
            "Effects of vitamin B6 (pyridoxine) and a B complex preparation on dreaming and sleep",
            "Perceptual and Motor Skills",
            "125",
            "3",
            "451–462",
            doi="10.1177/0031512518770326",
        ),
        ref(
            "Ebben, M., Lequerica, A., & Spielman, A.",
            "2002",
            "Effects of pyridoxine on dreaming: A preliminary study",
            "Perceptual and Motor Skills",
            "94",
            "1",
            "135–140",
            doi="10.2466/pms.2002.94.1.135",
        ),
        ref(
            "Institute of Medicine",
            "1998",
            "Dietary reference intakes for thiamin, riboflavin, niacin, vitamin B6, folate, vitamin B12, "
            "pantothenic acid, biotin, and choline",
            "National Academies Press",
            doi="10.17226/6015",
        ),
    ],
}
