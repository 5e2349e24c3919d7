"""Demo vacancies: a few hundred realistic Dutch jobs, generated deterministically."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.jobs import places
from portal.jobs.models import Recommendation, SavedVacancy, Vacancy, VacancyStatus
from portal.jobs.rules import haversine_km
from portal.jobs.services import recommend, save_for, search_profile_for, update_search_profile
from portal.registry import add_demo_seeder

DEMO_SOURCE = "demo"
COUNT = 300

# sector -> (titles, organisations, education levels, hours ranges, description lines)
TEMPLATES = {
    "zorg": (["Helpende zorg en welzijn", "Verzorgende IG", "Medewerker huishoudelijke hulp", "Gastvrouw zorgcentrum",
              "Activiteitenbegeleider", "Planner thuiszorg"],
             ["Zorggroep {city}", "Thuiszorg Regio {city}", "Woonzorgcentrum De Linde", "Stichting Zorgbalans"],
             ["vmbo", "mbo"], [(16, 24), (24, 32), (20, 28)],
             ["Je ondersteunt cliënten bij de dagelijkse zorg.", "Je werkt in een klein, vast team.",
              "Onregelmatige diensten, ook in het weekend.", "Tillen gaat met hulpmiddelen."]),
    "logistiek": (["Magazijnmedewerker", "Orderpicker", "Chauffeur bestelbus", "Planner transport",
                   "Medewerker expeditie"],
                  ["Van Dijk Logistiek", "DistriCenter {city}", "Transportbedrijf Jansen", "PostNL"],
                  ["none", "vmbo", "mbo"], [(32, 40), (24, 32), (36, 40)],
                  ["Je verzamelt en verpakt bestellingen.", "Het werk is fysiek: je tilt dozen tot 23 kilo.",
                   "Werken in ploegendienst.", "Een heftruckcertificaat is een pré."]),
    "administratie": (["Administratief medewerker", "Medewerker debiteurenbeheer", "Secretaresse",
                       "Financieel administratief medewerker", "Officemanager"],
                      ["Accountantskantoor Bakker", "Woningcorporatie {city}", "Advocatenkantoor Visser"],
                      ["mbo", "hbo"], [(16, 24), (24, 32), (32, 36)],
                      ["Je verwerkt facturen en houdt de administratie bij.", "Rustige werkplek op kantoor.",
                       "Deels thuiswerken is mogelijk.", "Je werkt nauwkeurig met Excel."]),
    "ict": (["Servicedeskmedewerker", "Junior applicatiebeheerder", "Testanalist", "Functioneel beheerder"],
            ["ICT Partners {city}", "Gemeente {city}", "SoftwareHuis Noord"],
            ["mbo", "hbo"], [(24, 32), (32, 40)],
            ["Je helpt collega's met hun vragen over software.", "Veel beeldschermwerk.",
             "Thuiswerken kan twee dagen per week."]),
    "onderwijs": (["Onderwijsassistent", "Pedagogisch medewerker kinderopvang", "Conciërge",
                   "Administratief medewerker onderwijs"],
                  ["Kinderopvang Kindplein", "Basisschool De Regenboog", "ROC {city}"],
                  ["mbo", "hbo"], [(16, 24), (20, 32)],
                  ["Je werkt met kinderen in een vaste groep.", "Je ondersteunt leerkrachten in de klas."]),
    "techniek": (["Productiemedewerker", "Monteur installatietechniek", "Operator", "Kwaliteitscontroleur"],
                 ["Metaalbewerking {city}", "Installatiebedrijf Smit", "Voedingsfabriek Holland Foods"],
                 ["vmbo", "mbo"], [(32, 40), (36, 40)],
                 ["Je bedient machines in de productiehal.", "Werken in 3-ploegendienst, ook nachtdiensten.",
                  "Veiligheid staat voorop."]),
    "klantenservice": (["Klantenservicemedewerker", "Medewerker klantcontact", "Telefonist receptionist"],
                       ["Energiebedrijf Groen", "Zorgverzekeraar Samen", "Webwinkel Alles.nl"],
                       ["vmbo", "mbo"], [(16, 24), (24, 32), (32, 36)],
                       ["Je beantwoordt vragen via telefoon, chat en e-mail.", "Een goede inwerkperiode.",
                        "Thuiswerken na je inwerkperiode."]),
    "retail": (["Verkoopmedewerker", "Kassamedewerker", "Vakkenvuller", "Assistent-filiaalmanager"],
               ["Supermarkt Plus {city}", "Bouwmarkt Gamma {city}", "Bakkerij Bart"],
               ["none", "vmbo", "mbo"], [(12, 20), (16, 24), (24, 32)],
               ["Je helpt klanten in de winkel.", "Je staat een groot deel van de dag.",
                "Werken op zaterdag hoort erbij."]),
    "overheid": (["Medewerker publiekszaken", "Beleidsmedewerker", "Medewerker archief", "Handhaver"],
                 ["Gemeente {city}", "Provincie", "Waterschap Rivierenland", "UWV"],
                 ["mbo", "hbo", "wo"], [(24, 32), (32, 36)],
                 ["Je helpt inwoners aan de balie.", "Werken bij de overheid: goede arbeidsvoorwaarden.",
                  "Je schrijft adviezen en notities."]),
    "horeca": (["Medewerker bediening", "Zelfstandig werkend kok", "Schoonmaakmedewerker", "Gastheer/gastvrouw"],
               ["Restaurant De Gouden Leeuw", "Hotel {city}", "Schoonmaakbedrijf Glans"],
               ["none", "vmbo", "mbo"], [(12, 20), (20, 32)],
               ["Avond- en weekendwerk.", "Een gezellig team in een druk restaurant.", "Vroeg beginnen, vroeg klaar."]),
}
CONTRACTS = ["permanent", "temporary", "temporary", "agency", "permanent", "traineeship"]
PROFILES = {
    "sanne": dict(desired_roles="administratief medewerker, receptionist, planner", postcode="4001AA",
                  max_distance_km=30, hours_min=16, hours_max=24, education_level="mbo",
                  sectors="administratie,zorg,klantenservice", limitations="geen zwaar tillen\ngeen nachtdiensten"),
    "ahmed": dict(desired_roles="planner transport, medewerker klantcontact", postcode="5911AA",
                  max_distance_km=40, hours_min=24, hours_max=32, education_level="mbo",
                  sectors="logistiek,klantenservice", limitations="niet de hele dag staan\ngeen ploegendienst"),
}
TIPS = {"sanne": ("administratie", "advisor"), "ahmed": ("logistiek", "advisor2")}  # sector, who tips
NEAR_HOME = 6


def _description(lines, lo: int, hi: int, place) -> str:
    return ("".join(f"<p>{line}</p>" for line in lines)
            + f"<h3>Wat wij bieden</h3><ul><li>{lo} tot {hi} uur per week</li><li>Een fijne werkplek in "
            f"{place.name}</li></ul>")


def seed_jobs(ctx) -> None:
    """A few hundred vacancies, search profiles for Sanne and Ahmed, tips and saved items."""
    existing = db.session.scalar(select(func.count()).select_from(Vacancy).where(Vacancy.source == DEMO_SOURCE))
    if not existing:
        _vacancies(ctx)
        _near_home(ctx)
        db.session.flush()
    _profiles(ctx)
    _tips_and_saved(ctx)


def _vacancies(ctx) -> None:
    rng = ctx.rng
    towns = list(places.all_places())
    big = [p for p in towns if p.name in {"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen",
                                         "Tilburg", "Almere", "Breda", "Nijmegen", "Zwolle", "Tiel", "Venlo", "Arnhem"}]
    sectors = list(TEMPLATES)
    for n in range(COUNT):
        sector = sectors[n % len(sectors)]
        titles, orgs, levels, hours, lines = TEMPLATES[sector]
        place = rng.choice(big) if rng.random() < 0.5 else rng.choice(towns)
        lo, hi = rng.choice(hours)
        posted = ctx.today - timedelta(days=rng.randint(0, 60))
        status = VacancyStatus.CLOSED if rng.random() < 0.06 else VacancyStatus.ACTIVE
        closes = posted + timedelta(days=rng.choice([21, 30, 45, 60])) if rng.random() < 0.7 else None
        title = rng.choice(titles)
        org = rng.choice(orgs).format(city=place.name)
        body = rng.sample(lines, k=min(3, len(lines)))
        vacancy = Vacancy(
            title=title, organisation=org, city=place.name, postcode=f"{place.pc4_from}AB",
            lat=place.lat, lon=place.lon, hours_min=lo, hours_max=hi, contract_type=rng.choice(CONTRACTS),
            education_level=rng.choice(levels), sector=sector,
            salary_min=rng.randrange(2200, 3200, 50), description_html=_description(body, lo, hi, place),
            apply_url=f"https://werkenbij.example.nl/vacature/{n + 1}", posted_on=posted, closes_on=closes,
            source=DEMO_SOURCE, source_id=f"demo-{n + 1}", status=status,
        )
        vacancy.salary_max = vacancy.salary_min + rng.randrange(200, 900, 50)
        db.session.add(vacancy)


def _profiles(ctx) -> None:
    for key, fields in PROFILES.items():
        trajectory = ctx.trajectories.get(key)
        if trajectory is not None and search_profile_for(trajectory) is None:
            update_search_profile(trajectory, ctx.users["advisor" if key == "sanne" else "advisor2"], **fields)


def _home(key: str):
    return places.place_for_postcode(PROFILES[key]["postcode"])


def _near_home(ctx) -> None:
    """A few open vacancies in the tip's sector within each demo search radius, in the hours
    asked for, so the advisor's tips lie near the candidate's home. Spread over the towns in
    reach without drawing from `ctx.rng`, so the other seeders' draws stay as they were."""
    for key, (sector, _) in TIPS.items():
        profile, home = PROFILES[key], _home(key)
        towns = sorted((p for p in places.all_places()
                        if haversine_km(home.lat, home.lon, p.lat, p.lon) <= profile["max_distance_km"] * 0.8),
                       key=lambda p: (p.name, p.pc4_from))
        titles, orgs, _, _, lines = TEMPLATES[sector]
        lo, hi = profile["hours_min"], profile["hours_max"]
        for n in range(NEAR_HOME):
            place = towns[(n * 7) % len(towns)]
            body = [lines[(n + i) % len(lines)] for i in range(min(3, len(lines)))]
            db.session.add(Vacancy(
                title=titles[n % len(titles)], organisation=orgs[n % len(orgs)].format(city=place.name),
                city=place.name, postcode=f"{place.pc4_from}AB", lat=place.lat, lon=place.lon,
                hours_min=lo, hours_max=hi, contract_type=CONTRACTS[n % len(CONTRACTS)],
                education_level=profile["education_level"], sector=sector,
                salary_min=2400 + 50 * n, salary_max=2900 + 50 * n,
                description_html=_description(body, lo, hi, place),
                apply_url=f"https://werkenbij.example.nl/vacature/{key}-{n + 1}",
                posted_on=ctx.today - timedelta(days=n), closes_on=None,
                source=DEMO_SOURCE, source_id=f"demo-{key}-{n + 1}", status=VacancyStatus.ACTIVE,
            ))


def _tips_and_saved(ctx) -> None:
    for key, (sector, advisor_key) in TIPS.items():
        trajectory = ctx.trajectories.get(key)
        if trajectory is None:
            continue
        has_any = db.session.scalar(select(Recommendation.id).where(Recommendation.trajectory_id == trajectory.id).limit(1))
        has_saved = db.session.scalar(select(SavedVacancy.id).where(SavedVacancy.trajectory_id == trajectory.id).limit(1))
        open_ones = list(db.session.scalars(
            select(Vacancy).where(Vacancy.source == DEMO_SOURCE, Vacancy.sector == sector,
                                  Vacancy.status == VacancyStatus.ACTIVE)
            .where((Vacancy.closes_on.is_(None)) | (Vacancy.closes_on >= ctx.today))
            .order_by(Vacancy.posted_on.desc(), Vacancy.id)
        ))
        # Tips and saved items near home, in the hours the candidate asked for.
        profile, home = PROFILES[key], _home(key)
        open_ones = [v for v in open_ones
                     if haversine_km(home.lat, home.lon, v.lat, v.lon) <= profile["max_distance_km"]
                     and v.hours_min <= profile["hours_max"] and v.hours_max >= profile["hours_min"]][:6]
        if not has_any:
            notes = ["Past goed bij je uren en ligt dichtbij.", "Rustig werk, goed om mee te starten.",
                     "Bel gerust eerst even om te vragen naar de werktijden."]
            for vacancy, note in zip(open_ones[:3], notes, strict=False):
                recommend(trajectory, vacancy, ctx.users[advisor_key], note)
        if not has_saved:
            for vacancy in open_ones[3:5]:
                save_for(trajectory, vacancy)


add_demo_seeder("jobs", seed_jobs, order=40)
