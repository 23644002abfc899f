"""The import report: per file and article, what was made and what staff should check."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleReport:
    position: int
    title: str
    title_derived: bool
    action: str  # "created" | "updated" | "unchanged" (prefixed "would be" in a dry run)
    status: str  # "draft" | "live"
    last_updated: str
    summary_derived: bool
    headings: list[str]
    numbered_points: int
    bullet_points: int
    references_parsed: int
    references_raw: int
    disclaimer: str  # "own" | "site's" | "none in source"
    warnings: list[str]
    edit_url: str
    slug: str


@dataclass
class FileReport:
    path: str
    articles: list[ArticleReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class ImportReport:
    dry_run: bool
    files: list[FileReport] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.error]

    def articles(self) -> list[ArticleReport]:
        """The articles imported (a file that failed part-way lists those saved before)."""
        return [a for f in self.files for a in f.articles]

    def render_details(self) -> str:
        lines = []
        for f in self.files:
            if f.error and not f.articles:
                lines.append(f"✗ {f.path}: {f.error} (nothing imported from this file)")
                continue
            if f.error:
                lines.append(f"✗ {f.path}: {f.error}")
            lines.append(f"{f.path}: {len(f.articles)} article(s)")
            for note in f.notes:
                lines.append(f"  note: {note}")
            for a in f.articles:
                flag = " [needs a title]" if a.title_derived else ""
                lines.append(f"  #{a.position} {a.action} {a.status}: {a.title!r}{flag}")
                lines.append(f"     slug: {a.slug}   last updated: {a.last_updated}")
                lines.append(
                    "     summary: "
                    + (
                        "derived from the opening paragraph — check it reads as key points"
                        if a.summary_derived
                        else "from the source"
                    )
                )
                lines.append(
                    f"     headings ({len(a.headings)}): " + ("; ".join(a.headings) or "none")
                )
                lines.append(
                    f"     lists: {a.numbered_points} numbered point(s), {a.bullet_points} bullet(s)"
                )
                lines.append(
                    f"     references: {a.references_parsed + a.references_raw} "
                    f"({a.references_parsed} parsed, {a.references_raw} raw)"
                )
                lines.append(f"     disclaimer: {a.disclaimer}")
                for warning in a.warnings:
                    lines.append(f"     warning: {warning}")
                lines.append(f"     review: {a.edit_url}")
        return "\n".join(lines)

    def render_summary(self) -> str:
        arts = self.articles()
        count = {
            k: sum(1 for a in arts if a.action.endswith(k))
            for k in ("created", "updated", "unchanged")
        }
        prefix = "DRY RUN — nothing was saved. " if self.dry_run else ""
        return "\n".join(
            [
                f"{prefix}Files: {len(self.files)} read, {len(self.failed)} failed.",
                f"Articles: {len(arts)} — {count['created']} created, {count['updated']} updated, "
                f"{count['unchanged']} unchanged; {sum(a.status == 'draft' for a in arts)} draft(s), "
                f"{sum(a.status == 'live' for a in arts)} live.",
                f"Needing a title: {sum(a.title_derived for a in arts)}. "
                f"Headings: {sum(len(a.headings) for a in arts)}. "
                f"Numbered points: {sum(a.numbered_points for a in arts)}. "
                f"References: {sum(a.references_parsed for a in arts)} parsed, "
                f"{sum(a.references_raw for a in arts)} raw. "
                f"Warnings: {sum(len(a.warnings) for a in arts)}.",
            ]
        )

    def render(self) -> str:
        return f"{self.render_details()}\n\nSummary\n{self.render_summary()}"
