"""Demo article: Leg cramps at night.

The references are real publications (authors, year, title, journal, volume, issue, pages, DOI
checked against the published record). Do not add a citation here unless you have checked it."""

from __future__ import annotations

import datetime

from articles.demo.blocks import callout, h2, h3, ol, p, quote, ref, ul

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
