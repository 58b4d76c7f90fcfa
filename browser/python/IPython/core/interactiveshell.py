class InteractiveShell:
    """Stands in for IPython's shell class: no shell is ever initialized in the browser."""

    @classmethod
    def initialized(cls) -> bool:
        return False
