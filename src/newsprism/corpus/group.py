"""Group the articles of a store into stories: the whole corpus at once, or the news of a few days.

    from newsprism.corpus import group_stories, update_stories

    with Store("news.duckdb") as store:
        group_stories(store)                      # what `newsprism stories` does
        update_stories(store, new_article_ids)    # what following a feed does after each poll
        group_ungrouped(store)                    # what `newsprism ingest` and the web app's start do

Both run the stories stage (`newsprism.stories`) on what the store keeps and write its answer back:
near-duplicates first (`Store.set_copies`, so that a wire story republished by many sites counts
once), then the clusters, each named by `story_ids`. `group_stories` regroups every article and
replaces every story; `update_stories` re-clusters only the neighbourhood of new articles (those
published within the story window of them, and the whole stories those belong to) and leaves every
other story as it is, with the ids it had. `group_ungrouped` runs `update_stories` on the articles
in no story yet, so that a store is never left with articles and no stories after an ingest.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsprism.scale import RayCluster
from newsprism.store import Store
from newsprism.stories import cluster, item_of, near_duplicates, story_ids, story_params
from newsprism.stories.batch import inherit
from newsprism.stories.pairs import PairModel

__all__ = ["group_stories", "group_ungrouped", "update_stories"]


def group_stories(store: Store, pair_model: PairModel | None = None, *, ray: RayCluster | None = None) -> int:
    """Regroup every article of `store` into stories (with `pair_model` reading two leads at once,
    where given) and store them in place of the old ones; returns how many stories changed (made,
    altered or deleted). With `ray`, Ray actors make the features each article gives alone
    (`scale.story_features_on_ray`); the stories are the same."""
    items = [item_of(article) for article in store.articles()]
    features = signed = None
    if ray is not None and items:
        from newsprism.scale import story_features_on_ray

        features, signed = story_features_on_ray(items, ray)
    store.set_copies(near_duplicates(items, signed=signed))
    labels = cluster(items, pair_model=pair_model, features=features)
    return store.replace_stories(story_ids(items, labels) if items else {})


def update_stories(store: Store, article_ids: Sequence[str]) -> int:
    """Put the articles `article_ids` (already stored) into stories, re-clustering their neighbourhood
    (`Store.neighbourhood`, with the story window of `stories.story_params`) and nothing else.
    Returns how many stories changed.

    A story keeps its id as it grows, even when an article published earlier than its first one
    joins it, so links to it stay valid: each new cluster takes the id of the stored story most of
    its articles belong to; a cluster of new articles only is named after its earliest article.
    """
    ids = store.neighbourhood(article_ids, story_params().window_days)
    items = [item_of(article) for article in store.articles_by_id(ids)]
    if not items:
        return 0
    store.set_copies(near_duplicates(items), scope=ids)
    labels = cluster(items)
    fresh_names = story_ids(items, labels)
    current = store.stories_of(ids)
    names: dict[int, str] = inherit(labels, [current.get(item.id) for item in items])
    taken = set(store.story_ids(prefixes=set(fresh_names.values())))  # the names a new story could clash with
    taken -= set(current.values())  # the neighbourhood's own stories may be renamed
    for item, label in zip(items, labels, strict=True):
        if label not in names:
            name, suffix = fresh_names[item.id], 1
            while name in taken or name in names.values():
                suffix += 1
                name = f"{fresh_names[item.id]}-{suffix}"
            names[label] = name
    return store.assign_stories({item.id: names[label] for item, label in zip(items, labels, strict=True)})


def group_ungrouped(store: Store) -> tuple[int, int]:
    """Put the articles of `store` that are in no story (`Store.ungrouped`) into stories, as
    `update_stories` does; returns how many articles that was and how many stories changed. In a
    store whose articles all have a story it reads one query and changes nothing."""
    ids = store.ungrouped()
    return len(ids), update_stories(store, ids) if ids else 0
