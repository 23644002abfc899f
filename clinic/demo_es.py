"""Spanish translation of the demo home page, written for this project (plain language, "usted"):
{English segment: Spanish text}, the segments wagtail-localize extracts from the page.
The loader (`load_demo_content`) applies it with the other apps' translations."""

HOME = {
    "Home": "Inicio",
    "home": "inicio",
    "Care that looks for the root cause": "Atención que busca la causa",
    "Clark Wellness is a functional-medicine clinic in Waco and Hamilton, Texas. We take time to "
    "listen, test what matters and build a plan you can live with.": (
        "Clark Wellness es una clínica de medicina funcional en Waco y Hamilton, Texas. Nos "
        "tomamos el tiempo de escucharle, hacemos las pruebas que importan y preparamos con usted "
        "un plan que pueda seguir."
    ),
    "How we work with you": "Cómo trabajamos con usted",
    "Functional medicine asks <b>why</b> a symptom is there, not only how to quiet it. Your first "
    "visit is a long conversation about your health story, your sleep, food, stress and "
    "medications.": (
        "La medicina funcional pregunta <b>por qué</b> aparece un síntoma, no solo cómo calmarlo. "
        "Su primera visita es una conversación larga sobre su historia de salud, su sueño, su "
        "comida, su estrés y sus medicinas."
    ),
    "Longer visits, so there is time for your questions.": (
        "Visitas más largas, para que haya tiempo para sus preguntas."
    ),
    "Lab testing chosen for you, explained in plain words.": (
        "Análisis de laboratorio elegidos para usted y explicados con palabras sencillas."
    ),
    "A written plan you take home, with handouts you can read again.": (
        "Un plan por escrito para llevar a casa, con hojas informativas que puede volver a leer."
    ),
    "We see patients at two clinics in Central Texas. Call us to book a visit.": (
        "Atendemos a pacientes en dos clínicas del centro de Texas. Llámenos para hacer una cita."
    ),
}
