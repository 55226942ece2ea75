"""Built-in word lists and small text generators, so every page is filled offline from the seeded RNG."""

from __future__ import annotations

import random


def _split(block: str) -> list[str]:
    """Word lists are written as text blocks to stay readable."""
    return block.split()


WORDS = _split("""
able about account action active after again agent agree ahead album alert align allow along alpha
amount angle answer apply april area around array asset audio august autumn backup balance banner
basic batch before begin below better beyond billing block board bottom branch bridge bright budget
buffer build button cache camera canvas capital carbon career center change channel chapter check
choice circle client cloud cluster coast color column comment common config contact content context
copper corner cotton counter course cover credit cross crystal current custom cycle daily damage
data debug december decide default delay delta demand design detail device digital direct domain
double draft dream driver early east echo edge editor effect effort element empty energy engine
enough entry error event exact export factor family feature field figure filter final finance
first flight focus folder follow forest format forward frame friday future garden gather global
golden graph green group growth guide handle harbor header health height hidden history holiday
honest horizon index input insight island item january journal july june kernel label language
large latest layer layout leader learn letter level light limit linear little local logic lunar
madrid manual march margin market master matter meeting member memory message method metric middle
minute mirror mobile model module moment monday month morning motion native nature network night
normal notice number object office online option orange orbit order origin output owner packet
panel paper parent partner patch pattern people period pilot planet player plugin pocket policy
portal power preview price print private process product profile project prompt public purple
quarter query quick radio random range rapid reader record region release remote report request
result review river robust route sample saturday schema screen search season second secret select
sender series server session settle shadow shared signal silver simple single sketch socket solar
source spring stable status stream studio summer sunday supply switch system table target task
team template thread ticket timber token topic total track travel trend tuesday update upload
urban valley value vector version video vision volume wallet weekly window winter wonder worker
""")

FIRST_NAMES = _split("""
Ada Alex Amara Anna Ben Bruno Carla Chen Chloe Dana David Diego Elena Emil Emma Farah Felix Grace
Hana Hugo Ines Ivan Jack Jonas Julia Kai Kenji Lara Leo Lina Lucas Maya Marco Mira Nadia Noah Nora
Olga Omar Paul Priya Rafael Rosa Ruth Sam Sara Sofia Tariq Theo Uma Victor Wen Yara Yusuf Zoe
""")

LAST_NAMES = _split("""
Adams Baker Berg Bianchi Costa Dubois Evans Fischer Garcia Gupta Hansen Ito Jensen Kim Kowalski
Larsen Lopez Martin Meyer Moreau Nakamura Novak Okafor Patel Perez Quinn Rossi Santos Schmidt Silva
Singh Tanaka Torres Wagner Walsh Weber Wilson Young Zhang
""")

ORGS = _split("""
Acme Northwind Globex Initech Umbrella Stark Wayne Hooli Vandelay Soylent Tyrell Cyberdyne Aperture
Massive Dynamic Octan Vehement Gringotts Monarch Pied Piper
""")

TLDS = ["com", "org", "io", "net", "dev", "co"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def words(rng: random.Random, lo: int, hi: int) -> str:
    """Between ``lo`` and ``hi`` lower-case words separated by spaces."""
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi)))


def title(rng: random.Random, lo: int = 2, hi: int = 5) -> str:
    """A Title Case phrase, for subjects, playlist names, document names."""
    return " ".join(w.capitalize() for w in words(rng, lo, hi).split())


def sentence(rng: random.Random, lo: int = 6, hi: int = 16) -> str:
    """A capitalised sentence, sometimes with a comma or a question."""
    parts = words(rng, lo, hi).split()
    if len(parts) > 6 and rng.random() < 0.4:
        parts[rng.randint(2, len(parts) - 3)] += ","
    end = rng.choice([".", ".", ".", ".", "?", "!"])
    return " ".join(parts).capitalize() + end


def paragraph(rng: random.Random, lo: int = 2, hi: int = 6) -> str:
    """A few sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def person(rng: random.Random) -> str:
    """A full name."""
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def initials(name: str) -> str:
    """``Ada Kim`` → ``AK``."""
    return "".join(part[0] for part in name.split()[:2]).upper()


def handle(rng: random.Random, name: str) -> str:
    """A user name derived from a person, like ``ada.kim`` or ``akim``."""
    first, last = name.lower().split()[:2]
    return rng.choice([f"{first}.{last}", f"{first[0]}{last}", first, f"{first}_{last[:3]}"])


def email(rng: random.Random, name: str) -> str:
    """An address for ``name`` at an invented organisation."""
    return f"{handle(rng, name)}@{rng.choice(ORGS).lower()}.{rng.choice(TLDS)}"


def clock(rng: random.Random, twelve_hour: bool) -> str:
    """A time of day in 24-hour or AM/PM style."""
    hour, minute = rng.randint(0, 23), rng.choice([0, 5, 10, 15, 20, 30, 35, 40, 45, 50, 55, rng.randint(0, 59)])
    if twelve_hour:
        return f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"
    return f"{hour:02d}:{minute:02d}"


def short_date(rng: random.Random) -> str:
    """``Mar 14`` style."""
    return f"{rng.choice(MONTHS)[:3]} {rng.randint(1, 28)}"


def duration(rng: random.Random, lo_s: int = 95, hi_s: int = 420) -> str:
    """``m:ss`` track length."""
    seconds = rng.randint(lo_s, hi_s)
    return f"{seconds // 60}:{seconds % 60:02d}"


def number(rng: random.Random, lo: float, hi: float, decimals: int = 0) -> str:
    """A thousands-separated number in ``[lo, hi]``."""
    return f"{rng.uniform(lo, hi):,.{decimals}f}"


def filename(rng: random.Random, extensions: list[str]) -> str:
    """A snake_case or kebab-case file name with one of ``extensions``."""
    sep = rng.choice(["_", "-", ""])
    stem = sep.join(rng.choice(WORDS) for _ in range(rng.randint(1, 2)))
    return f"{stem}.{rng.choice(extensions)}"
