"""Demo article: Muscle soreness after exercise.

The references are real publications (authors, year, title, journal, volume, issue, pages, DOI
checked against the published record). Do not add a citation here unless you have checked it."""

from __future__ import annotations

import datetime

from articles.demo.blocks import callout, h2, ol, p, ref, ul

MUSCLE_SORENESS = {
    "slug": "muscle-soreness-after-exercise",
    "title": "Sore muscles after exercise",
    "published": datetime.date(2025, 5, 12),
    "last_updated": datetime.date(2025, 7, 21),
    "last_reviewed": datetime.date(2025, 7, 28),
    "topics": ["exercise", "muscles"],
    "summary": (
        "Sore, stiff muscles a day or two after new or hard exercise are normal and get better on their own "
        "within about a week. Gentle movement, sleep and good food help you recover. Very severe pain with "
        "weakness or dark urine needs care the same day."
    ),
    "introduction": (
        "<p>You started a new walking plan, worked in the yard all weekend or went back to the gym. Two days "
        "later, your legs ache going down the stairs. This is called delayed onset muscle soreness, or DOMS. "
        "Here is why it happens and how to feel better.</p>"
    ),
    "body": [
        h2("Why muscles get sore"),
        p(
            "When muscles do work they are not used to, tiny areas of strain form in the muscle fibers. The body "
            "repairs them, and the muscle comes back a little stronger. The repair work causes swelling and "
            "soreness. Soreness usually starts 12 to 24 hours after exercise, is worst at one to three days, "
            "and fades within a week."
        ),
        p(
            "Movements where the muscle lengthens while it works cause the most soreness. Walking downhill, "
            "going down stairs and lowering weights slowly are good examples."
        ),
        h2("What helps you recover"),
        ol(
            (
                "Keep moving gently",
                "An easy walk, a bike ride or a swim brings blood to the sore muscles and "
                "eases stiffness.",
            ),
            ("Try massage", "Studies suggest massage after exercise can reduce soreness a little."),
            ("Sleep well", "Muscles repair themselves during sleep."),
            (
                "Eat enough protein",
                "Include some protein at each meal, such as eggs, fish, beans, yogurt or chicken.",
            ),
            ("Drink water", "especially in hot weather."),
        ),
        callout(
            "note",
            "Stretching before or after exercise does not do much to prevent soreness, according to a review of "
            "the research. Stretch if you enjoy it, but do not count on it to stop DOMS.",
            title="What about stretching?",
        ),
        h2("Ice baths, heat and pain relievers"),
        p(
            "Cold-water baths after exercise may reduce soreness a little, but the studies are small. Cold water "
            "is not safe for everyone, including people with heart problems. A warm bath may simply feel good."
        ),
        p(
            "Pain relievers such as ibuprofen can ease soreness, but they are not right for everyone. They can "
            "upset the stomach and affect the kidneys and blood pressure. Ask us before you use them often."
        ),
        h2("How to avoid it next time"),
        ul(
            "Start new exercise slowly, and add a little more each week.",
            "Warm up for five to ten minutes before you exercise.",
            "Repeat the same activity: the second time, muscles get much less sore.",
        ),
        callout(
            "warning",
            "<p>Get care the same day if you have severe muscle pain or swelling, weakness, or dark brown urine "
            "after exercise. These can be signs of rhabdomyolysis, a serious muscle injury that can harm the "
            "kidneys.</p>",
            title="When soreness is not normal",
        ),
        h2("When to call us"),
        p(
            "Call us if soreness lasts more than a week, keeps coming back with light activity, or is in one "
            "spot with sharp pain. We can check for an injury or other causes, such as a side effect of a "
            "cholesterol medicine."
        ),
    ],
    "references": [
        ref(
            "Cheung, K., Hume, P., & Maxwell, L.",
            "2003",
            "Delayed onset muscle soreness: Treatment strategies and performance factors",
            "Sports Medicine",
            "33",
            "2",
            "145–164",
            doi="10.2165/00007256-200333020-00005",
        ),
        ref(
            "Herbert, R. D., de Noronha, M., & Kamper, S. J.",
            "2011",
            "Stretching to prevent or reduce muscle soreness after exercise",
            "Cochrane Database of Systematic Reviews",
            "2011",
            "7",
            "Article CD004577",
            doi="10.1002/14651858.CD004577.pub3",
        ),
        ref(
            "Bleakley, C., McDonough, S., Gardner, E., Baxter, G. D., Hopkins, J. T., & Davison, G. W.",
            "2012",
            "Cold-water immersion (cryotherapy) for preventing and treating muscle soreness after exercise",
            "Cochrane Database of Systematic Reviews",
            "2012",
            "2",
            "Article CD008262",
            doi="10.1002/14651858.CD008262.pub2",
        ),
        ref(
            "Dupuy, O., Douzi, W., Theurot, D., Bosquet, L., & Dugué, B.",
            "2018",
            "An evidence-based approach for choosing post-exercise recovery techniques to reduce markers of muscle "
            "damage, soreness, fatigue, and inflammation: A systematic review with meta-analysis",
            "Frontiers in Physiology",
            "9",
            "",
            "Article 403",
            doi="10.3389/fphys.2018.00403",
        ),
    ],
}
