"""Scripts that fit a model or parameters on the train parts, then measure it on held-out data.

* `alignment`: the claim-alignment logistic regression of `newsprism.compare.align`, on ECB+
  (`--write` updates the packaged `data/alignment.json`);
* `pair_judge`: a sentence-pair cross-encoder ("same fact?"), a local experiment under bench-out/;
* `story_pairs`: a story-pair cross-encoder, and the shipped `pair_weight` / `pair_threshold`.
"""
