"""Loaders of the datasets in the shared data folder (`DEFAULT_DATA`, beside the checkout; each
dataset's SOURCE.md there says where it comes from and under what licence).

* `polnear`: PolNeAR articles and their gold attributions (the quotes benchmark);
* `ecbplus_pairs`: ECB+ sentences and labelled same-event sentence pairs (alignment training);
* `multi_outlet`: BASIL, NewsWCL50 and AllSides as stories of `Article` records (the compare benchmark);
* `story_sets`: the clustering views as story sets with gold story ids, and how each set is piled
  (the stories benchmark, the pair model);
* `scale_corpus`: corpora of any size sampled from real dated articles (the scale runs, the serve check).
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
