"""Print handouts and visit packets from the command line.

    manage.py handout <slug-or-id> [-o FILE] [--location SLUG] [--large-print] [--language es]
    manage.py handout --all --out DIR [--location SLUG] [--large-print] [--language es]
    manage.py handout SLUG [SLUG ...] [--note TEXT | --note-file FILE] [--for NAME]
        [--practitioner ID] [--collection NAME] [--location SLUG] [--large-print]
        [--language es] -o FILE

Several articles, a note, a name, a provider or a collection make a visit packet (one PDF with a
cover). The same checks as the admin builder apply; bad input exits with status 1 and one line.
A handout or packet without a note or name uses the store; one with them is rendered and written
only to FILE. Every print adds to the print counts (channel "command line"), in the language it
printed in. `--language es` prints each article's published Spanish translation (and a Spanish
cover), and names any article that has none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinic import invisible
from handouts import counts, packets, render, store
from handouts.forms import PacketInputError, in_language, live_articles, location_slug
from handouts.isolation import RenderFailed
from handouts.models import NOTE_MAX_CHARS, CareCollection, PrintCount


class Command(BaseCommand):
    help = "Write the PDF handout of a live article, a visit packet, or every live article (--all)."

    def add_arguments(self, parser):
        parser.add_argument("article", nargs="*", help="Articles' slugs or page ids, in order.")
        parser.add_argument("-o", "--output", help="PDF file to write (default: <slug>.pdf here).")
        parser.add_argument("--all", action="store_true", help="Every live article.")
        parser.add_argument("--out", help="Folder for --all (created if missing).")
        parser.add_argument("--location", default="", help="Show only this location (its slug).")
        parser.add_argument("--large-print", action="store_true", help="The large-print variant.")
        notes = parser.add_mutually_exclusive_group()
        notes.add_argument("--note", help="Instructions from the provider (printed on the cover).")
        notes.add_argument("--note-file", help="Read the instructions from this text file.")
        parser.add_argument("--for", dest="patient_name", default="", help="Patient's first name.")
        parser.add_argument("--practitioner", help="Provider named on the cover (practitioner id).")
        parser.add_argument("--collection", help="Start from this care collection (its name).")
        parser.add_argument(
            "--language",
            choices=render.LANGUAGES,
            help="Print in this language: each article's published translation into it (an "
            "error names any article that has none). Default: a packet in English, a single "
            "article in its own language; with --all, only the articles in this language.",
        )

    def handle(self, *args, article=(), output=None, all=False, out=None, **options):
        from articles.models import ArticlePage

        try:
            location = location_slug(options["location"])
        except PacketInputError:
            raise CommandError(f"No live location with the slug {options['location']!r}.") from None
        variant = render.Variant(large_print=options["large_print"], location=location)
        if all:
            if article:
                raise CommandError("Give articles or --all, not both.")
            if not out:
                raise CommandError("--all needs --out DIR.")
            pages = ArticlePage.objects.live().select_related("locale").order_by("path")
            if options["language"]:
                pages = pages.filter(locale__language_code=options["language"])
            pages = list(pages)
            folder = Path(out)
            folder.mkdir(parents=True, exist_ok=True)
            from tqdm import tqdm

            failed = []
            for page in tqdm(pages, desc="Handouts", unit="pdf", file=self.stderr._out):
                try:
                    self._write(page, variant, folder / variant.filename(page.slug))
                except CommandError as error:  # one article that cannot be rendered: go on
                    failed.append(str(error))
            written = len(pages) - len(failed)
            self.stdout.write(self.style.SUCCESS(f"Wrote {written} handout(s) to {folder}/"))
            if failed:
                raise CommandError("Not written:\n" + "\n".join(failed))
            return
        packet_options = ("note", "note_file", "patient_name", "practitioner", "collection")
        if len(article) > 1 or any(options[name] for name in packet_options):
            return self._packet(list(article), variant, output, options)
        if not article:
            raise CommandError("Name an article (slug or id), or use --all --out DIR.")
        live = ArticlePage.objects.live().select_related("locale")
        ref = article[0]
        language = options["language"]
        # A slug two translations share: the one in --language, else English.
        by_slug = sorted(
            live.filter(slug=ref),
            key=lambda p: p.locale.language_code != (language or render.LANGUAGES[0]),
        )
        page = by_slug[0] if by_slug else None
        if page is None and ref.isdigit() and len(ref) < 18:
            page = live.filter(id=int(ref)).first()
        if page is None:
            raise CommandError(f"No live article with the slug or id {ref!r}.")
        if language and page.locale.language_code != language:
            try:
                (page,) = in_language([page], language)
            except PacketInputError as error:
                raise CommandError(str(error)) from None
        path = Path(output or variant.filename(page.slug))
        stored = self._write(page, variant, path)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path} ({stored.pages} pages, {stored.size:,} bytes)")
        )

    def _write(self, page, variant, path):
        site = page.get_site()
        if site is None:
            raise CommandError(f"{page.title!r} is not under any site.")
        try:
            stored = store.get_or_render(page, variant, site)
        except render.UnknownLocation:
            raise CommandError(f"No live location with the slug {variant.location!r}.") from None
        except RenderFailed as error:
            raise CommandError(f"{page.slug}: not rendered ({error})") from None
        path.write_bytes(store.read_bytes(stored))
        counts.record_pages([page], variant=variant, channel=PrintCount.COMMAND)
        return stored

    def _packet(self, refs, variant, output, options):
        from articles.models import Practitioner

        if not output:
            raise CommandError("A visit packet needs -o FILE.")
        collection = None
        if options["collection"]:
            collection = CareCollection.objects.filter(name__iexact=options["collection"]).first()
            if collection is None:
                raise CommandError(f"No care collection named {options['collection']!r}.")
            refs = [str(article_id) for article_id in collection.article_ids()] + refs
        note = options["note"]
        if options["note_file"]:
            try:
                note = Path(options["note_file"]).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(
                    f"Cannot read the note file: {error.strerror or error}."
                ) from None
        if note is None and collection is not None:
            note = collection.default_note
        note = invisible.line_breaks(note or "").strip()
        name = options["patient_name"].strip()
        for text, what in ((note, "the note"), (name, "--for")):
            if message := invisible.problem(text, what):
                raise CommandError(message)
        if len(note) > NOTE_MAX_CHARS:
            raise CommandError(
                f"The note is {len(note):,} characters long; the limit is {NOTE_MAX_CHARS:,}."
            )
        if len(name) > render.MAX_NAME_CHARS:
            raise CommandError(f"--for is at most {render.MAX_NAME_CHARS} characters.")
        practitioner = collection.practitioner if collection else None
        if options["practitioner"]:
            ref = options["practitioner"]
            practitioner = (
                Practitioner.objects.filter(pk=int(ref)).first()
                if ref.isdigit() and len(ref) < 18
                else None
            )
            if practitioner is None:
                raise CommandError(f"No practitioner with the id {ref!r}.")
        language = options["language"] or render.LANGUAGES[0]
        try:
            # A care collection holds English articles: a Spanish packet prints their translations.
            pages = in_language(live_articles(refs, language), language)
        except PacketInputError as error:
            raise CommandError(str(error)) from None
        site = pages[0].get_site()
        packet = render.Packet(
            pages=tuple(pages),
            variant=variant,
            language=language,
            practitioner=practitioner,
            note=note,
            patient_name=name,
            note_is_shared=bool(collection) and note == collection.default_note.strip(),
        )
        try:
            printed = packets.print_packet(packet, site, channel=PrintCount.COMMAND)
        except render.UnknownLocation:
            raise CommandError(f"No live location with the slug {variant.location!r}.") from None
        except RenderFailed as error:
            raise CommandError(f"The visit packet could not be printed ({error}).") from None
        path = Path(output)
        path.write_bytes(printed.pdf)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path} ({printed.pages} pages, {len(pages)} articles)")
        )
