"""Topics discovered over the texts of a scope and period (issue 20, point 5).

- `compute`: what a chunk of texts goes through (TF-IDF over `Text.words`, the factorization's
  transform, counting), plain numpy/scipy/scikit-learn with no Django, so that a Dask worker
  runs it as it is (`insights.batch`).
- `training`: the database side — reads the texts of a scope and period in chunks, has the
  batch engine train or assign, writes the model, its topics, memberships and weekly counts.
- `labels`: a new run's topics inherit the labels officers gave the previous run's.
- `permissions`: who may see a model and edit its labels.
"""
