"""Small helpers of this app's tests."""

from __future__ import annotations

from html.parser import HTMLParser

from kausa.portal.content.models import ContentPage, ContentVersion, VersionStatus


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(str(html))
    return parser.tags


def page_with(organisation, slug="ausbildung", purpose="training", **versions) -> ContentPage:
    """A page with one published version per language given as language=(title, body)."""
    page = ContentPage.objects.create(organisation=organisation, slug=slug, purpose=purpose)
    for language, (title, body) in versions.items():
        ContentVersion.objects.create(
            page=page,
            language=language,
            title=title,
            body_markdown=body,
            status=VersionStatus.PUBLISHED,
            published_at="2026-01-05T10:00:00+01:00",
        )
    return page
