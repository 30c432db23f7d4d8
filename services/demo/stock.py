"""Name stock for the demo's clear traffic: Western-Balkan and EU people, firms, banks, borders.

Every person and firm here is invented from common given names and surnames; none is meant to
be anybody. Banks are real institutions with their real BICs (as a payment would carry them).
"""

from __future__ import annotations

# (given name, gender) per region; surnames per region; ICAO nationality code per region.
REGIONS: dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...], str, str]] = {
    "XK": (
        (("Arben", "M"), ("Drita", "F"), ("Besnik", "M"), ("Lirije", "F"), ("Ardit", "M"),
         ("Teuta", "F"), ("Driton", "M"), ("Vjosa", "F"), ("Blerim", "M"), ("Arta", "F")),
        ("Berisha", "Gashi", "Shala", "Hoxha", "Morina", "Bajrami", "Rexhepi", "Tahiri",
         "Kastrati", "Bytyqi", "Hasani", "Zeqiri"),
        "RKS", "XK",
    ),
    "AL": (
        (("Erion", "M"), ("Elira", "F"), ("Klodian", "M"), ("Anisa", "F"), ("Gentian", "M"),
         ("Ermira", "F"), ("Ilir", "M"), ("Mirela", "F")),
        ("Dervishi", "Leka", "Marku", "Cela", "Hysa", "Prifti", "Gjoka", "Dushku"),
        "ALB", "AL",
    ),
    "RS": (
        (("Marko", "M"), ("Jelena", "F"), ("Stefan", "M"), ("Milica", "F"), ("Nikola", "M"),
         ("Jovana", "F"), ("Dragan", "M"), ("Katarina", "F"), ("Zoran", "M")),
        ("Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić",
         "Pavlović", "Milošević"),
        "SRB", "RS",
    ),
    "HR": (
        (("Luka", "M"), ("Ivana", "F"), ("Tomislav", "M"), ("Petra", "F"), ("Josip", "M"),
         ("Maja", "F"), ("Ante", "M"), ("Lucija", "F")),
        ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Knežević", "Vuković", "Šarić"),
        "HRV", "HR",
    ),
    "BA": (
        (("Emir", "M"), ("Amra", "F"), ("Adnan", "M"), ("Lejla", "F"), ("Haris", "M"),
         ("Selma", "F"), ("Mirza", "M"), ("Ajla", "F")),
        ("Hadžić", "Delić", "Mehmedović", "Kadić", "Begić", "Husić", "Mujić", "Softić"),
        "BIH", "BA",
    ),
    "DE": (
        (("Lukas", "M"), ("Sophie", "F"), ("Jonas", "M"), ("Lena", "F"), ("Felix", "M"),
         ("Anna", "F"), ("Tobias", "M"), ("Jana", "F")),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner"),
        "D", "DE",
    ),
    "AT": (
        (("Florian", "M"), ("Katharina", "F"), ("Matthias", "M"), ("Theresa", "F")),
        ("Gruber", "Huber", "Bauer", "Pichler", "Steiner", "Moser"),
        "AUT", "AT",
    ),
    "IT": (
        (("Matteo", "M"), ("Giulia", "F"), ("Lorenzo", "M"), ("Chiara", "F")),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"),
        "ITA", "IT",
    ),
    "SI": (
        (("Jan", "M"), ("Eva", "F"), ("Žiga", "M"), ("Nina", "F")),
        ("Novak", "Krajnc", "Zupančič", "Potočnik", "Kovač"),
        "SVN", "SI",
    ),
    "MK": (
        (("Aleksandar", "M"), ("Elena", "F"), ("Darko", "M"), ("Marija", "F")),
        ("Stojanovski", "Nikolovski", "Trajkovski", "Petrovska", "Dimitrovski"),
        "MKD", "MK",
    ),
}  # fmt: skip

# (firm name, ISO country)
FIRMS: tuple[tuple[str, str], ...] = (
    ("Dukagjini Logistics SH.P.K.", "XK"),
    ("Prishtina Solar L.L.C.", "XK"),
    ("Drini Construction SH.P.K.", "XK"),
    ("Adriatic Timber d.o.o.", "HR"),
    ("Dalmacija Marine Supplies d.o.o.", "HR"),
    ("Neretva Fruit d.o.o.", "BA"),
    ("Sava Agro d.o.o.", "RS"),
    ("Morava Pharm d.o.o.", "RS"),
    ("Vardar Textiles DOOEL", "MK"),
    ("Ohrid Lake Hotels DOOEL", "MK"),
    ("Shkodra Olive Oil SH.P.K.", "AL"),
    ("Vlora Fishing SH.A.", "AL"),
    ("Balkan Freight GmbH", "AT"),
    ("Rhein Maschinenbau GmbH", "DE"),
    ("Nordhafen Kühltransporte GmbH", "DE"),
    ("Ljubljana Software d.o.o.", "SI"),
    ("Trieste Coffee Import S.r.l.", "IT"),
    ("Gulf Marine Engines LLC", "AE"),
    ("Lyon Textile Négoce SARL", "FR"),
    ("Gdańsk Steel Components Sp. z o.o.", "PL"),
)

# (bank name, BIC)
BANKS: tuple[tuple[str, str], ...] = (
    ("Raiffeisen Bank Kosovo", "RBKOXKPR"),
    ("ProCredit Bank Kosovo", "MBKOXKPR"),
    ("Zagrebačka banka", "ZABAHR2X"),
    ("NLB d.d.", "LJBASI2X"),
    ("Banca Intesa Beograd", "DBDBRSBG"),
    ("Deutsche Bank", "DEUTDEFF"),
    ("UniCredit Bank Austria", "BKAUATWW"),
    ("Emirates NBD", "EBILAEAD"),
    ("BNP Paribas", "BNPAFRPP"),
    ("Raiffeisen Bank Albania", "SGSBALTX"),
    ("Komercijalna banka Skopje", "KOBSMK2X"),
    ("Intesa Sanpaolo", "BCITITMM"),
)

# IBAN length per country (ISO 13616 registry).
IBAN_LENGTHS = {
    "XK": 20, "AL": 28, "RS": 22, "HR": 21, "BA": 20, "DE": 22, "AT": 20, "IT": 27,
    "SI": 19, "MK": 19, "AE": 23, "FR": 27, "PL": 28,
}  # fmt: skip

# (border point, country of the post, carrier or None)
BORDERS: tuple[tuple[str, str, str | None], ...] = (
    ("Horgos", "RS", None),
    ("Bajakovo", "HR", None),
    ("Merdare", "XK", None),
    ("Kakavija", "AL", None),
    ("Bregana", "HR", None),
    ("Spielfeld", "AT", None),
    ("Tabanovce", "MK", None),
    ("Pristina International Airport", "XK", "Wizz Air"),
    ("Vienna International Airport", "AT", "Austrian Airlines"),
    ("Zagreb Franjo Tuđman Airport", "HR", "Croatia Airlines"),
)

REMITTANCES = (
    "INV {n} timber delivery",
    "Salary {month}",
    "Rent {month} apartment 4B",
    "INV {n} olive oil 40 cases",
    "Order {n} spare parts",
    "School fees {month}",
    "INV {n} freight Durres-Bari",
    "Consulting services {month}",
)
