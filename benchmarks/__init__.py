"""newsprism's benchmarks, by kind; each script runs from the repository root as `python -m benchmarks.<name>`.

* `benchmarks.<task>` (`compare`, `extraction`, `quotes`, `readings`, `records`, `serve`, `stories`):
  one script per task, printing one table row per system on a fixed dataset and seed;
* `benchmarks.train.<model>` (`alignment`, `pair_judge`, `story_pairs`): scripts that fit a model or
  parameters, then measure what they fitted;
* `benchmarks.datasets`: the loaders of the shared data folder's datasets (those with a `main` print
  what they find);
* `benchmarks.common`: what every script shares (package versions, result tables, a network guard).

The clustering metrics, which the tests score with too, are in the package: `newsprism.stories.score`.
"""
