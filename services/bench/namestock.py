"""Name stock for synthetic tables: given names, surnames and company words by tradition.

Small, hand-picked lists in the spellings lists and payments actually carry (diacritics kept:
normalisation is part of what is measured). Combined by ``services.bench.synthetic``.
"""

from __future__ import annotations

from typing import Final


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN: Final[dict[str, tuple[str, ...]]] = {
    "balkan": _w(
        "Nusret Granit Arben Dardan Besnik Fatmir Agim Ilir Valon Driton Luan Blerim "
        "Ardit Shkelzen Milan Dragan Zoran Goran Nenad Dejan Miloš Željko Slobodan Vojislav "
        "Ratko Radovan Haris Emir Senad Mirsad Edin Adnan Jasmin Tomislav Ante Ivica "
        "Marko Luka Stjepan Hrvoje Vesna Jelena Ivana Dragana Mirela Arta Drita"
        " Fjolla Mimoza Teuta Lejla Amra Selma"
    ),
    "arabic": _w(
        "Mohammed Muhammad Ahmed Ahmad Ali Hassan Hussein Omar Umar Khalid Abdullah Abdul Ibrahim "
        "Youssef Yusuf Mustafa Mahmoud Tariq Karim Rashid Saeed Said Hamza Bilal Faisal Nasser "
        "Jamal Walid Sami Ziad Anwar Osama Usama Salim Adel Aziz Majid Fatima Aisha Mariam Layla "
        "Noor Huda Amina Zainab Khadija Samira Rania Yasmin Salma Hanan"
    ),
    "slavic": _w(
        "Aleksandr Alexander Sergei Sergey Dmitry Dmitri Vladimir Andrei Andrey Mikhail Nikolai "
        "Igor Oleg Yuri Viktor Pavel Ivan Alexei Roman Denis Maxim Konstantin Boris Gennady "
        "Anatoly Vitaly Yevgeny Evgeny Arkady Stanislav Vadim Ruslan Timur Artem Kirill Ilya "
        "Olga Elena Tatiana Natalia Svetlana Irina Anna Marina Yulia Ekaterina Oksana Galina"
    ),
    "western": _w(
        "John James Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew "
        "Anthony Mark Paul Steven Andrew Kenneth George Edward Brian Kevin Peter Hans Jürgen "
        "Klaus Pierre Jean François Luis José Carlos Juan Antonio Giovanni Marco Pedro Sean "
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Maria Sophie"
    ),
    "asian": _w(
        "Wei Jian Jun Ming Hui Li Yong Jie Tao Lei Chen Hao Yu Hong Kim Min Jae Sung Young Hyun "
        "Ji Seung Dong Jin Takeshi Hiroshi Kenji Akira Yuki Haruto Nguyen Van Minh Anh Thanh "
        "Duc Tuan Rahul Amit Sanjay Vijay Arjun Ravi Imran Asif Shahid Tahir Nadia Priya Mei"
    ),
}

SURNAMES: Final[dict[str, tuple[str, ...]]] = {
    "balkan": _w(
        "Krasniqi Seferović Avdyli Berisha Gashi Morina Hoxha Shala Bytyqi Kastrati Rexhepi "
        "Hajdari Thaçi Haradinaj Kelmendi Jovanović Petrović Nikolić Marković Đorđević Stojanović "
        "Ilić Stanković Pavlović Milošević Tomić Kovačević Babić Horvat Kovač Hodžić Hadžić "
        "Begović Mujić Delić Šabanović Mehmedović Karadžić Mladić Popović Lukić Radić Vuković"
    ),
    "arabic": _w(
        "Al-Rashid Al-Hashimi Al-Masri Al-Tikriti Al-Baghdadi Al-Zawahiri Haddad Khoury Nasser "
        "Hamdan Mansour Saleh Abbas Qasim Jaber Darwish Farouk Ghanem Hakim Issa Kassem Mahfouz "
        "Najjar Rahman Sabbagh Shami Taha Yassin Zaki Al-Qahtani Al-Otaibi Al-Harbi Al-Shammari "
        "Bin Laden Bakr Awad Hariri Barakat Aziz Khalil Suleiman Othman"
    ),
    "slavic": _w(
        "Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov "
        "Morozov Volkov Alekseev Lebedev Semenov Egorov Pavlov Kozlov Stepanov Nikolaev Orlov "
        "Andreev Makarov Zakharov Zaitsev Solovyov Borisov Yakovlev Grigoriev Romanov Vorobyov "
        "Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Rotenberg Deripaska Usmanov"
    ),
    "western": _w(
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Martin Jackson Thompson White Harris Clark Lewis Walker Hall Allen Young King Wright "
        "Müller Schmidt Schneider Fischer Weber Dupont Durand Moreau García Martínez López "
        "González Rossi Russo Ferrari O'Brien Murphy Kelly"
    ),
    "asian": _w(
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Kim Lee Park "
        "Choi Jung Kang Cho Yoon Sato Suzuki Takahashi Tanaka Watanabe Nguyen Tran Le Pham "
        "Hoang Sharma Patel Singh Kumar Gupta Khan Hussain Qureshi Chaudhry"
    ),
}

# Father's-name patterns per tradition: (prefix, suffix) applied to a given name.
PATRONYMIC: Final[dict[str, tuple[str, str]]] = {
    "arabic": ("bin ", ""),
    "slavic": ("", "ovich"),
}

ORG_WORDS: Final[tuple[str, ...]] = _w(
    "Alpa Global International United Eastern Western Northern Golden Silver Star Crescent "
    "Horizon Pacific Atlantic Gulf Baltic Adriatic Danube Caspian Sahara Orient Phoenix Falcon "
    "Eagle Lion Cedar Oasis Emerald Sapphire Diamond Royal Imperial Premier Apex Summit Delta "
    "Sigma Omega Nova Vostok Zenith Meridian Harbor Harbour Bridge Crown Unity Progress Alliance "
    "Krasniqi Seferović Hamdan Ivanov Petrov Wang Zhang Mansour Balkan Kosovo Dubai Sharjah Minsk "
    "Almaz Rosneft Volga Ural Sibir Neva Tigris Euphrates Nile Jade Lotus Dragon Sakura"
)

ORG_SECTORS: Final[tuple[str, ...]] = _w(
    "Trading Shipping Logistics Marine Engineering Petroleum Oil Gas Energy Holdings Investment "
    "Capital Finance Exchange Import Export Construction Industries Technologies Electronics "
    "Aviation Airlines Transport Freight Mining Metals Steel Chemicals Pharma Textiles Foods "
    "Agro Security Consulting Travel Tourism Real Estate Development Services General"
)

LEGAL_FORMS: Final[tuple[str, ...]] = _w(
    "LLC Ltd Limited FZCO FZE FZ-LLC Company Co. Inc. Corp. GmbH AG SA d.o.o. OOO JSC PJSC PLC "
    "Sh.p.k. LLP BV NV SRL SpA"
)

# Spelling variants a payment or a border post may carry for a listed name part.
VARIANTS: Final[dict[str, tuple[str, ...]]] = {
    "Mohammed": ("Muhammad", "Mohamed", "Mohammad", "Muhammed"),
    "Muhammad": ("Mohammed", "Mohamad", "Muhamad"),
    "Ahmed": ("Ahmad", "Akhmed"),
    "Hussein": ("Husain", "Hussain", "Husayn"),
    "Yusuf": ("Youssef", "Yousef", "Jusuf"),
    "Omar": ("Umar",),
    "Osama": ("Usama", "Oussama"),
    "Sergei": ("Sergey", "Serguei"),
    "Dmitry": ("Dmitri", "Dmitriy"),
    "Aleksandr": ("Alexander", "Aleksander", "Oleksandr"),
    "Yevgeny": ("Evgeny", "Evgeniy", "Yevgeniy"),
    "Yuri": ("Yury", "Iurii"),
    "Shevchenko": ("Shevtchenko", "Schewtschenko"),
    "Jovanović": ("Jovanovic", "Jovanovich", "Yovanovich"),
    "Seferović": ("Seferovic", "Seferovich"),
    "Đorđević": ("Djordjevic", "Dordevic", "Dorđević"),
    "Krasniqi": ("Krasniki", "Krasnici"),
    "Thaçi": ("Thaci", "Tachi"),
}

# Latin to Cyrillic, for a share of Slavic names written in their own script.
CYRILLIC: Final[tuple[tuple[str, str], ...]] = (
    ("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"),
    ("ts", "ц"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"),
    ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"),
    ("x", "кс"), ("c", "к"), ("h", "х"), ("w", "в"), ("j", "й"), ("q", "к"),
)  # fmt: skip
