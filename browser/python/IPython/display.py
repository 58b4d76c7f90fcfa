"""display() for the in-browser exercises: a widget is handed to the page, which draws it."""

import course_browser


class _Rich:
    def __init__(self, data: str = "") -> None:
        self.data = data


class HTML(_Rich):
    mime = "text/html"


class Markdown(_Rich):
    mime = "text/markdown"


def display(*objects, **_options) -> None:
    for item in objects:
        course_browser.display(item)


def clear_output(wait: bool = False) -> None:
    """Output widgets are not used by the exercises; nothing to clear."""
