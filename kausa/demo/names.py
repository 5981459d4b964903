"""Synthetic name pools and contact data for demo records.

Every demo name is a random combination of a common first name and a common family name of
one country of origin, spelled as German offices usually write it (passport transliteration:
"Mohammad", "Oleksandr", "Nguyen"; Turkish, Polish and Romanian letters kept). No pool holds a
real person's name together with real contact data:

- e-mail addresses only use the domains reserved for documentation by RFC 2606
  (``example.org``, ``example.com``, ``example.net``);
- phone numbers only come from the "drama numbers" that the Bundesnetzagentur keeps
  permanently unassigned for films, books and teaching material (Amtsblatt 7/2021,
  Mitteilung 148/2021): 030 23125 000-999 (Berlin), 069 90009 000-999 (Frankfurt am Main),
  040 66969 000-999 (Hamburg), 0221 4710 000-999 (Köln), 089 99998 000-999 (München).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kausa.core.search import normalize

RESERVED_EMAIL_DOMAINS = ("example.org", "example.com", "example.net")
DRAMA_NUMBER_BLOCKS = ("030 23125", "069 90009", "040 66969", "0221 4710", "089 99998")


@dataclass(frozen=True)
class NamePool:
    """Common names of one country of origin. `code` is the ISO 3166 code (XK for Kosovo)."""

    code: str
    country: str  # German country name, as written in records
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    # Family names with a feminine form: (masculine ending, feminine ending), first match wins.
    feminine_endings: tuple[tuple[str, str], ...] = ()

    def family_name(self, name: str, *, female: bool) -> str:
        if female:
            for masculine, feminine in self.feminine_endings:
                if name.endswith(masculine):
                    return name[: len(name) - len(masculine)] + feminine
        return name


_SLAVIC_ENDINGS = (("ov", "ova"), ("ev", "eva"), ("in", "ina"))
_POLISH_ENDINGS = (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka"))

# fmt: off
NAME_POOLS: tuple[NamePool, ...] = (
    NamePool(
        code="SY",
        country="Syrien",
        female=("Aya", "Noor", "Rama", "Hala", "Lana", "Sara", "Rasha", "Amal", "Bayan", "Dania",
                "Layla", "Maryam", "Rahaf", "Shahed", "Yasmin", "Reem", "Hiba", "Ghina", "Fatima",
                "Joudi"),
        male=("Mohammad", "Ahmad", "Khaled", "Omar", "Yousef", "Hussein", "Ali", "Mahmoud",
              "Abdulrahman", "Rami", "Fadi", "Hasan", "Mustafa", "Ibrahim", "Bilal", "Anas",
              "Karim", "Samer", "Tarek", "Majd"),
        family=("Al-Ahmad", "Haddad", "Khalil", "Hamdan", "Al-Hassan", "Darwish", "Ibrahim",
                "Mansour", "Othman", "Saleh", "Shaker", "Sulaiman", "Al-Khatib", "Kassem",
                "Nasser", "Youssef", "Hamoud", "Al-Ali", "Haj Ali", "Abdullah"),
    ),
    NamePool(
        code="AF",
        country="Afghanistan",
        female=("Fatima", "Maryam", "Zahra", "Khadija", "Mursal", "Parwana", "Shabnam", "Nilofar",
                "Freshta", "Madina", "Mahsa", "Nargis", "Sahar", "Tamana", "Zainab", "Hadia",
                "Laila", "Farzana", "Nazanin", "Marwa"),
        male=("Ahmad", "Mohammad", "Ali", "Hamid", "Mustafa", "Farid", "Jawad", "Sayed", "Naweed",
              "Rahmatullah", "Hasibullah", "Ezatullah", "Masoud", "Mortaza", "Reza", "Sohrab",
              "Wahid", "Zabihullah", "Shafiq", "Bilal"),
        family=("Ahmadi", "Rahimi", "Hussaini", "Mohammadi", "Sultani", "Hakimi", "Karimi",
                "Nazari", "Rezaei", "Sadat", "Amiri", "Haidari", "Jafari", "Noori", "Popal",
                "Safi", "Stanikzai", "Wardak", "Yousufzai", "Azizi"),
    ),
    NamePool(
        code="UA",
        country="Ukraine",
        female=("Anastasiia", "Olena", "Yuliia", "Kateryna", "Daria", "Sofiia", "Viktoriia",
                "Iryna", "Anna", "Mariia", "Oksana", "Tetiana", "Alina", "Polina", "Khrystyna",
                "Valeriia", "Yana", "Nataliia", "Diana", "Veronika"),
        male=("Oleksandr", "Dmytro", "Andrii", "Maksym", "Ivan", "Artem", "Vladyslav", "Bohdan",
              "Yurii", "Mykola", "Denys", "Oleh", "Taras", "Yevhen", "Serhii", "Vitalii", "Nazar",
              "Kyrylo", "Danylo", "Roman"),
        family=("Melnyk", "Shevchenko", "Bondarenko", "Kovalenko", "Boiko", "Tkachenko",
                "Kravchenko", "Kovalchuk", "Koval", "Oliinyk", "Shevchuk", "Polishchuk", "Tkachuk",
                "Savchenko", "Bondar", "Marchenko", "Rudenko", "Moroz", "Lysenko", "Petrenko"),
    ),
    NamePool(
        code="TR",
        country="Türkei",
        female=("Elif", "Zeynep", "Ayşe", "Fatma", "Emine", "Merve", "Büşra", "Esra", "Kübra",
                "Hatice", "Sena", "Ecem", "Derya", "Gül", "Selin", "Melike", "Rabia", "Tuğba",
                "Dilan", "Berfin"),
        male=("Mehmet", "Mustafa", "Ahmet", "Ali", "Yusuf", "Emre", "Burak", "Murat", "Hasan",
              "Hüseyin", "Ibrahim", "Kerem", "Enes", "Furkan", "Ömer", "Eren", "Mert", "Serkan",
              "Cem", "Baran"),
        family=("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk",
                "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç",
                "Kurt", "Özkan", "Polat"),
    ),
    NamePool(
        code="IQ",
        country="Irak",
        female=("Zainab", "Fatima", "Noor", "Hawraa", "Maryam", "Shilan", "Rozhin", "Avin",
                "Bushra", "Dunya", "Sara", "Ruqaya", "Hana", "Shno", "Lava", "Zhila", "Huda",
                "Rana", "Taiba", "Asmaa"),
        male=("Ali", "Hussein", "Mohammed", "Ahmed", "Mustafa", "Haider", "Abbas", "Karwan",
              "Rebwar", "Shvan", "Dilshad", "Hawkar", "Yasir", "Omar", "Murtadha", "Zaid", "Saif",
              "Ammar", "Aram", "Sherzad"),
        family=("Al-Jaburi", "Al-Obaidi", "Hassan", "Kareem", "Mahmood", "Saeed", "Jasim",
                "Abdullah", "Rasul", "Hamad", "Khidr", "Qadir", "Ahmed", "Aziz", "Sulaiman",
                "Hussein", "Kadhim", "Jabbar", "Salih", "Mohammed"),
    ),
    NamePool(
        code="ER",
        country="Eritrea",
        female=("Helen", "Selam", "Senait", "Mebrat", "Tsega", "Ruta", "Saba", "Yordanos", "Hiwet",
                "Feven", "Lidia", "Rahel", "Eden", "Winta", "Luwam", "Semhar", "Mihret", "Aster",
                "Elsa", "Freweini"),
        male=("Yonas", "Tesfay", "Filmon", "Mehari", "Robel", "Dawit", "Semere", "Yohannes",
              "Biniam", "Haile", "Amanuel", "Michael", "Samuel", "Tekle", "Kidane", "Ermias",
              "Habtom", "Natnael", "Henok", "Fitsum"),
        family=("Tesfamariam", "Haile", "Tekle", "Gebremedhin", "Kidane", "Tesfay", "Berhane",
                "Woldu", "Habte", "Mehari", "Abraha", "Gebremariam", "Tewelde", "Asfaha", "Yemane",
                "Andemariam", "Ghebremichael", "Negash", "Okbay", "Weldemichael"),
    ),
    NamePool(
        code="SO",
        country="Somalia",
        female=("Hodan", "Fadumo", "Amina", "Sahra", "Hibo", "Ayan", "Ifrah", "Hawa", "Ubah",
                "Khadra", "Nimco", "Ladan", "Maryan", "Deeqa", "Samira", "Halima", "Muna", "Sagal",
                "Ruun", "Asha"),
        male=("Abdirahman", "Mohamed", "Abdullahi", "Ahmed", "Hassan", "Abdi", "Ali", "Yusuf",
              "Ismail", "Abdikarim", "Liban", "Mahad", "Omar", "Said", "Farah", "Bashir", "Hamza",
              "Mukhtar", "Khalid", "Sharmarke"),
        family=("Mohamed", "Ahmed", "Hassan", "Ali", "Abdi", "Omar", "Warsame", "Farah", "Hussein",
                "Nur", "Osman", "Jama", "Yusuf", "Abdullahi", "Aden", "Ismail", "Hirsi", "Mohamud",
                "Elmi", "Guled"),
    ),
    NamePool(
        code="IR",
        country="Iran",
        female=("Fatemeh", "Zahra", "Maryam", "Nazanin", "Parisa", "Sara", "Shirin", "Yasaman",
                "Negar", "Mahsa", "Niloufar", "Roya", "Ladan", "Setareh", "Ghazal", "Hanieh",
                "Elham", "Mina", "Parastoo", "Tara"),
        male=("Amir", "Mohammad", "Ali", "Reza", "Hossein", "Mehdi", "Arash", "Babak", "Dariush",
              "Farhad", "Hamed", "Kian", "Milad", "Navid", "Omid", "Parsa", "Pouya", "Saeed",
              "Siavash", "Sina"),
        family=("Mohammadi", "Hosseini", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Jafari",
                "Rahimi", "Sadeghi", "Heidari", "Ghasemi", "Kazemi", "Abbasi", "Rostami",
                "Shirazi", "Tehrani", "Farahani", "Amini", "Ebrahimi", "Najafi"),
    ),
    NamePool(
        code="GN",
        country="Guinea",
        female=("Mariama", "Fatoumata", "Aissatou", "Kadiatou", "Hawa", "Mariame", "Aminata",
                "Djenabou", "Oumou", "Hadja", "Binta", "Nene", "Fanta", "Kadidiatou",
                "Ramatoulaye", "Salimatou", "Mabinty", "Sira", "Tenin", "Adama"),
        male=("Mamadou", "Alpha", "Ibrahima", "Abdoulaye", "Mohamed", "Ousmane", "Amadou", "Sekou",
              "Thierno", "Boubacar", "Lansana", "Mamady", "Alseny", "Souleymane", "Fode", "Moussa",
              "Aboubacar", "Oumar", "Saliou", "Karamoko"),
        family=("Diallo", "Barry", "Bah", "Sow", "Camara", "Keita", "Touré", "Sylla", "Soumah",
                "Kourouma", "Traoré", "Baldé", "Cissé", "Bangoura", "Fofana", "Kaba", "Sacko",
                "Kanté", "Magassouba", "Koivogui"),
    ),
    NamePool(
        code="NG",
        country="Nigeria",
        female=("Chiamaka", "Blessing", "Ngozi", "Aisha", "Funmilayo", "Adaeze", "Chioma",
                "Favour", "Precious", "Esther", "Joy", "Temitope", "Yetunde", "Zainab", "Amaka",
                "Folake", "Nneka", "Grace", "Hauwa", "Ifeoma"),
        male=("Chukwuemeka", "Oluwaseun", "Ibrahim", "Emeka", "Tunde", "Chinedu", "Ifeanyi",
              "Samuel", "David", "Daniel", "Musa", "Abubakar", "Segun", "Kelechi", "Obinna",
              "Uche", "Femi", "Babatunde", "Godwin", "Victor"),
        family=("Okafor", "Adeyemi", "Okonkwo", "Eze", "Ibrahim", "Bello", "Okoro", "Nwosu",
                "Adebayo", "Olawale", "Afolabi", "Abubakar", "Nwachukwu", "Ogunleye", "Chukwu",
                "Obi", "Ugwu", "Oyelaran", "Balogun", "Onyekachi"),
    ),
    NamePool(
        code="RU",
        country="Russland",
        female=("Anastasiia", "Mariia", "Daria", "Anna", "Elizaveta", "Polina", "Viktoriia",
                "Ekaterina", "Sofiia", "Alina", "Kseniia", "Valeriia", "Veronika", "Arina", "Olga",
                "Irina", "Natalia", "Iuliia", "Svetlana", "Tatiana"),
        male=("Aleksandr", "Dmitrii", "Maksim", "Ivan", "Artem", "Nikita", "Mikhail", "Egor",
              "Kirill", "Andrei", "Daniil", "Ilia", "Roman", "Sergei", "Vladimir", "Timur",
              "Ruslan", "Pavel", "Denis", "Aleksei"),
        family=("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasilev", "Petrov", "Sokolov",
                "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev",
                "Semenov", "Egorov", "Pavlov", "Kozlov", "Stepanov", "Nikolaev"),
        feminine_endings=_SLAVIC_ENDINGS,
    ),
    NamePool(
        code="PL",
        country="Polen",
        female=("Julia", "Zuzanna", "Maja", "Zofia", "Hanna", "Lena", "Amelia", "Aleksandra",
                "Natalia", "Wiktoria", "Oliwia", "Karolina", "Magdalena", "Agnieszka", "Katarzyna",
                "Joanna", "Weronika", "Martyna", "Paulina", "Emilia"),
        male=("Jakub", "Kacper", "Szymon", "Filip", "Jan", "Mateusz", "Bartosz", "Michał",
              "Wojciech", "Piotr", "Kamil", "Dawid", "Łukasz", "Adrian", "Patryk", "Tomasz",
              "Krzysztof", "Paweł", "Marcin", "Oskar"),
        family=("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
                "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski",
                "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski",
                "Nowakowski", "Pawłowski"),
        feminine_endings=_POLISH_ENDINGS,
    ),
    NamePool(
        code="RO",
        country="Rumänien",
        female=("Maria", "Elena", "Ioana", "Andreea", "Alexandra", "Ana", "Cristina", "Mihaela",
                "Gabriela", "Daniela", "Denisa", "Bianca", "Larisa", "Alina", "Roxana", "Raluca",
                "Diana", "Georgiana", "Florentina", "Irina"),
        male=("Andrei", "Alexandru", "Ionuț", "Mihai", "Ștefan", "Gabriel", "Florin", "Cristian",
              "Marius", "Adrian", "Bogdan", "Daniel", "Vlad", "Răzvan", "Constantin", "Nicolae",
              "Sorin", "Claudiu", "Cosmin", "David"),
        family=("Popa", "Popescu", "Pop", "Radu", "Dumitru", "Stan", "Stoica", "Gheorghe", "Matei",
                "Ciobanu", "Ionescu", "Rusu", "Munteanu", "Constantin", "Mihai", "Lazăr",
                "Moldovan", "Florea", "Ene", "Sârbu"),
    ),
    NamePool(
        code="BG",
        country="Bulgarien",
        female=("Maria", "Ivana", "Elena", "Desislava", "Gergana", "Teodora", "Viktoria", "Nikol",
                "Aleksandra", "Yoana", "Kristina", "Radostina", "Silvia", "Milena", "Gabriela",
                "Daniela", "Petya", "Vanya", "Tsvetelina", "Ralitsa"),
        male=("Georgi", "Ivan", "Dimitar", "Nikolay", "Aleksandar", "Martin", "Hristo", "Petar",
              "Stoyan", "Todor", "Yordan", "Kaloyan", "Viktor", "Plamen", "Boris", "Emil",
              "Radoslav", "Stefan", "Vasil", "Kiril"),
        family=("Ivanov", "Georgiev", "Dimitrov", "Petrov", "Nikolov", "Hristov", "Stoyanov",
                "Todorov", "Iliev", "Vasilev", "Atanasov", "Petkov", "Angelov", "Kolev",
                "Yordanov", "Marinov", "Popov", "Stefanov", "Mihaylov", "Kostov"),
        feminine_endings=_SLAVIC_ENDINGS,
    ),
    NamePool(
        code="XK",
        country="Kosovo",
        female=("Arta", "Blerta", "Besa", "Drita", "Edona", "Fjolla", "Genta", "Hana", "Jehona",
                "Kaltrina", "Lirije", "Mimoza", "Njomza", "Qendresa", "Rina", "Shqipe", "Teuta",
                "Zana", "Albina", "Erza"),
        male=("Arben", "Besnik", "Blerim", "Dardan", "Driton", "Egzon", "Fatos", "Gentrit", "Ilir",
              "Kushtrim", "Labinot", "Liridon", "Valon", "Visar", "Arlind", "Endrit", "Florent",
              "Agon", "Leutrim", "Ardit"),
        family=("Krasniqi", "Gashi", "Berisha", "Morina", "Shala", "Bytyqi", "Hoxha", "Kastrati",
                "Rexhepi", "Hasani", "Ahmeti", "Kryeziu", "Sylejmani", "Mustafa", "Ramadani",
                "Bajrami", "Halili", "Salihu", "Zeqiri", "Avdiu"),
    ),
    NamePool(
        code="VN",
        country="Vietnam",
        female=("Lan", "Linh", "Mai", "Trang", "Huong", "Thu", "Ngoc Anh", "Thi Hoa", "Phuong",
                "Hanh", "Thao", "Yen", "Nhung", "Quynh", "Thi Hong", "Tuyet", "Kim Ngan",
                "Bich Ngoc", "Thanh Huyen", "My"),
        male=("Minh", "Van Duc", "Huy", "Tuan", "Long", "Nam", "Hieu", "Khang", "Bao", "Phuc",
              "Quang", "Thanh", "Van Dung", "Hung", "Trung", "Khoa", "Vinh", "Son", "Anh Tuan",
              "Dang Khoa"),
        family=("Nguyen", "Tran", "Le", "Pham", "Hoang", "Huynh", "Phan", "Vu", "Vo", "Dang",
                "Bui", "Do", "Ho", "Ngo", "Duong", "Ly", "Trinh", "Dinh", "Lam", "Mai"),
    ),
    NamePool(
        code="IN",
        country="Indien",
        female=("Priya", "Ananya", "Aishwarya", "Divya", "Pooja", "Sneha", "Kavya", "Lakshmi",
                "Meera", "Neha", "Shreya", "Anjali", "Simran", "Harleen", "Ritika", "Swati",
                "Nandini", "Keerthana", "Aarti", "Jaspreet"),
        male=("Aarav", "Arjun", "Rahul", "Rohit", "Amit", "Vikram", "Sai", "Karthik", "Aditya",
              "Gurpreet", "Rajesh", "Suresh", "Vishal", "Nikhil", "Akash", "Pranav", "Ravi",
              "Arun", "Deepak", "Manoj"),
        family=("Sharma", "Singh", "Kumar", "Patel", "Reddy", "Nair", "Iyer", "Gupta", "Verma",
                "Rao", "Joseph", "Thomas", "Mathew", "Menon", "Pillai", "Das", "Mehta",
                "Chaudhary", "Yadav", "Mishra"),
    ),
    NamePool(
        code="MA",
        country="Marokko",
        female=("Fatima Zahra", "Khadija", "Salma", "Imane", "Meryem", "Sara", "Hajar", "Nisrine",
                "Houda", "Loubna", "Asmae", "Kawtar", "Ikram", "Zineb", "Oumaima", "Chaimae",
                "Ghizlane", "Siham", "Najat", "Hanane"),
        male=("Mohamed", "Youssef", "Ayoub", "Amine", "Hamza", "Mehdi", "Anas", "Ilyas", "Omar",
              "Rachid", "Karim", "Said", "Othmane", "Zakaria", "Soufiane", "Bilal", "Adil",
              "Hicham", "Nabil", "Tarik"),
        family=("El Amrani", "Benali", "Bennani", "El Idrissi", "Alaoui", "Berrada", "Chraibi",
                "El Fassi", "Tazi", "Ouazzani", "Haddaoui", "El Mansouri", "Boukhari", "Amrani",
                "Lahlou", "Zerouali", "El Khattabi", "Bouzid", "Naciri", "Azzouzi"),
    ),
    # Born in Germany with a migration background: first names common in Germany today, family
    # names of German and of heritage origin (the heritage language is in profiles.py).
    NamePool(
        code="DE",
        country="Deutschland",
        female=("Mia", "Emma", "Hannah", "Sophie", "Lea", "Lina", "Marie", "Lena", "Leonie",
                "Emily", "Laura", "Sarah", "Elif", "Melina", "Aylin", "Jana", "Nele", "Alina",
                "Lara", "Celine"),
        male=("Leon", "Noah", "Paul", "Elias", "Finn", "Luca", "Ben", "Jonas", "Luis", "Felix",
              "Maximilian", "Tim", "Niklas", "Lukas", "Yusuf", "Can", "Deniz", "Emir", "Marvin",
              "Kevin"),
        family=("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
                "Schulz", "Hoffmann", "Yılmaz", "Öztürk", "Kaya", "Nowak", "Nguyen", "Krasniqi",
                "Petrović", "Jovanović", "Schäfer", "Wolf"),
    ),
)
# fmt: on
NAME_POOLS_BY_CODE = {pool.code: pool for pool in NAME_POOLS}

# German family names of company owners and staff without a migration background.
GERMAN_FAMILY_NAMES = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
    "Werner", "Krause", "Lehmann", "Köhler",
)  # fmt: skip
GERMAN_FIRST_NAMES = (
    "Andreas", "Anja", "Birgit", "Christian", "Daniel", "Frank", "Heike", "Jana", "Jens",
    "Katrin", "Kerstin", "Marco", "Martina", "Matthias", "Nadine", "Peggy", "Ronny", "Sandra",
    "Silke", "Steffen", "Susanne", "Thomas", "Torsten", "Ute",
)  # fmt: skip


@dataclass(frozen=True)
class Trade:
    """Company-name words and WZ sector for the occupations under a KldB 2010 code prefix."""

    kldb_prefix: str
    words: tuple[str, ...]
    sector: str
    practice: bool = False  # a practice or office of a liberal profession: no legal form
    public: bool = False  # a public employer, named after its place


TRADES: tuple[Trade, ...] = (
    Trade("11", ("Agrarbetrieb", "Landwirtschaft", "Hofgut"), "A"),
    Trade("113", ("Reiterhof", "Pferdehof"), "A"),
    Trade("115", ("Tierpension", "Tierheim"), "A"),
    Trade("12", ("Gärtnerei", "Garten- und Landschaftsbau", "Grünpflege"), "A"),
    Trade("122", ("Blumen", "Floristik"), "G"),
    Trade("21", ("Baustoffe", "Glastechnik", "Steinwerk"), "C"),
    Trade("22", ("Kunststofftechnik", "Holzwerk"), "C"),
    Trade("223", ("Tischlerei", "Holzbau", "Möbelwerkstatt"), "C"),
    Trade("23", ("Druckerei", "Mediendesign", "Verpackungen"), "C"),
    Trade("24", ("Metallbau", "Schlosserei", "Metalltechnik"), "C"),
    Trade("25", ("Maschinenbau", "Anlagenbau"), "C"),
    Trade("2521", ("Autohaus", "Kfz-Werkstatt", "Autoservice"), "G"),
    Trade("2522", ("Landtechnik", "Baumaschinenservice"), "G"),
    Trade("26", ("Elektro", "Elektrotechnik", "Elektroinstallation"), "F"),
    Trade("261", ("Automatisierungstechnik", "Mechatronik"), "C"),
    Trade("27", ("Ingenieurbüro", "Konstruktionsbüro"), "M"),
    Trade("28", ("Polsterei", "Maßschneiderei", "Textilpflege"), "C"),
    Trade("29", ("Feinkost", "Lebensmittel"), "C"),
    Trade("2922", ("Bäckerei", "Backstube", "Konditorei"), "C"),
    Trade("2923", ("Fleischerei", "Metzgerei"), "C"),
    Trade("293", ("Restaurant", "Gasthaus", "Bistro", "Catering"), "I"),
    Trade("31", ("Planungsbüro", "Vermessungsbüro"), "M"),
    Trade("32", ("Bau", "Bauunternehmen", "Hoch- und Tiefbau"), "F"),
    Trade("33", ("Innenausbau", "Trockenbau", "Bodenbeläge"), "F"),
    Trade("332", ("Malerbetrieb", "Malerwerkstatt", "Farbe und Raum"), "F"),
    Trade("3332", ("Zimmerei", "Holzbau"), "F"),
    Trade("34", ("Haustechnik", "Gebäudetechnik"), "F"),
    Trade("342", ("Heizung und Sanitär", "Haustechnik", "Bad und Wärme"), "F"),
    Trade("41", ("Labor", "Analytik"), "M"),
    Trade("42", ("Umwelttechnik", "Entsorgung"), "E"),
    Trade("43", ("IT-Service", "IT-Systemhaus", "Software"), "J"),
    Trade("51", ("Logistik", "Spedition", "Lager und Transport"), "H"),
    Trade("52", ("Transporte", "Spedition", "Kurierdienst"), "H"),
    Trade("53", ("Sicherheitsdienst", "Objektschutz"), "N"),
    Trade("5314", ("Stadtbad", "Freizeitbad"), "R", public=True),
    Trade("54", ("Gebäudereinigung", "Reinigungsservice"), "N"),
    Trade("61", ("Großhandel", "Handelshaus", "Vertrieb"), "G"),
    Trade("613", ("Immobilien", "Hausverwaltung"), "L"),
    Trade("62", ("Handel", "Kaufhaus", "Shop"), "G"),
    Trade("6227", ("Autohaus", "Autozentrum"), "G"),
    Trade("623", ("Bäckerei", "Fleischerei", "Backstube"), "C"),
    Trade("624", ("Drogerie", "Apotheke"), "G"),
    Trade("625", ("Buchhandlung", "Musikhaus"), "G"),
    Trade("63", ("Hotel", "Gasthof", "Restaurant"), "I"),
    Trade("631", ("Reisebüro", "Fitnessstudio"), "N"),
    Trade("633", ("Restaurant", "Gasthaus", "Bistro"), "I"),
    Trade("634", ("Eventagentur", "Veranstaltungsservice"), "N"),
    Trade("71", ("Büroservice", "Verwaltungsservice", "Consulting"), "N"),
    Trade("715", ("Personaldienstleistungen", "Personalservice"), "N"),
    Trade("72", ("Finanzservice", "Versicherungsbüro"), "K"),
    Trade("723", ("Steuerberatung", "Steuerbüro"), "M", practice=True),
    Trade("73", ("Kanzlei", "Rechtsanwaltskanzlei", "Notariat"), "M", practice=True),
    Trade("732", ("Stadtverwaltung", "Gemeindeverwaltung", "Kreisverwaltung"), "O", public=True),
    Trade("7322", ("Klinikum", "Gesundheitszentrum"), "Q", public=True),
    Trade("733", ("Stadtbibliothek", "Stadtarchiv"), "R", public=True),
    Trade("81", ("Arztpraxis", "Gemeinschaftspraxis", "Hausarztpraxis"), "Q", practice=True),
    Trade("8111", ("Zahnarztpraxis", "Zahnzentrum"), "Q", practice=True),
    Trade("8114", ("Tierarztpraxis", "Tierklinik"), "M", practice=True),
    Trade("82", ("Pflegedienst", "Gesundheitszentrum"), "Q"),
    Trade("823", ("Friseursalon", "Haarstudio", "Kosmetikstudio"), "S"),
    Trade("824", ("Bestattungshaus", "Bestattungen"), "S"),
    Trade("8251", ("Orthopädietechnik", "Sanitätshaus"), "G"),
    Trade("8252", ("Augenoptik", "Optik"), "G"),
    Trade("8253", ("Hörakustik", "Hörgeräte"), "G"),
    Trade("8254", ("Dentallabor", "Zahntechnik"), "C"),
    Trade("83", ("Hauswirtschaftsservice", "Sozialdienst"), "Q"),
    Trade("9", ("Agentur", "Medienhaus", "Werbeagentur"), "M"),
    Trade("93", ("Werkstatt", "Atelier", "Manufaktur"), "C"),
    Trade("932", ("Raumausstattung", "Schauwerbung"), "C"),
    Trade("936", ("Instrumentenbau", "Musikwerkstatt"), "C"),
    Trade("94", ("Veranstaltungstechnik", "Medienproduktion", "Bühnenwerkstatt"), "R"),
)
DEFAULT_TRADE = Trade("", ("Service", "Dienstleistungen"), "N")


def trade_for(kldb_code: str) -> Trade:
    """The trade with the longest KldB prefix matching the code."""
    best = DEFAULT_TRADE
    for trade in TRADES:
        if kldb_code.startswith(trade.kldb_prefix) and len(trade.kldb_prefix) > len(
            best.kldb_prefix
        ):
            best = trade
    return best


# Legal forms of small companies with weights; one-owner forms for a single owner's name.
LEGAL_FORMS = (("GmbH", 40), ("e.K.", 20), ("UG (haftungsbeschränkt)", 12), ("GmbH & Co. KG", 8))
PARTNERSHIP_FORMS = (("GbR", 70), ("OHG", 30))

STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Gartenweg", "Lindenallee", "Industriestraße",
    "Gewerbering", "Am Markt", "Schulstraße", "Dorfstraße", "Mühlenweg", "Ringstraße",
    "Feldstraße", "Ahornweg", "Birkenweg", "Friedensstraße", "Am Anger", "Wiesenweg",
    "Handwerkerstraße", "Breite Straße", "Kirchstraße",
)  # fmt: skip


def drama_phone(number: int) -> str:
    """The `number`-th (modulo 5,000) unassigned drama number, e.g. '030 23125 042'."""
    block = DRAMA_NUMBER_BLOCKS[(number // 1000) % len(DRAMA_NUMBER_BLOCKS)]
    return f"{block} {number % 1000:03d}"


_GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe",
                                         "Ü": "Ue"})  # fmt: skip


def email_local_part(*words: str) -> str:
    """ASCII local part from words: ('Ayşe', 'Müller') -> 'ayse.mueller'."""
    parts = [
        re.sub(r"[^a-z0-9]+", "-", normalize(word.translate(_GERMAN_TRANSLITERATION))).strip("-")
        for word in words
    ]
    return ".".join(part for part in parts if part)


def demo_email(local_part: str, domain_index: int) -> str:
    return f"{local_part}@{RESERVED_EMAIL_DOMAINS[domain_index % len(RESERVED_EMAIL_DOMAINS)]}"
