"""Language detection: the product's detector beside lingua-language-detector (issue #13 item 6).

Accuracy is measured on short survey answers written for this bench (Swedish, English,
Finnish, North Sami, Meänkieli, Somali, Arabic, Persian, Tigrinya, Polish), the way
residents write them: short, lower case, sometimes without a single function word. An
answer counts as right when the detector returns its code, or "other" for a language the
product does not model (Sami, Meänkieli and the immigrant languages: the product must
not relabel them Swedish). Speed is answers per second on N synthetic answers.

lingua is not a dependency of the product: install it beside the bench to compare,

    .venv/bin/pip install lingua-language-detector
    .venv/bin/python bench/language.py --size 1000000

and the script prints the product's figures alone when it is missing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.language import OTHER, SUPPORTED, LanguageDetector  # noqa: E402
from bench.synthetic import generate  # noqa: E402

# (expected code, answer). Codes outside SUPPORTED are expected as "other".
ANSWERS: list[tuple[str, str]] = [
    ("sv", "det är mörkt på gångvägen till stationen"),
    ("sv", "Ungdomar samlas vid torget och kastar flaskor"),
    ("sv", "mer poliser ute på kvällarna"),
    ("sv", "Bilarna kör för fort förbi skolan"),
    ("sv", "Klotter överallt"),
    ("sv", "Känner mig otrygg när jag går hem från jobbet sent"),
    ("sv", "narkotikaförsäljning i parken"),
    ("sv", "Belysningen är trasig sedan i höstas"),
    ("sv", "ingen vuxen ute på helgerna"),
    ("sv", "Inbrott i förråden i vårt hus"),
    ("sv", "fyllor vid badplatsen på sommaren"),
    ("sv", "Det behövs fler fritidsgårdar för unga"),
    ("sv", "hastigheten på Storgatan"),
    ("sv", "bra att polisen syns mer nu"),
    ("en", "the underpass is dark and scary at night"),
    ("en", "Kids hanging around the station drinking"),
    ("en", "more police on the streets please"),
    ("en", "Cars speed past the school every morning"),
    ("en", "I feel unsafe walking home after work"),
    ("en", "drug dealing in the park"),
    ("en", "Broken street lights near the bus stop"),
    ("en", "nothing to do for teenagers"),
    ("en", "Graffiti everywhere"),
    ("en", "my bike was stolen twice this year"),
    ("fi", "alikulku on pimeä ja pelottava iltaisin"),
    ("fi", "Nuoret kokoontuvat torille juomaan"),
    ("fi", "lisää poliiseja kaduille"),
    ("fi", "Autot ajavat liian lujaa koulun ohi"),
    ("fi", "en tunne oloani turvalliseksi kotimatkalla"),
    ("fi", "huumekauppaa puistossa"),
    ("fi", "Katuvalot ovat rikki bussipysäkin lähellä"),
    ("fi", "Nuorille ei ole tekemistä"),
    ("fi", "polkupyöräni varastettiin kahdesti"),
    ("fi", "Liikaa roskia rannalla"),
    ("se", "Mun in dovdda iežan oadjebassan eahkedis"),
    ("se", "Eanet politiijat gáhtain"),
    ("se", "Biillat vudjet menddo jođánit skuvlla meattá"),
    ("se", "nuorat čoahkkanit gávpotguovddážis"),
    ("se", "Čuovgga váilot bussebisánis"),
    ("fit", "Mie en tunne itteäni turvalliseksi iltasin"),
    ("fit", "Lissää poliisiita katuile"),
    ("fit", "Autot ajavat liian kovvaa koulun ohi"),
    ("fit", "nuoret kokkoontuvat torile"),
    ("so", "waddada waa mugdi habeenkii"),
    ("so", "Dhalinyaradu waxay isugu yimaadaan suuqa"),
    ("so", "booliis badan ayaa loo baahan yahay"),
    ("so", "Baabuurtu aad bay u dheereeyaan dugsiga agtiisa"),
    ("so", "ma dareemo ammaan markaan guriga u socdo"),
    ("ar", "الشارع مظلم في الليل"),
    ("ar", "نحتاج إلى المزيد من الشرطة"),
    ("ar", "الشباب يتجمعون في الساحة"),
    ("ar", "السيارات تسير بسرعة قرب المدرسة"),
    ("fa", "خیابان شب‌ها تاریک است"),
    ("fa", "پلیس بیشتری لازم است"),
    ("ti", "ጽርግያ ብለይቲ ጸልማት እዩ"),
    ("ti", "ብዙሕ ፖሊስ የድሊ"),
    ("pl", "Na przystanku jest ciemno wieczorem"),
    ("pl", "więcej policji na ulicach"),
    ("pl", "Samochody jeżdżą za szybko koło szkoły"),
]


def expected_code(code: str) -> str:
    """What a right answer looks like for the product: its code, or "other"."""
    return code if code in SUPPORTED else OTHER


def ours() -> Callable[[Sequence[str]], list[str]]:
    """The product's detector over a batch (the default for no evidence is the survey's language)."""
    detector = LanguageDetector()
    return lambda texts: [detector.detect(t.lower(), default="sv") for t in texts]


def lingua_detector(low_accuracy: bool) -> Callable[[Sequence[str]], list[str]] | None:
    """lingua over the product's languages and the neighbours it could confuse them with."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    except ImportError:
        return None
    languages = [
        Language.SWEDISH,
        Language.ENGLISH,
        Language.FINNISH,
        Language.SOMALI,
        Language.ARABIC,
        Language.PERSIAN,
        Language.POLISH,
        Language.NYNORSK,
        Language.BOKMAL,
        Language.DANISH,
        Language.ESTONIAN,
        Language.GERMAN,
    ]
    builder = LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.1)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()
    supported = {IsoCode639_1.SV: "sv", IsoCode639_1.EN: "en", IsoCode639_1.FI: "fi"}

    def run(texts: Sequence[str]) -> list[str]:
        found = detector.detect_languages_in_parallel_of(list(texts))
        return [supported.get(lang.iso_code_639_1, OTHER) if lang else "sv" for lang in found]

    return run


def accuracy(detect: Callable[[Sequence[str]], list[str]]) -> tuple[float, Counter[str], list[str]]:
    """Share right overall, right per expected language, and the misses as 'code→got: text'."""
    got = detect([text for _, text in ANSWERS])
    right: Counter[str] = Counter()
    misses = []
    for (code, text), result in zip(ANSWERS, got, strict=True):
        if result == expected_code(code):
            right[code] += 1
        else:
            misses.append(f"{code}→{result}: {text}")
    return sum(right.values()) / len(ANSWERS), right, misses


def speed(detect: Callable[[Sequence[str]], list[str]], texts: list[str]) -> tuple[float, float]:
    """Answers per second (wall) and CPU seconds over `texts`."""
    wall, cpu = time.perf_counter(), time.process_time()
    detect(texts)
    return len(texts) / (time.perf_counter() - wall), time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="answers for the speed run")
    parser.add_argument(
        "--detectors",
        default="product,lingua,lingua-low",
        help="comma-separated: product, lingua (high accuracy), lingua-low (low-accuracy mode)",
    )
    args = parser.parse_args()
    wanted = set(args.detectors.split(","))
    texts = [text for text, _ in generate(args.size, seed=1)]
    per_language = Counter(code for code, _ in ANSWERS)
    detectors = {"product": ours()} if "product" in wanted else {}
    for name, low in (("lingua", False), ("lingua-low", True)):
        built = lingua_detector(low) if name in wanted else None
        if built is not None:
            detectors[name] = built
    if not any(name.startswith("lingua") for name in detectors):
        print("lingua-language-detector is not installed: only the product's detector is measured")
    print(f"{len(ANSWERS)} answers written for the bench; speed on {args.size:,} synthetic answers")
    codes = sorted(per_language)
    columns = " ".join(f"{c:>4}" for c in codes)
    print(f"{'detector':<11} {'right':>6} {columns} {'ans/s':>9} {'CPU s':>7}")
    for name, detect in detectors.items():
        share, right, misses = accuracy(detect)
        rate, cpu = speed(detect, texts)
        cells = " ".join(f"{right[c]:>2}/{per_language[c]:<1}" for c in codes)
        print(f"{name:<11} {share:>6.0%} {cells} {rate:>9,.0f} {cpu:>7.1f}")
        for miss in misses:
            print(f"    miss {miss}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
