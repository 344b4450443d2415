# The two commands of the README. Both do every missing set-up step first.
.PHONY: run test setup unit bench accuracy

setup:
	@bash scripts/setup.sh

run: setup
	.venv/bin/intake up --samples

test: setup
	@bash scripts/test.sh

unit: setup
	.venv/bin/pytest tests/unit -q

bench: setup
	.venv/bin/python bench/run_all.py

# Accuracy of intake check on generated reports in every layout family (issue 13); a benchmark,
# not a test. E.g. make accuracy ACCURACY_ARGS="--n 200 --family web,layout"
accuracy: setup
	.venv/bin/python bench/accuracy.py $(ACCURACY_ARGS)
