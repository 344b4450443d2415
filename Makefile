# The two commands of the README. Both do every missing set-up step first.
.PHONY: run test setup unit bench accuracy chaos setup-cluster test-cluster run-cluster

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

# Faults and hostile input against a real local stack (issue 16); not part of `make test`.
chaos: setup
	.venv/bin/python -m chaos

# The cluster profile: a real Temporal server on PostgreSQL (README "Cluster profile").
# Not part of `make test` (CI): the first build of the server takes many minutes.
setup-cluster: setup
	@bash scripts/build-temporal-server.sh

run-cluster: setup-cluster
	.venv/bin/intake up --profile cluster --state-dir var-cluster --samples

test-cluster: setup-cluster
	@bash scripts/test.sh --profile=cluster tests/integration/test_pipeline.py tests/integration/test_cases.py tests/cluster tests/unit/test_cluster_env.py
