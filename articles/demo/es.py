"""Spanish translations of the articles index and two of the four demo articles, written for this
project (plain language, "usted"): {English segment: Spanish text}, the segments wagtail-localize extracts from the page. "leg-cramps" and
"waking-between-2-and-4-am" stay in English only, so the "no translation yet" paths show in the demo."""

ARTICLES_INDEX = {
    "Health articles": "Artículos de salud",
    "articles": "articulos",
    "Plain-language articles from our practitioners. Print any article as a handout to read at "
    "home or bring to your visit.": (
        "Artículos en palabras sencillas escritos por nuestro personal médico. Puede imprimir "
        "cualquier artículo como hoja informativa para leerlo en casa o traerlo a su visita."
    ),
}

DREAM_RECALL = {
    "Dream recall and vitamin B6": "Recordar los sueños y la vitamina B6",
    "dream-recall-and-vitamin-b6": "recordar-los-suenos-y-la-vitamina-b6",
    "Everyone dreams, but many people do not remember their dreams. Two small studies found that "
    "vitamin B6 taken at bedtime may help some people recall dreams. High doses of B6 taken for a "
    "long time can harm the nerves, so talk with us before you try it.": (
        "Todas las personas sueñan, pero muchas no recuerdan sus sueños. Dos estudios pequeños "
        "encontraron que tomar vitamina B6 antes de dormir puede ayudar a algunas personas a "
        "recordarlos. Tomar dosis altas de B6 por mucho tiempo puede dañar los nervios. Hable con "
        "nosotros antes de probarla."
    ),
    "Some patients tell us they never dream. In fact, almost everyone dreams several times a "
    "night. What changes from person to person is how much we remember when we wake up. This "
    "article explains why dreams fade, what the research says about vitamin B6 and dream recall, "
    "and how to use B6 safely.": (
        "Algunos pacientes nos dicen que nunca sueñan. En realidad, casi todas las personas sueñan "
        "varias veces cada noche. Lo que cambia de una persona a otra es cuánto recordamos al "
        "despertar. Este artículo explica por qué se olvidan los sueños, qué dicen los estudios "
        "sobre la vitamina B6 y cómo usar la B6 sin riesgos."
    ),
    "Why we forget our dreams": "Por qué olvidamos los sueños",
    "We move through several stages of sleep each night. The most vivid dreams happen in REM "
    "sleep, when the eyes move quickly under the lids. REM periods come about every 90 minutes "
    "and get longer toward morning.": (
        "Cada noche pasamos por varias etapas del sueño. Los sueños más vivos ocurren en el sueño "
        "REM, cuando los ojos se mueven rápido bajo los párpados. El sueño REM llega más o menos "
        "cada 90 minutos y dura más al acercarse la mañana."
    ),
    "Dreams fade fast. If you wake slowly, or get up and start your day at once, the dream is "
    "often gone within minutes. People who wake more often during the night, or who are curious "
    "about their dreams, tend to remember more of them. Stress, alcohol, some medicines and poor "
    "sleep can all change how much you dream and remember.": (
        "Los sueños se olvidan rápido. Si se despierta despacio, o se levanta y empieza su día de "
        "inmediato, el sueño muchas veces desaparece en pocos minutos. Las personas que se "
        "despiertan más durante la noche, o que sienten curiosidad por sus sueños, suelen "
        "recordar más. El estrés, el alcohol, algunas medicinas y dormir mal pueden cambiar "
        "cuánto sueña y cuánto recuerda."
    ),
    "What vitamin B6 does": "Qué hace la vitamina B6",
    "Vitamin B6 helps the body make many chemical messengers in the brain. These include "
    "serotonin, which plays a part in sleep and mood. B6 is found in many foods, and most people "
    "get enough from what they eat.": (
        "La vitamina B6 ayuda al cuerpo a producir muchos mensajeros químicos en el cerebro. Uno "
        "de ellos es la serotonina, que participa en el sueño y el estado de ánimo. La B6 está en "
        "muchos alimentos, y la mayoría de las personas obtiene suficiente con lo que come."
    ),
    "Good food sources": "Buenas fuentes en los alimentos",
    "chickpeas, fish such as tuna and salmon, chicken, potatoes, bananas and fortified cereals.": (
        "garbanzos, pescados como el atún y el salmón, pollo, papas, plátanos y cereales "
        "fortificados."
    ),
    "Who may run low": "Quién puede tener poca",
    "people who drink a lot of alcohol, people with kidney disease, and people with some bowel or "
    "autoimmune conditions.": (
        "las personas que toman mucho alcohol, las que tienen enfermedad de los riñones y las que "
        "tienen algunas enfermedades del intestino o autoinmunes."
    ),
    "What the studies found": "Qué encontraron los estudios",
    "Only a few small studies have tested B6 and dreams. In one study from Australia, 100 adults "
    "took either a large dose of B6 or a dummy pill before bed for five nights. People who took "
    "B6 remembered more of their dreams on average. The dreams were not more vivid or strange. A "
    "few people said they slept less well or felt more tired.": (
        "Solo unos pocos estudios pequeños han probado la B6 y los sueños. En un estudio de "
        "Australia, 100 adultos tomaron una dosis alta de B6 o una pastilla sin medicina antes de "
        "dormir durante cinco noches. En promedio, quienes tomaron B6 recordaron más sus sueños. "
        "Los sueños no fueron más vivos ni más extraños. Algunas personas dijeron que durmieron "
        "peor o que se sintieron más cansadas."
    ),
    "An older, smaller study found that people who took a large dose of B6 at bedtime described "
    "their dreams as more vivid, colorful and emotional.": (
        "Un estudio más antiguo y más pequeño encontró que las personas que tomaron una dosis alta "
        "de B6 al acostarse describieron sus sueños como más vivos, con más color y más emoción."
    ),
    "What we do not know yet": "Lo que todavía no sabemos",
    "These studies were small and short, and they used doses far above what the body needs each "
    "day. We do not yet know if B6 helps dream recall over months, or who is most likely to "
    "benefit.": (
        "Estos estudios fueron pequeños y cortos, y usaron dosis mucho más altas de lo que el "
        "cuerpo necesita cada día. Todavía no sabemos si la B6 ayuda a recordar los sueños durante "
        "meses, ni a quién le puede servir más."
    ),
    "Using vitamin B6 safely": "Cómo usar la vitamina B6 sin riesgos",
    "Vitamin B6 from food is safe. Supplements are different. Taking high doses for a long time "
    "can damage the nerves in the hands and feet. This can cause numbness, tingling and trouble "
    "with balance. For adults, the safe upper limit set in the United States is 100 mg a day from "
    "all sources.": (
        "La vitamina B6 de los alimentos es segura. Los suplementos son diferentes. Tomar dosis "
        "altas por mucho tiempo puede dañar los nervios de las manos y los pies. Esto puede causar "
        "adormecimiento, hormigueo y problemas de equilibrio. Para los adultos, el límite seguro "
        "en los Estados Unidos es de 100 mg al día, sumando todas las fuentes."
    ),
    "Talk with us first": "Hable primero con nosotros",
    "especially if you take other supplements, since many contain B6.": (
        "sobre todo si toma otros suplementos, porque muchos contienen B6."
    ),
    "Read the labels": "Lea las etiquetas",
    "B6 may be listed as pyridoxine or as pyridoxal 5′-phosphate (P5P).": (
        "La B6 puede aparecer como piridoxina o como piridoxal 5′-fosfato (P5P)."
    ),
    "Keep it short": "Que sea por poco tiempo",
    "use a higher dose only for a short trial that we agree on.": (
        "use una dosis más alta solo durante una prueba corta que acordemos juntos."
    ),
    "Stop if you notice tingling": "Deje de tomarla si siente hormigueo",
    "or numbness, and call us.": "o adormecimiento, y llámenos.",
    "Other ways to remember more dreams": "Otras maneras de recordar más sueños",
    "Keep a notebook or your phone by the bed.": (
        "Tenga un cuaderno o su teléfono junto a la cama."
    ),
    "When you wake up, stay still with your eyes closed for a minute and replay the dream.": (
        "Al despertar, quédese quieto con los ojos cerrados por un minuto y repase el sueño."
    ),
    "Write down even small pieces: a place, a face, a feeling.": (
        "Anote hasta los detalles pequeños: un lugar, una cara, un sentimiento."
    ),
    "Tell yourself before sleep that you want to remember your dreams.": (
        "Antes de dormir, dígase a sí mismo que quiere recordar sus sueños."
    ),
    "Aim for a regular bedtime and enough sleep, so you get the long REM periods of early "
    "morning.": (
        "Trate de acostarse a la misma hora y dormir lo suficiente, para tener los periodos largos "
        "de sueño REM de la madrugada."
    ),
    "Call us if you have nightmares often, act out your dreams in your sleep, or feel very tired "
    "in the daytime. These can be signs of a sleep problem that we can help with.": (
        "Llámenos si tiene pesadillas a menudo, si se mueve como si actuara sus sueños mientras "
        "duerme, o si se siente muy cansado durante el día. Pueden ser señales de un problema del "
        "sueño con el que podemos ayudarle."
    ),
}

MUSCLE_SORENESS = {
    "Sore muscles after exercise": "Dolor muscular después del ejercicio",
    "muscle-soreness-after-exercise": "dolor-muscular-despues-del-ejercicio",
    "Sore, stiff muscles a day or two after new or hard exercise are normal and get better on "
    "their own within about a week. Gentle movement, sleep and good food help you recover. Very "
    "severe pain with weakness or dark urine needs care the same day.": (
        "Es normal tener los músculos adoloridos y rígidos uno o dos días después de hacer "
        "ejercicio nuevo o fuerte. Mejoran solos en más o menos una semana. Moverse con suavidad, "
        "dormir bien y comer bien le ayudan a recuperarse. Un dolor muy fuerte con debilidad u "
        "orina oscura necesita atención el mismo día."
    ),
    "You started a new walking plan, worked in the yard all weekend or went back to the gym. Two "
    "days later, your legs ache going down the stairs. This is called delayed onset muscle "
    "soreness, or DOMS. Here is why it happens and how to feel better.": (
        "Empezó a caminar todos los días, trabajó en el jardín todo el fin de semana o volvió al "
        "gimnasio. Dos días después, le duelen las piernas al bajar las escaleras. Esto se llama "
        "dolor muscular de aparición tardía (en inglés, DOMS). Aquí le explicamos por qué pasa y "
        "cómo sentirse mejor."
    ),
    "Why muscles get sore": "Por qué duelen los músculos",
    "When muscles do work they are not used to, tiny areas of strain form in the muscle fibers. "
    "The body repairs them, and the muscle comes back a little stronger. The repair work causes "
    "swelling and soreness. Soreness usually starts 12 to 24 hours after exercise, is worst at one "
    "to three days, and fades within a week.": (
        "Cuando los músculos hacen un trabajo al que no están acostumbrados, se forman pequeñas "
        "lesiones en sus fibras. El cuerpo las repara, y el músculo queda un poco más fuerte. Esa "
        "reparación causa hinchazón y dolor. El dolor suele empezar de 12 a 24 horas después del "
        "ejercicio, es peor entre el primer y el tercer día, y se quita en una semana."
    ),
    "Movements where the muscle lengthens while it works cause the most soreness. Walking "
    "downhill, going down stairs and lowering weights slowly are good examples.": (
        "Los movimientos en los que el músculo se alarga mientras trabaja son los que más dolor "
        "causan. Por ejemplo: caminar cuesta abajo, bajar escaleras o bajar pesas despacio."
    ),
    "What helps you recover": "Qué le ayuda a recuperarse",
    "Keep moving gently": "Siga moviéndose con suavidad",
    "An easy walk, a bike ride or a swim brings blood to the sore muscles and eases stiffness.": (
        "Una caminata tranquila, un paseo en bicicleta o nadar llevan sangre a los músculos "
        "adoloridos y alivian la rigidez."
    ),
    "Try massage": "Pruebe un masaje",
    "Studies suggest massage after exercise can reduce soreness a little.": (
        "Los estudios indican que un masaje después del ejercicio puede bajar un poco el dolor."
    ),
    "Sleep well": "Duerma bien",
    "Muscles repair themselves during sleep.": "Los músculos se reparan mientras usted duerme.",
    "Eat enough protein": "Coma suficiente proteína",
    "Include some protein at each meal, such as eggs, fish, beans, yogurt or chicken.": (
        "Incluya algo de proteína en cada comida, como huevos, pescado, frijoles, yogur o pollo."
    ),
    "Drink water": "Tome agua",
    "especially in hot weather.": "sobre todo cuando hace calor.",
    "What about stretching?": "¿Y los estiramientos?",
    "Stretching before or after exercise does not do much to prevent soreness, according to a "
    "review of the research. Stretch if you enjoy it, but do not count on it to stop DOMS.": (
        "Según una revisión de los estudios, estirarse antes o después del ejercicio no ayuda "
        "mucho a evitar el dolor. Estírese si le gusta, pero no cuente con eso para evitarlo."
    ),
    "Ice baths, heat and pain relievers": "Baños de hielo, calor y analgésicos",
    "Cold-water baths after exercise may reduce soreness a little, but the studies are small. Cold "
    "water is not safe for everyone, including people with heart problems. A warm bath may simply "
    "feel good.": (
        "Un baño de agua fría después del ejercicio puede bajar un poco el dolor, pero los "
        "estudios son pequeños. El agua fría no es segura para todos, por ejemplo para las "
        "personas con problemas del corazón. Un baño tibio simplemente puede sentirse bien."
    ),
    "Pain relievers such as ibuprofen can ease soreness, but they are not right for everyone. They "
    "can upset the stomach and affect the kidneys and blood pressure. Ask us before you use them "
    "often.": (
        "Los analgésicos como el ibuprofeno pueden aliviar el dolor, pero no son buenos para "
        "todos. Pueden irritar el estómago y afectar los riñones y la presión arterial. "
        "Pregúntenos antes de usarlos a menudo."
    ),
    "How to avoid it next time": "Cómo evitarlo la próxima vez",
    "Start new exercise slowly, and add a little more each week.": (
        "Empiece el ejercicio nuevo poco a poco y aumente un poco cada semana."
    ),
    "Warm up for five to ten minutes before you exercise.": (
        "Caliente de cinco a diez minutos antes de hacer ejercicio."
    ),
    "Repeat the same activity: the second time, muscles get much less sore.": (
        "Repita la misma actividad: la segunda vez, los músculos duelen mucho menos."
    ),
    "When soreness is not normal": "Cuándo el dolor no es normal",
    "Get care the same day if you have severe muscle pain or swelling, weakness, or dark brown "
    "urine after exercise. These can be signs of rhabdomyolysis, a serious muscle injury that can "
    "harm the kidneys.": (
        "Busque atención el mismo día si después del ejercicio tiene dolor muscular o hinchazón "
        "muy fuertes, debilidad u orina de color café oscuro. Pueden ser señales de rabdomiólisis, "
        "una lesión grave de los músculos que puede dañar los riñones."
    ),
    "When to call us": "Cuándo llamarnos",
    "Call us if soreness lasts more than a week, keeps coming back with light activity, or is in "
    "one spot with sharp pain. We can check for an injury or other causes, such as a side effect "
    "of a cholesterol medicine.": (
        "Llámenos si el dolor dura más de una semana, vuelve con actividad ligera o está en un "
        "solo lugar con dolor agudo. Podemos revisar si hay una lesión u otras causas, como un "
        "efecto secundario de una medicina para el colesterol."
    ),
}
