"""Demo article: Waking between 2 and 4 a.m..

The references are real publications (authors, year, title, journal, volume, issue, pages, DOI
checked against the published record). Do not add a citation here unless you have checked it."""

from __future__ import annotations

import datetime

from articles.demo.blocks import callout, h2, h3, ol, p, ref, ul

WAKING_AT_NIGHT = {
    "slug": "waking-between-2-and-4-am",
    "title": "Waking up between 2 and 4 a.m.",
    "published": datetime.date(2026, 4, 20),
    "last_updated": datetime.date(2026, 10, 5),
    "last_reviewed": datetime.date(2026, 10, 12),
    "topics": ["sleep", "stress"],
    "summary": (
        "Waking briefly at night is normal, and it happens more as we get older. Waking and lying awake for a "
        "long time, night after night, can often be improved. Changes to your evening routine and a type of "
        "talk therapy called CBT-I help most people more than sleeping pills do."
    ),
    "introduction": (
        "<p>Many people wake in the small hours and then cannot get back to sleep. The clock says 2:47, then "
        "3:15, then 3:40. This article explains why waking at night happens, what keeps you awake, and the "
        "steps that help.</p>"
    ),
    "body": [
        h2("Is it normal to wake at night?"),
        p(
            "Yes. Sleep comes in cycles of about 90 minutes. Between cycles we often wake for a moment, and most "
            "of the time we do not remember it. As we age, sleep gets lighter and we wake more often. A few "
            "short wakings a night are normal at any age."
        ),
        p(
            "The problem starts when you wake and stay awake for a long time, three or more nights a week, and "
            "feel tired or foggy the next day. That is a form of insomnia, and it can be treated."
        ),
        h2("Common reasons for waking at night"),
        h3("Stress and a busy mind"),
        p(
            "Worry raises stress hormones and keeps the brain on alert. Many people find their thoughts race "
            "as soon as they wake. The quiet and dark of the night can make problems feel bigger."
        ),
        h3("Alcohol, caffeine and late meals"),
        p(
            "Alcohol can make you fall asleep faster, but it breaks up sleep later in the night. Caffeine can "
            "stay in the body for many hours, so an afternoon coffee can still affect you at 3 a.m. A large or "
            "spicy meal late in the evening can cause heartburn."
        ),
        h3("Needing to use the bathroom"),
        p(
            "Drinking a lot in the evening, some medicines and prostate or bladder problems can wake you to urinate."
        ),
        h3("Health problems"),
        ul(
            "Sleep apnea, where breathing stops and starts during sleep; loud snoring is a common sign",
            "Pain, such as arthritis or back pain",
            "Hot flashes around menopause",
            "Depression and anxiety",
            "An overactive thyroid",
            "Heartburn (reflux)",
        ),
        callout(
            "provider",
            "Tell us if you snore loudly, if someone has seen you stop breathing in your sleep, or if you fall "
            "asleep during the day without meaning to. These can be signs of sleep apnea.",
        ),
        h2("What to do when you wake up"),
        ol(
            (
                "Do not check the clock",
                "Turn it away from you. Watching the minutes adds to the worry.",
            ),
            (
                "Breathe slowly",
                "Breathe in for a count of four and out for a count of six. Let your shoulders "
                "and jaw relax.",
            ),
            (
                "Get up if you are wide awake",
                "If you feel awake for what seems like 20 minutes, go to another room "
                "with dim light. Do something calm, like reading a paper book.",
            ),
            ("Go back to bed when sleepy", "Return only when your eyes feel heavy."),
            (
                "Park your worries",
                "Keep a notepad by the bed. Write the worry down and tell yourself you will "
                "deal with it in the morning.",
            ),
        ),
        h2("Daytime and evening habits that help"),
        ul(
            ("Keep the same wake-up time", "every day, even after a bad night and on weekends."),
            ("Get morning light", "Spend time outside in the first hour after you wake."),
            (
                "Move your body",
                "Regular exercise helps sleep. Finish hard exercise a few hours before bed.",
            ),
            ("Cut off caffeine early", "Have your last coffee, tea or soda before noon."),
            ("Go easy on alcohol", "especially in the three hours before bed."),
            (
                "Wind down",
                "Give yourself 30 to 60 minutes of quiet time before bed, away from work and screens.",
            ),
            ("Keep the bedroom for sleep", "Cool, dark and quiet works best for most people."),
        ),
        h2("Treatments that work"),
        p(
            "For long-term insomnia, the first treatment doctors recommend is cognitive behavioral therapy for "
            "insomnia, or CBT-I. It is a short course of sessions that teaches you new sleep habits and ways to "
            "handle the thoughts that keep you awake. It works for most people, and the benefits last after the "
            "course ends."
        ),
        p(
            "Sleeping pills can help for a short time, but they have side effects such as next-day drowsiness "
            "and a higher risk of falls in older adults. We will talk through the options with you."
        ),
        callout(
            "tip",
            "Some people find magnesium in the evening relaxing. One small trial in older adults with insomnia "
            "found it helped sleep a little. Ask us if it is right for you, since it is not safe for everyone.",
            title="About magnesium",
        ),
        h2("How we can help"),
        p(
            "At your visit we will look at your sleep pattern, your health, your medicines and your stress. We may "
            "ask you to keep a sleep diary for two weeks. If needed, we can test for sleep apnea or check your "
            "thyroid and other labs. Then we make a plan together."
        ),
    ],
    "references": [
        ref(
            "Ohayon, M. M., Carskadon, M. A., Guilleminault, C., & Vitiello, M. V.",
            "2004",
            "Meta-analysis of quantitative sleep parameters from childhood to old age in healthy individuals: "
            "Developing normative sleep values across the human lifespan",
            "Sleep",
            "27",
            "7",
            "1255–1273",
            doi="10.1093/sleep/27.7.1255",
        ),
        ref(
            "Qaseem, A., Kansagara, D., Forciea, M. A., Cooke, M., & Denberg, T. D.",
            "2016",
            "Management of chronic insomnia disorder in adults: A clinical practice guideline from the American "
            "College of Physicians",
            "Annals of Internal Medicine",
            "165",
            "2",
            "125–133",
            doi="10.7326/M15-2175",
        ),
        ref(
            "Edinger, J. D., Arnedt, J. T., Bertisch, S. M., Carney, C. E., Harrington, J. J., Lichstein, K. L., "
            "Sateia, M. J., Troxel, W. M., Zhou, E. S., Kazmi, U., Heald, J. L., & Martin, J. L.",
            "2021",
            "Behavioral and psychological treatments for chronic insomnia disorder in adults: An American "
            "Academy of Sleep Medicine clinical practice guideline",
            "Journal of Clinical Sleep Medicine",
            "17",
            "2",
            "255–262",
            doi="10.5664/jcsm.8986",
        ),
        ref(
            "Ebrahim, I. O., Shapiro, C. M., Williams, A. J., & Fenwick, P. B.",
            "2013",
            "Alcohol and sleep I: Effects on normal sleep",
            "Alcoholism: Clinical and Experimental Research",
            "37",
            "4",
            "539–549",
            doi="10.1111/acer.12006",
        ),
        ref(
            "Abbasi, B., Kimiagar, M., Sadeghniiat, K., Shirazi, M. M., Hedayati, M., & Rashidkhani, B.",
            "2012",
            "The effect of magnesium supplementation on primary insomnia in elderly: A double-blind "
            "placebo-controlled clinical trial",
            "Journal of Research in Medical Sciences",
            "17",
            "12",
            "1161–1169",
        ),
    ],
}
