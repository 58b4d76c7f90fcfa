"""Exercise engine for the course "From service to policy innovation".

The core modules (cases, diagnosis, committee, ...) are pure functions over plain data and know
nothing of widgets; ``councillor_exercises.widgets`` is the thin interactive shell around them,
and ``councillor_exercises.sphinx_extension`` lets the book render the same data at build time.
"""

__version__ = "0.1.0"
