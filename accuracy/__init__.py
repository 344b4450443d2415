"""Accuracy harness of issue 13: random, internally consistent annual reports (and look-alikes
that are not reports) rendered into the layouts real documents arrive in, with faults injected
and the findings a correct checker must print computed from the data; `make accuracy` scores
`annual_report.check.check_bytes` against them.

Pipeline: `generate.make_case(seed, family)` -> `Case` (the truth + a neutral `Doc`) ->
`render.render(case)` -> bytes -> `check_bytes` -> `score.score(case, result)`.
"""
