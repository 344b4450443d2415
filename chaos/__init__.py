"""The chaos suite (`make chaos`, issue 16): a real local stack (`intake up`, loopback only)
driven through faults and hostile input, ending with one table

    fault → inputs → submissions → duplicates → mails → lost → audit

and exit 1 on any loss, duplicate, stuck case or orphan process. Bounded: every scenario has
a deadline, every input set is small. Not part of `make test`.
"""
