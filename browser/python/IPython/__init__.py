"""The few names the widget library takes from IPython, for the exercises that run in the
reader's browser. There is no IPython shell there: the page itself shows the widgets, so these
stand-ins are small, and loading the real IPython would add seconds to every start."""

version_info = (9, 0, 0, "course-browser")


def get_ipython():
    """No interactive shell runs here; the widget library then uses the comm package."""
    return None
