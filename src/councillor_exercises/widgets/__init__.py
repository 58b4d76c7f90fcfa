"""The exercises' interactive shell: ipywidgets that read inputs, call the engine and render.

No rule lives here; each module maps controls to the engine's answer objects and the engine's
feedback to output. One module per exercise, plus ``common`` for what they share.
"""
