"""Per-outlet profiles over every story of a corpus: what each outlet covers, misses, alone reports,
leaves out, who it quotes and how it frames.

    from newsprism.corpus.outlets import outlet_profiles
    from newsprism.store import Store

    with Store("news.duckdb") as store:
        for profile in outlet_profiles(store):
            print(profile.outlet, profile.stories, profile.missed, profile.exclusives)

What each number means (a *multi-outlet story* is a story with articles of two or more outlets):

- `stories`: stories with an article of the outlet; `missed`: multi-outlet stories without one;
- `compared`, `articles`, `words`: its multi-outlet stories that have a comparison, and its
  articles and words in them. Every count below comes from those comparisons, which
  `outlet_profiles` makes first where they are missing (`corpus.compare_stories`);
- `exclusives`: facts only this outlet reports (coverage ``one``), not counting `exclusive_details`,
  names, places, dates and numbers only it gives inside a fact others share;
- `omissions`: facts the other outlets of a story share and this one leaves out, summed over stories;
- `speakers`: whom it quotes most, with direct, partial and indirect counts; `direct`, `partial`
  and `indirect` count all its quotes with a known speaker;
- framing markers: `scare_quotes`, `loaded` words (None when no comparison had a lexicon to check
  them against), `hedges`, `attribution_verbs` (most used first) and the claims it `stated`
  itself against those it `attributed` to someone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsprism.annotate.people import NAME_SUFFIXES, surname
from newsprism.corpus import Progress, compare_stories
from newsprism.records import LEXICONS_UNCHECKED, Comparison, OutletProfile, SpeakerCount
from newsprism.settings import Settings
from newsprism.store import Store, StoredStory

__all__ = ["OutletProfile", "SpeakerCount", "outlet_profiles", "profile_outlets"]

TOP_SPEAKERS = 5
TOP_VERBS = 8
# words before a surname that are not a first name ("Mr. Trump" is the bare surname)
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "president", "sen", "senator", "rep", "gov", "governor", "judge"})


def outlet_profiles(
    store: Store,
    settings: Settings | None = None,
    *,
    top_speakers: int = TOP_SPEAKERS,
    progress: Progress | None = None,
) -> list[OutletProfile]:
    """The profile of every outlet of `store`'s stories, most stories first (ties by name).

    Multi-outlet stories without a stored comparison are compared first and stored, in one batch
    (`corpus.compare_stories`, which calls `progress` after each). Raises `ModelError` when a model
    needed for that is missing.
    """
    compare_stories(store, settings, progress=progress)
    return stored_profiles(store, top_speakers).profiles


@dataclass(frozen=True, slots=True)
class StoredProfiles:
    """The profiles over the comparisons a store holds, and over how many of its multi-outlet stories."""

    profiles: list[OutletProfile]
    compared: int  # multi-outlet stories with a stored comparison: the counts past `missed` come from these
    multi_outlet: int


def stored_profiles(store: Store, top_speakers: int = TOP_SPEAKERS) -> StoredProfiles:
    """The profiles from the comparisons already stored, comparing nothing (the web app's view:
    stories are compared as they are opened)."""
    stories = list(store.stories())
    stored = store.comparisons()
    several = [story for story in stories if len(story.outlets) >= 2]
    comparisons = [(story, stored[story.id]) for story in several if story.id in stored]
    return StoredProfiles(profile_outlets(stories, comparisons, top_speakers), len(comparisons), len(several))


def profile_outlets(
    stories: Iterable[StoredStory],
    comparisons: Iterable[tuple[StoredStory, Comparison]],
    top_speakers: int = TOP_SPEAKERS,
) -> list[OutletProfile]:
    """The profiles from `stories` (coverage) and the comparisons of the multi-outlet ones (the
    rest), without a store: the pure part of `outlet_profiles`."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    stories = list(stories)
    for story in stories:
        for outlet in story.outlets:
            tallies[outlet].stories += 1
    for story in stories:
        if len(story.outlets) >= 2:
            for outlet in tallies.keys() - set(story.outlets):
                tallies[outlet].missed += 1
    for story, comparison in comparisons:
        _count_comparison(tallies, story.id, comparison)
    quoted: Counter = Counter()  # quotes of each name form, over every outlet
    for tally in tallies.values():
        quoted.update({name: _quotes(speaker) for name, speaker in tally.speakers.items()})
    person_of = _one_per_person(quoted)
    profiles = [tally.profile(outlet, top_speakers, person_of) for outlet, tally in tallies.items()]
    return sorted(profiles, key=lambda p: (-p.stories, p.outlet))


@dataclass(slots=True)
class _Speaker:
    stories: set[str] = field(default_factory=set)
    roles: Counter = field(default_factory=Counter)
    counts: Counter = field(default_factory=Counter)


@dataclass(slots=True)
class _Tally:
    """What one outlet adds up to while the stories are read."""

    stories: int = 0
    missed: int = 0
    compared: int = 0
    loaded_checked: bool = False
    counts: Counter = field(default_factory=Counter)
    verbs: Counter = field(default_factory=Counter)
    speakers: dict[str, _Speaker] = field(default_factory=lambda: defaultdict(_Speaker))

    def profile(self, outlet: str, top_speakers: int, person_of: dict[str, str]) -> OutletProfile:
        """Its profile; `person_of` names the person each of its speaker names stands for."""
        c = self.counts
        people: dict[str, _Speaker] = defaultdict(_Speaker)
        for name, speaker in self.speakers.items():
            person = people[person_of.get(name, name)]
            person.stories |= speaker.stories
            person.roles.update(speaker.roles)
            person.counts.update(speaker.counts)
        ranked = sorted(people.items(), key=_most_quoted)
        return OutletProfile(
            outlet=outlet,
            stories=self.stories,
            missed=self.missed,
            compared=self.compared,
            articles=c["articles"],
            words=c["words"],
            exclusives=c["exclusives"],
            exclusive_details=c["exclusive_details"],
            omissions=c["omissions"],
            speakers=tuple(_speaker_count(name, s) for name, s in ranked[:top_speakers]),
            direct=c["direct"],
            partial=c["partial"],
            indirect=c["indirect"],
            scare_quotes=c["scare_quotes"],
            loaded=c["loaded"] if self.loaded_checked else None,
            hedges=c["hedges"],
            attribution_verbs=tuple(sorted(self.verbs.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_VERBS]),
            stated=c["stated"],
            attributed=c["attributed"],
        )


def _one_per_person(quoted: Counter) -> dict[str, str]:
    """The name every outlet shows for each speaker name: the names of one person merged over the
    whole corpus (`quoted` counts the quotes of each name form, over every outlet and story).

    Full names with one surname, first name and suffix are one person ("Donald Trump", "Donald J.
    Trump"; not "Donald Trump Jr." or "Melania Trump"). A bare surname ("Trump", "Mr. Trump") joins
    the person of that surname who has more than half the quotes of all of them, and stays apart
    when none has. Speakers that are not names ("White House aides") stay as they are. A person is
    shown under the same name in every outlet: its full name most quoted, a bare surname only where
    no full name was found."""
    people: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    bare: dict[tuple[str, str], list[str]] = defaultdict(list)
    shown = {}
    key_of = {name: _person_key(name) for name in quoted}
    for name, key in key_of.items():
        if key is None:
            shown[name] = name
        elif key[1]:
            people[key].append(name)
        else:
            bare[key[0], key[2]].append(name)
    for (last, suffix), names in bare.items():
        namesakes = [key for key in people if (key[0], key[2]) == (last, suffix)]
        counts = {key: sum(quoted[name] for name in people[key]) for key in namesakes}
        top = max(counts, key=counts.get, default=None)
        if top is not None and 2 * counts[top] > sum(counts.values()):
            people[top].extend(names)
        else:
            people[last, "", suffix] = names
    for names in people.values():
        display = min(names, key=lambda name: (not key_of[name][1], -quoted[name], len(name), name))
        shown.update(dict.fromkeys(names, display))
    return shown


def _person_key(name: str) -> tuple[str, str, str] | None:
    """(surname, first name or "" for a bare surname, suffix) of a name; None for a phrase that is
    not a name: more than four words, or a word in lower case."""
    words = name.replace(",", " ").split()
    if not 1 <= len(words) <= 4 or not all(word[0].isupper() for word in words):
        return None
    suffix = words[-1].lower().rstrip(".") if words[-1].lower().rstrip(".") in NAME_SUFFIXES else ""
    first = words[0].lower().rstrip(".")
    bare = len(words) - bool(suffix) < 2 or first in HONORIFICS
    return surname(name), "" if bare else first, suffix


def _quotes(speaker: _Speaker) -> int:
    return speaker.counts["direct"] + speaker.counts["partial"] + speaker.counts["indirect"]


def _most_quoted(item: tuple[str, _Speaker]) -> tuple[int, int, str]:
    """Most quotes first, then most words, then by name."""
    name, speaker = item
    return -_quotes(speaker), -speaker.counts["words"], name


def _speaker_count(name: str, speaker: _Speaker) -> SpeakerCount:
    role = speaker.roles.most_common(1)[0][0] if speaker.roles else None
    c = speaker.counts
    return SpeakerCount(name, role, len(speaker.stories), c["direct"], c["partial"], c["indirect"], c["words"])


def _count_comparison(tallies: dict[str, _Tally], story_id: str, comparison: Comparison) -> None:
    """Add one story's comparison to the tallies of its outlets (articles without an outlet are left out)."""
    outlet_of = {a.id: a.outlet for a in comparison.articles if a.outlet}
    checked = LEXICONS_UNCHECKED not in comparison.notes
    for outlet in set(outlet_of.values()):
        tallies[outlet].compared += 1
        tallies[outlet].loaded_checked |= checked
    for article in comparison.articles:
        if article.outlet:
            tallies[article.outlet].counts.update(articles=1, words=len(article.body.split()))
    for fact in comparison.facts:
        if fact.coverage == "one" and fact.articles[0] in outlet_of:
            kind = "exclusive_details" if fact.detail_of else "exclusives"
            tallies[outlet_of[fact.articles[0]]].counts[kind] += 1
    omitted: dict[str, set[str]] = defaultdict(set)
    for frame in comparison.framing:
        outlet = outlet_of.get(frame.article)
        if outlet is None:
            continue
        omitted[outlet].update(frame.omissions)  # two articles of one outlet omit a fact once
        tally = tallies[outlet]
        tally.counts.update(
            scare_quotes=len(frame.scare_quotes),
            loaded=len(frame.loaded),
            hedges=len(frame.hedges),
            stated=frame.stated,
            attributed=frame.attributed,
        )
        tally.verbs.update(dict(frame.attribution_verbs))
    for outlet, facts in omitted.items():
        tallies[outlet].counts["omissions"] += len(facts)
    for voice in comparison.voices:
        outlet = outlet_of.get(voice.article)
        if outlet is None:
            continue
        speaker = tallies[outlet].speakers[voice.speaker]
        speaker.stories.add(story_id)
        if voice.role:
            speaker.roles[voice.role] += 1
        counts = {"direct": voice.direct, "partial": voice.partial, "indirect": voice.indirect}
        speaker.counts.update(counts, words=voice.words)
        tallies[outlet].counts.update(counts)
