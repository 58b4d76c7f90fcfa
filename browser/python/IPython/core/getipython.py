from IPython import get_ipython  # noqa: F401  (the same stand-in, under its usual path)
