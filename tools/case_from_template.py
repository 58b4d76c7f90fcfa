"""Turn a filled local-case template into a case file for "Diagnose a case".

    python tools/case_from_template.py my-case.docx
    python tools/case_from_template.py my-case-da.md --out data/cases/egeby-bibliotek.yaml
    python tools/case_from_template.py my-case-en.docx my-case-da.docx   (one case, both languages)

The template is templates/local-case-da.md or -en.md, or the .docx beside them, filled in. The
converter writes data/cases/<id>.yaml (the id is the file's name: from --out, or made from the
title), checks it with the course's own loader, and says in plain words what to fix if the
check fails: nothing is written then, and the exit code is 1. A case from one template is
written in that language only (`languages: [da]`): the other edition leaves it out quietly.
"""

import sys

from councillor_exercises.case_template import main

if __name__ == "__main__":
    sys.exit(main())
