"""Demo content for the health library: practitioners, four articles written for this project, and the
"Medical review" workflow. `load(index_page)` is idempotent: it creates what is missing and never edits
what exists, so a second run changes nothing.

The references are real publications (authors, year, title, journal, volume, issue, pages, DOI checked
against the published record). Do not add a citation here unless you have checked it."""

from __future__ import annotations

import datetime
import json
import uuid

from django.db import transaction
from django.utils import timezone

from .models import ArticlePage, ArticleReference, Practitioner

MEDICAL_REVIEWERS_GROUP = "Medical reviewers"
MEDICAL_REVIEW_WORKFLOW = "Medical review"
MEDICAL_REVIEW_TASK = "Medical review by a practitioner"

PRACTITIONERS = [
    {
        "name": "Dana Whitfield",
        "credentials": "FNP-C",
        "bio": "Dana is a board-certified family nurse practitioner. She sees patients in Waco and Hamilton "
        "and has a special interest in sleep, muscle health and nutrition.",
    },
    {
        "name": "Marisol Ortega",
        "credentials": "RDN, LD",
        "bio": "Marisol is a registered dietitian. She helps patients turn lab results and health goals "
        "into meals they enjoy.",
    },
]


# --- small builders for StreamField JSON ------------------------------------------------------------


def _block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def h2(text):
    return _block("heading", {"text": text, "level": "h2"})


def h3(text):
    return _block("heading", {"text": text, "level": "h3"})


def p(html):
    return _block("paragraph", html if html.startswith("<") else f"<p>{html}</p>")


def _items(items):
    result = []
    for item in items:
        title, text = item if isinstance(item, tuple) else ("", item)
        result.append(
            {
                "type": "item",
                "value": {"title": title, "text": f"<p>{text}</p>" if text else ""},
                "id": str(uuid.uuid4()),
            }
        )
    return result


def ol(*items):
    return _block("numbered_list", {"items": _items(items)})


def ul(*items):
    return _block("bulleted_list", {"items": _items(items)})


def callout(kind, text, title=""):
    return _block(
        "callout",
        {"kind": kind, "title": title, "text": text if text.startswith("<") else f"<p>{text}</p>"},
    )


def quote(text, attribution=""):
    return _block("quote", {"text": text, "attribution": attribution})


def ref(authors, year, title, source, volume="", issue="", pages="", doi="", url=""):
    return {
        "authors": authors,
        "year": year,
        "title": title,
        "source": source,
        "volume": volume,
        "issue": issue,
        "pages": pages,
        "doi": doi,
        "url": url,
    }


# --- the articles ------------------------------------------------------------------------------------

LEG_CRAMPS = {
    "slug": "leg-cramps",
    "title": "Leg cramps at night: why they happen and what helps",
    "published": datetime.date(2026, 2, 9),
    "last_updated": datetime.date(2026, 9, 14),
    "last_reviewed": datetime.date(2026, 9, 21),
    "topics": ["muscles", "sleep", "nutrition"],
    "summary": (
        "Night-time leg cramps are common, and most are not a sign of serious illness. "
        "Gentle calf stretches before bed, enough fluids and a review of your medicines help many people. "
        "Call us if cramps happen most nights, last a long time, or come with swelling, weakness or numbness."
    ),
    "introduction": (
        "<p>A leg cramp is a sudden, hard tightening of a muscle that you did not choose to make. It often "
        "strikes the calf or the foot at night and can wake you from deep sleep. The pain can be sharp, and "
        "the muscle may stay sore for a day or more. This guide explains what cramps are, what makes them "
        "more likely, what to do during a cramp, and how to make them less frequent.</p>"
    ),
    "body": [
        h2("What a leg cramp is"),
        p(
            "Muscles move your body by getting shorter (contracting) and then relaxing. In a cramp, a muscle "
            "contracts hard and will not let go. You may see or feel a hard knot under the skin. The toes may "
            "curl down or spread apart. Most cramps last from a few seconds to a few minutes."
        ),
        p(
            "Night cramps are very common. They become more common with age. Many adults over 60 have them at "
            "least now and then. They also happen more often in pregnancy. A cramp is not the same as the "
            "restless, crawling feeling that makes you want to move your legs. That is a different problem, "
            "called restless legs syndrome, and it has different treatments."
        ),
        callout(
            "note",
            "In most people no single cause is found. Doctors call these cramps “idiopathic,” which simply "
            "means the cause is not known. They are still real, and there is still a lot you can do.",
        ),
        h2("What makes cramps more likely"),
        p(
            "Several things can make a cramp more likely. Often two or three of them add up. Think about "
            "which ones fit your life."
        ),
        h3("Muscles that are tired or tight"),
        p(
            "A muscle that worked hard during the day is more likely to cramp at night. So is a muscle that "
            "stays short for hours. When you lie in bed, your feet often point down. That keeps the calf "
            "muscle short, and a short muscle cramps more easily. Long hours of sitting, standing on hard "
            "floors and new or harder exercise can all play a part."
        ),
        h3("Fluids and minerals"),
        p(
            "Your nerves and muscles need water and minerals such as sodium, potassium, magnesium and calcium "
            "to work well. Heavy sweating, vomiting or diarrhea can lower these. So can some water pills. "
            "Low levels are one known trigger of cramps, although most people with night cramps have normal "
            "blood tests."
        ),
        h3("Medicines"),
        p(
            "Some medicines are linked to cramps. A large study found that people often started having leg "
            "cramps soon after starting certain medicines. These included some water pills (diuretics), some "
            "inhaled asthma medicines and some cholesterol medicines (statins). Do not stop any medicine on "
            "your own. Bring a list of all your medicines and supplements to your visit so we can look at "
            "them with you."
        ),
        h3("Health conditions"),
        p("Cramps are more common with some health problems. These include:"),
        ul(
            "Diabetes, especially when it affects the nerves in the feet and legs",
            "Kidney disease, including people on dialysis",
            "Liver disease",
            "An underactive thyroid gland (hypothyroidism)",
            "Problems with the parathyroid glands, which control calcium levels",
            "Narrowed arteries in the legs, which can cause pain when you walk",
            "Pinched nerves in the lower back",
            "Pregnancy, especially in the last months",
        ),
        p(
            "If you have one of these conditions, cramps can be a sign that it needs attention. That is one "
            "reason we ask about cramps at your visits."
        ),
        h2("What to do during a cramp"),
        p("When a cramp strikes, these steps help most people. Try them in this order:"),
        ol(
            (
                "Stretch the muscle",
                "For a calf cramp, straighten your knee and pull your toes up toward your "
                "nose. You can hold the ball of your foot with your hand or with a towel.",
            ),
            (
                "Stand and lean",
                "If you can stand safely, put your weight on the cramping leg and bend the other "
                "knee a little. Keep the heel of the cramping leg on the floor.",
            ),
            (
                "Walk it off",
                "A few slow steps, or walking on your heels, can help the muscle let go.",
            ),
            ("Rub the muscle", "Gentle massage with your hands can ease the knot."),
            (
                "Add warmth",
                "Once the cramp has eased, a warm shower, warm bath or warm towel can relax the "
                "sore muscle.",
            ),
        ),
        callout(
            "warning",
            "Get up slowly and turn on a light before you walk. A sudden cramp at night is a common cause of "
            "falls, especially for older adults.",
            title="Be careful getting out of bed",
        ),
        h2("How to prevent night cramps"),
        p(
            "Prevention works best when you keep it up every day for several weeks. Start with stretching. "
            "It is simple, free and safe for most people."
        ),
        h3("Stretch your calves before bed"),
        p(
            "In a trial of adults over 55, people who stretched their calves and the backs of their thighs "
            "just before bed had fewer and milder night cramps after six weeks than people who did not. Here "
            "is a simple routine:"
        ),
        ol(
            (
                "Wall stretch",
                "Stand an arm’s length from a wall. Step one foot back. Keep that heel down and "
                "that knee straight. Lean toward the wall until you feel a gentle pull in the calf.",
            ),
            ("Hold it", "Hold for 20 to 30 seconds. Breathe slowly. Do not bounce."),
            ("Switch legs", "Do the same with the other leg."),
            (
                "Bend the back knee",
                "Repeat with the back knee a little bent. This stretches the lower part of "
                "the calf.",
            ),
            (
                "Stretch the back of the thigh",
                "Sit on the edge of the bed with one leg straight out in front "
                "of you. Lean forward from the hips until you feel a pull behind the knee. Hold and switch.",
            ),
        ),
        p("Do the whole routine three times, every evening, for at least six weeks."),
        h3("Help your legs during the day"),
        ul(
            "Drink water through the day. Sip rather than drinking a lot at once, so you do not wake up to "
            "use the bathroom.",
            "Limit alcohol, which can dry you out and disturb sleep.",
            "Wear shoes with good support, especially if you stand a lot.",
            "Take short breaks to walk and stretch if you sit for long periods.",
            "Build up new exercise slowly, over a few weeks.",
        ),
        h3("Set up your bed"),
        p(
            "Keep your feet from pointing down while you sleep. Loosen tight sheets and blankets at the foot "
            "of the bed. If you sleep on your back, a pillow under your knees may help. If you sleep on your "
            "stomach, let your feet hang over the end of the mattress."
        ),
        h3("Eat for your muscles"),
        p(
            "A varied diet gives your muscles the minerals they need. Good sources of potassium and magnesium "
            "include leafy greens, beans, nuts, seeds, whole grains, potatoes, bananas, avocados and yogurt. "
            "If you sweat a lot at work or in the Texas heat, ask us whether you need to replace salt as well "
            "as water."
        ),
        h2("Supplements and medicines"),
        p(
            "Many people try supplements for cramps. Here is what the research says. Talk with your provider "
            "before you start any of them, since some interact with medicines or are not safe with kidney "
            "disease."
        ),
        h3("Magnesium"),
        p(
            "Magnesium is often used for cramps. A careful review of the trials found that magnesium is "
            "unlikely to help the typical night cramps of older adults. It may still help some people who "
            "have low magnesium, or during pregnancy, but the research there is not clear. We can check your "
            "levels and your diet before you spend money on it."
        ),
        h3("Quinine and tonic water"),
        p(
            "Quinine used to be a common cramp remedy. It does reduce cramps a little, but it can cause "
            "serious side effects, including bleeding and heart rhythm problems. For that reason it is no "
            "longer recommended for leg cramps. The small amount in tonic water is unlikely to help."
        ),
        h3("Other options"),
        p(
            "For people with frequent, painful cramps that do not improve with stretching, there are other "
            "prescription options. They all have side effects to weigh. We will look for a cause first and "
            "talk through the choices with you."
        ),
        callout(
            "provider",
            "<p>Call us if any of these apply to you:</p><ul><li>Cramps wake you most nights or last longer "
            "than 10 minutes.</li><li>You also have weakness, numbness or tingling in the leg.</li><li>Cramps "
            "started after a new medicine.</li><li>You have cramps in many parts of your body.</li></ul>",
        ),
        h2("When to get help right away"),
        p(
            "Some leg symptoms can look like a cramp but are something more serious. Call 911 or go to an "
            "emergency room if you have any of these:"
        ),
        ul(
            (
                "Swelling in one leg",
                "with pain, warmth or redness, especially after a long trip or surgery. This "
                "can be a blood clot.",
            ),
            ("Chest pain or trouble breathing", "with leg pain or swelling."),
            ("Severe muscle pain and weakness", "after very hard exercise, with dark brown urine."),
            (
                "A cold, pale or blue leg",
                "or a leg that suddenly hurts and will not move normally.",
            ),
        ),
        h2("Cramps in special situations"),
        h3("During pregnancy"),
        p(
            "Leg cramps are common in the second half of pregnancy. The growing baby changes blood flow and "
            "puts extra weight on the legs. Stretching, gentle walking and enough fluids are safe places to "
            "start. Some pregnant women find that magnesium helps, but the studies do not agree. Please talk "
            "with your prenatal provider before you take any supplement while pregnant."
        ),
        h3("During or after exercise"),
        p(
            "Cramps can also strike during a long run, a ball game or hard work in the yard. These cramps are "
            "mostly caused by tired muscles. Heat and heavy sweating can add to the problem. Slow down, stretch "
            "the muscle and rest in the shade. Next time, build up your training more slowly, drink during long "
            "sessions, and eat a snack with some salt if you sweat a lot."
        ),
        h3("In older adults"),
        p(
            "Older adults have cramps more often and may take more medicines that can cause them. They are also "
            "more likely to fall when a cramp strikes at night. A night light on the way to the bathroom, a "
            "sturdy chair by the bed and shoes or slippers with a good grip can make the night safer."
        ),
        h2("Keep a cramp diary"),
        p(
            "A simple diary for two weeks helps you and your provider see patterns. It also shows whether the "
            "changes you make are working. Each morning, write down:"
        ),
        ol(
            ("How many cramps", "you had in the night, and in which leg or foot."),
            ("How long they lasted", "and how strong they were, on a scale of 1 to 10."),
            (
                "What you did the day before",
                "such as long standing, new exercise, travel or yard work.",
            ),
            ("What you ate and drank", "including alcohol and caffeine, and how much water."),
            ("Any new medicine or supplement", "and the date you started it."),
            ("Whether you stretched", "before bed."),
        ),
        p(
            "Bring the diary to your visit. Many people find that a pattern jumps out once it is written down. "
            "For example, cramps may follow days of long standing at work, or nights with a glass of wine."
        ),
        callout(
            "tip",
            "Set a reminder on your phone for your evening stretches. Doing them at the same time each night, "
            "such as right after you brush your teeth, makes the habit easier to keep.",
        ),
        h2("How we look for the cause"),
        p(
            "At Clark Wellness we take time to look at the whole picture. At your visit we will ask when the "
            "cramps happen, how long they last, and what you have tried. We review your medicines, your sleep, "
            "your work and exercise, and what you eat and drink."
        ),
        p("Depending on your story and exam, we may check:"),
        ul(
            "Blood sugar",
            "Kidney and liver tests",
            "Thyroid tests",
            "Calcium, magnesium and potassium levels",
            "Parathyroid hormone and vitamin D, if your calcium is off",
            "Blood flow and nerves in your legs",
        ),
        p(
            "Then we build a plan with you. For most people that plan starts with stretching, fluids and food, "
            "and changes to medicines where it is safe. We follow up to see what is working."
        ),
        h2("The bottom line"),
        p(
            "Leg cramps at night are common and usually harmless, but they are not something you just have to "
            "live with. Stretching every evening is the best-studied way to prevent them. Look at your fluids, "
            "your food and your medicines. And call us if cramps are frequent, severe or come with other "
            "symptoms."
        ),
        quote(
            "Most cramps can be eased with a stretch, some water and a good look at the cause.",
            "Dana Whitfield, FNP-C",
        ),
    ],
    "references": [
        ref(
            "Allen, R. E., & Kirby, K. A.",
            "2012",
            "Nocturnal leg cramps",
            "American Family Physician",
            "86",
            "4",
            "350–355",
        ),
        ref(
            "Hallegraeff, J. M., van der Schans, C. P., de Ruiter, R., & de Greef, M. H. G.",
            "2012",
            "Stretching before sleep reduces the frequency and severity of nocturnal leg cramps in older adults: "
            "A randomised trial",
            "Journal of Physiotherapy",
            "58",
            "1",
            "17–22",
            doi="10.1016/S1836-9553(12)70068-8",
        ),
        ref(
            "Garrison, S. R., Dormuth, C. R., Morrow, R. L., Carney, G. A., & Khan, K. M.",
            "2012",
            "Nocturnal leg cramps and prescription use that precedes them: A sequence symmetry analysis",
            "Archives of Internal Medicine",
            "172",
            "2",
            "120–126",
        ),
        ref(
            "Garrison, S. R., Allan, G. M., Sekhon, R. K., Musini, V. M., & Khan, K. M.",
            "2012",
            "Magnesium for skeletal muscle cramps",
            "Cochrane Database of Systematic Reviews",
            "2012",
            "9",
            "Article CD009402",
            doi="10.1002/14651858.CD009402.pub2",
        ),
        ref(
            "El-Tawil, S., Al Musa, T., Valli, H., Lunn, M. P. T., Brassington, R., El-Tawil, T., & Weber, M.",
            "2015",
            "Quinine for muscle cramps",
            "Cochrane Database of Systematic Reviews",
            "2015",
            "4",
            "Article CD005044",
            doi="10.1002/14651858.CD005044.pub3",
        ),
    ],
}

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

ARTICLES = [LEG_CRAMPS, DREAM_RECALL, WAKING_AT_NIGHT, MUSCLE_SORENESS]


# --- loaders ---------------------------------------------------------------------------------------


def ensure_practitioners() -> list[Practitioner]:
    result = []
    for data in PRACTITIONERS:
        practitioner, _ = Practitioner.objects.get_or_create(
            name=data["name"], defaults={"credentials": data["credentials"], "bio": data["bio"]}
        )
        result.append(practitioner)
    return result


def ensure_article(
    index_page, data: dict, author: Practitioner, reviewer: Practitioner
) -> ArticlePage:
    existing = ArticlePage.objects.child_of(index_page).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    published = timezone.make_aware(datetime.datetime.combine(data["published"], datetime.time(9)))
    page = ArticlePage(
        slug=data["slug"],
        title=data["title"],
        summary=data["summary"],
        introduction=data["introduction"],
        body=json.dumps(data["body"]),
        last_updated=data["last_updated"],
        last_reviewed=data["last_reviewed"],
        reviewed_by=reviewer,
        author=author,
        first_published_at=published,
    )
    page.topics.add(*data["topics"])
    for order, reference in enumerate(data["references"]):
        page.references.add(ArticleReference(sort_order=order, **reference))
    index_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_medical_review_workflow(index_page):
    """A "Medical reviewers" group that approves article changes, as the index's workflow."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        GroupApprovalTask,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    group, _ = Group.objects.get_or_create(name=MEDICAL_REVIEWERS_GROUP)
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin and not group.permissions.filter(pk=access_admin.pk).exists():
        group.permissions.add(access_admin)
    for codename in ("change_page", "publish_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=index_page, permission=permission
        )

    task = GroupApprovalTask.objects.filter(name=MEDICAL_REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MEDICAL_REVIEW_TASK)
        task.groups.set([group])
    workflow, _ = Workflow.objects.get_or_create(name=MEDICAL_REVIEW_WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def load(index_page):
    practitioners = {p.name: p for p in ensure_practitioners()}
    reviewer = practitioners[PRACTITIONERS[0]["name"]]
    pages = [
        ensure_article(
            index_page,
            data,
            author=practitioners[data.get("author", reviewer.name)],
            reviewer=reviewer,
        )
        for data in ARTICLES
    ]
    ensure_medical_review_workflow(index_page)
    return pages


# --- generated articles (load tests: `load_demo_content --articles N`) ------------------------------
#
# N more published articles under the index, built from the demo articles above: varied titles, one
# to three topics from a small list, a body of several sections (headings, paragraphs, lists,
# callouts) cut from the demo bodies, and references from the demo reference lists. Deterministic:
# article i always gets the same slug and content, so a second run with the same N creates nothing
# and a larger N adds only the missing ones.
#
# Written in bulk (a few statements per thousand articles, not a publish per article): the page rows
# with their revision as the live one, the topics and the references. No page signals are sent, so
# nothing is enqueued per article (no handout renders, no search or reference index tasks); the
# caller updates the search index once at the end, and every cached page is forgotten on commit.

GENERATED_SLUG_SUFFIX = "-g"  # slug: "<slugified title>-g<number>"

GENERATED_TOPICS = [
    "sleep",
    "muscles",
    "nutrition",
    "exercise",
    "stress",
    "vitamins",
    "supplements",
    "digestion",
    "heart health",
]

GENERATED_SUBJECTS = {
    "sleep": [
        "Trouble falling asleep",
        "Snoring",
        "Daytime naps",
        "Shift work and sleep",
        "Jet lag",
    ],
    "muscles": ["Muscle twitches", "Stiff muscles in the morning", "Calf pain", "Muscle weakness"],
    "nutrition": ["Eating more fiber", "Protein at breakfast", "Cutting back on sugar", "Salt"],
    "exercise": ["Starting to walk for exercise", "Strength training", "Stretching", "Balance"],
    "stress": ["Stress and the body", "Racing thoughts", "Breathing exercises", "Burnout"],
    "vitamins": ["Vitamin D", "Vitamin B12", "Folate", "Vitamin C"],
    "supplements": ["Magnesium", "Fish oil", "Melatonin", "Iron tablets"],
    "digestion": ["Bloating", "Heartburn", "Constipation", "Food intolerances"],
    "heart health": ["Blood pressure", "Cholesterol", "Palpitations", "Swollen ankles"],
}

GENERATED_TITLES = [
    "{subject}: what helps",
    "{subject}: causes and what you can do",
    "Questions about {lower}",
    "{subject}, a plain-language guide",
    "When to see us about {lower}",
    "{subject} after 50",
    "{subject}: myths and facts",
    "{subject} in the Texas heat",
    "{subject} during pregnancy",
    "Five things to know about {lower}",
]


def _sections(body):
    """The body cut at its h2 headings: [[h2, block, block…], …]."""
    sections = []
    for block in body:
        if block["type"] == "heading" and block["value"]["level"] == "h2" or not sections:
            sections.append([])
        sections[-1].append(block)
    return sections


def _fresh_ids(value, rng):
    """A deep copy of StreamField raw data with new block and list item ids."""
    if isinstance(value, dict):
        copy = {key: _fresh_ids(item, rng) for key, item in value.items()}
        if "id" in copy and "type" in copy:
            copy["id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        return copy
    if isinstance(value, list):
        return [_fresh_ids(item, rng) for item in value]
    return value


def generated_article(number: int) -> dict:
    """The content of generated article `number` (0-based), always the same for the same number."""
    import random

    from django.utils.text import slugify

    rng = random.Random(f"clinic-generated-article-{number}")
    topic = GENERATED_TOPICS[number % len(GENERATED_TOPICS)]
    subject = rng.choice(GENERATED_SUBJECTS[topic])
    title = rng.choice(GENERATED_TITLES).format(
        subject=subject, lower=subject[0].lower() + subject[1:]
    )
    others = [t for t in GENERATED_TOPICS if t != topic]
    topics = [topic, *rng.sample(others, rng.randint(0, 2))]

    pool = [section for data in ARTICLES for section in _sections(data["body"])[:-1]]
    sections = rng.sample(pool, rng.randint(3, 6))
    body = [h2(f"About {subject[0].lower() + subject[1:]}")] + [
        block for section in sections for block in section
    ]
    references = rng.sample([r for data in ARTICLES for r in data["references"]], rng.randint(2, 4))

    today = timezone.localdate()
    published = today - datetime.timedelta(days=rng.randint(30, 1500))
    updated = min(today, published + datetime.timedelta(days=rng.randint(0, 400)))
    reviewed = (
        None if rng.random() < 0.1 else min(today, updated + datetime.timedelta(rng.randint(0, 14)))
    )
    source = rng.choice(ARTICLES)
    return {
        "slug": f"{slugify(title)[:60].strip('-')}{GENERATED_SLUG_SUFFIX}{number + 1:05d}",
        "title": title,
        "published": published,
        "last_updated": updated,
        "last_reviewed": reviewed,
        "topics": topics,
        "author": rng.choice(PRACTITIONERS)["name"],
        "summary": f"{subject} is something we are asked about often. " + source["summary"],
        "introduction": (
            f"<p>This guide is about {subject[0].lower() + subject[1:]}: what is known, what you can "
            "try at home and when to call us.</p>" + source["introduction"]
        ),
        "body": _fresh_ids(body, rng),
        "references": references,
    }


@transaction.atomic
def generate(index_page, count: int) -> list[ArticlePage]:
    """Make sure generated articles 1…count are published under `index_page`; returns those created."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, Model
    from taggit.models import Tag
    from wagtail.models import Page, Revision

    from clinic.purge import purge_everything

    from .models import ArticlePageTopic

    wanted = [generated_article(number) for number in range(count)]
    existing = set(
        ArticlePage.objects.child_of(index_page)
        .filter(slug__in=[data["slug"] for data in wanted])
        .values_list("slug", flat=True)
    )
    wanted = [data for data in wanted if data["slug"] not in existing]
    if not wanted:
        return []

    practitioners = {p.name: p for p in ensure_practitioners()}
    reviewer = practitioners[PRACTITIONERS[0]["name"]]
    tags = {}
    for name in GENERATED_TOPICS:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag(name=name)
            tag.save()
        tags[name] = tag

    parent = Page.objects.select_for_update().get(pk=index_page.pk)
    last = parent.get_last_child()
    position = last._get_lastpos_in_path() if last else 0
    article_type = ContentType.objects.get_for_model(ArticlePage)
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()

    pages = []
    for data in wanted:
        position += 1
        published = timezone.make_aware(
            datetime.datetime.combine(data["published"], datetime.time(9))
        )
        page = ArticlePage(
            path=Page._get_path(parent.path, parent.depth + 1, position),
            depth=parent.depth + 1,
            numchild=0,
            locale_id=parent.locale_id,
            content_type=article_type,
            slug=data["slug"],
            title=data["title"],
            draft_title=data["title"],
            url_path=f"{parent.url_path}{data['slug']}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=now,
            latest_revision_created_at=now,
            summary=data["summary"],
            introduction=data["introduction"],
            body=json.dumps(data["body"]),
            last_updated=data["last_updated"],
            last_reviewed=data["last_reviewed"],
            reviewed_by=reviewer if data["last_reviewed"] else None,
            author=practitioners[data["author"]],
        )
        page.update_reading_stats()
        pages.append(page)

    # The page tree rows, then the articles' own rows (as `loaddata` saves a multi-table child).
    bases = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
            for page in pages
        ]
    )
    for page, base in zip(pages, bases, strict=True):
        page.id = page.page_ptr_id = base.id
        Model.save_base(page, raw=True, force_insert=True)
        page._state.adding = False
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

    topic_rows, reference_rows = [], []
    for page, data in zip(pages, wanted, strict=True):
        page.tagged_items = [
            ArticlePageTopic(tag=tags[name], content_object=page) for name in data["topics"]
        ]
        page.references = [
            ArticleReference(article=page, sort_order=order, **reference)
            for order, reference in enumerate(data["references"])
        ]
        page.related_links = []
        page.wagtail_admin_comments = []
        topic_rows.extend(page.tagged_items.all())
        reference_rows.extend(page.references.all())
    ArticlePageTopic.objects.bulk_create(topic_rows, batch_size=1000)
    ArticleReference.objects.bulk_create(reference_rows, batch_size=1000)

    # Each article's one revision, live (what the admin edits and the handouts are rendered from).
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=article_type,
                base_content_type=page_type,
                object_id=str(page.pk),
                created_at=now,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        ],
        batch_size=500,
    )
    for page, base, revision in zip(pages, bases, revisions, strict=True):
        base.latest_revision_id = base.live_revision_id = revision.id
        page.latest_revision_id = page.live_revision_id = revision.id
    Page.objects.bulk_update(bases, ["latest_revision", "live_revision"], batch_size=500)

    purge_everything()  # on commit: every cached page (lists, search, feed) is out of date
    return pages


def index_generated(pages, chunk_size: int = 200) -> None:
    """Add generated articles to the search backends and to Wagtail's reference index (what the
    signals of a publish would have queued), in chunks, read back with their topics."""
    from wagtail.models import ReferenceIndex
    from wagtail.search.backends import get_search_backends

    ids = sorted(page.pk for page in pages)
    backends = list(get_search_backends())
    for start in range(0, len(ids), chunk_size):
        chunk = list(
            ArticlePage.get_indexed_objects()
            .filter(pk__in=ids[start : start + chunk_size])
            .prefetch_related("tagged_items__tag", "references")
            .order_by("pk")
        )
        for backend in backends:
            backend.add_bulk(ArticlePage, chunk)
        for page in chunk:
            ReferenceIndex.create_or_update_for_object(page)


# The demo topics as patients read them: English as tagged, Spanish for the Spanish pages.
TOPIC_NAMES_ES = {
    "exercise": "ejercicio",
    "muscles": "músculos",
    "nutrition": "nutrición",
    "sleep": "sueño",
    "stress": "estrés",
    "supplements": "suplementos",
    "vitamins": "vitaminas",
}


def ensure_topic_names(spanish_locale):
    """An English topic name for each demo topic and its Spanish translation (the same
    translation key, as wagtail-localize's "Translate" makes). Never edits a name that exists:
    staff may have changed it."""
    from taggit.models import Tag
    from wagtail.models import Locale

    from .models import TopicName

    english = Locale.get_default()
    for tag in Tag.objects.filter(slug__in=TOPIC_NAMES_ES):
        source = TopicName.objects.filter(topic=tag, locale=english).first()
        if source is None:
            source = TopicName.objects.create(topic=tag, locale=english, name=tag.name)
        if not TopicName.objects.filter(topic=tag, locale=spanish_locale).exists():
            translation = source.copy_for_translation(spanish_locale)
            translation.name = TOPIC_NAMES_ES[tag.slug]
            translation.save()
