"""Demo data: one released progress report per active trajectory and an end report for Yara (closed)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.casefile import progress_report
from portal.extensions import db
from portal.progress_reports import services
from portal.progress_reports.models import ProgressReport, ReportKind
from portal.trajectory.models import TrajectoryStatus

# Per candidate: the search direction, what went well, the obstacle in work terms, the next step.
PROFILES = {
    "sanne": ("administratieve en secretariële functies in de zorg en daarbuiten",
              "een gesprek bij een woningcorporatie in Culemborg",
              "zij werkt het best in vaste dagdelen van vier uur, zonder piekbelasting aan de telefoon",
              "het zoekprofiel verbreden naar klantcontactfuncties in de regio Tiel en Culemborg"),
    "ahmed": ("magazijn- en planningsfuncties met weinig tillen",
              "een uitnodiging voor een kennismaking bij een groothandel in Venlo",
              "hij kan geen zware lasten tillen en geen hele dagen staan; zittend werk met afwisseling past",
              "een korte cursus voorraadbeheer afronden en drie planners in zijn netwerk benaderen"),
    "lisa": ("functies als doktersassistente of baliemedewerker buiten het ziekenhuis",
             "een oriënterend gesprek bij een uitzendbureau voor zorgondersteuning",
             "zij kan nog niet volledig in wisseldiensten werken; dagdiensten gaan goed",
             "haar cv herschrijven op de gevraagde taken en twee open sollicitaties versturen"),
    "kees": ("functies in logistiek en facilitaire dienstverlening",
             "twee sollicitatiegesprekken en een mogelijke werkervaringsplaats",
             "hij kan maximaal zes uur per dag werken met een pauze per twee uur",
             "de werkervaringsplaats concreet maken en blijven solliciteren op vaste functies"),
    "noor": ("begeleidende en coördinerende functies in het sociaal domein",
             "een netwerkgesprek met een wijkteam in haar woonplaats",
             "zij kan voorlopig 20 uur per week werken, verdeeld over vier dagen",
             "de eerste module afronden en haar netwerk uitbreiden met drie nieuwe contacten"),
    "daan": ("chauffeurs- en koeriersfuncties op korte ritten",
             "een proefdag bij een bezorgdienst",
             "hij kan geen lange ritten maken; ritten tot anderhalf uur met pauzes zijn haalbaar",
             "na de proefdag het gesprek over een contract voeren en verder solliciteren"),
    "fleur": ("administratieve functies in logistiek en transport",
              "de eerste sollicitaties verstuurd binnen twee weken",
              "zij is nog aan het opbouwen en werkt nu drie dagdelen per week",
              "het zoekprofiel vastleggen en elke week minstens twee sollicitaties doen"),
    "tom": ("functies als monteur of technisch medewerker binnendienst",
            "nog geen uitnodigingen; de sollicitaties zijn vooral breed verstuurd",
            "hij kan niet boven schouderhoogte werken; werk aan de werkbank of in de binnendienst past",
            "gerichter solliciteren met een aangepaste brief per vacature en vaker contact met de adviseur"),
    "sem": ("commerciële binnendienstfuncties en klantenservice",
            "een tweede gesprek bij een webwinkel in Venlo",
            "hij werkt het best met een vaste werkplek en voorspelbare werktijden",
            "het tweede gesprek voorbereiden met een oefengesprek en verder solliciteren"),
}
INSUFFICIENT = {"tom"}
RESPONSES = {
    "kees": "Ik herken mij in de rapportage. De werkervaringsplaats wil ik graag, maar ik wil ook blijven "
            "solliciteren op een vaste baan.",
    "tom": "Ik heb meer gedaan dan hier staat: ik heb ook bij bekenden gevraagd of zij iets wisten. Ik ga "
           "dat voortaan in het dagboek zetten.",
}


def _texts(name: str, key: str, target: int) -> tuple[dict[str, str], str]:
    direction, result, obstacle, next_step = PROFILES[key]
    first = name.split()[0]
    insufficient = key in INSUFFICIENT
    texts = {
        "goal": f"Het doel van het tweede spoor is passend werk bij een andere werkgever. {first} zoekt naar "
                f"{direction}. Afgesproken is {target} sollicitatieactiviteiten per week, aangevuld met "
                "netwerkactiviteiten en de modules in de portal.",
        "done": f"{first} heeft in deze periode gesolliciteerd en de activiteiten in het dagboek vastgelegd. "
                "In de gesprekken met de adviseur zijn de vacatures en de brieven besproken.",
        "results": f"Resultaat in deze periode: {result}.",
        "obstacles": f"In werktermen: {obstacle}. Daar wordt in de zoekrichting rekening mee gehouden.",
        "candidate_view": f"{first} geeft aan gemotiveerd te zijn en wil graag aan het werk bij een werkgever waar "
                          "de afspraken over werktijden helder zijn.",
        "next_steps": f"Volgende stap: {next_step}. De volgende evaluatie is over zes weken.",
        "judgement": ("De inspanningen zijn onvoldoende: in meerdere weken is het afgesproken aantal niet gehaald "
                      "zonder toelichting, en de sollicitaties waren weinig gericht. Dit is met de kandidaat "
                      "besproken; de afspraken staan bij de vervolgstappen." if insufficient else
                      "De inspanningen zijn voldoende: het afgesproken aantal is in de meeste weken gehaald en "
                      "de activiteiten passen bij de zoekrichting en de belastbaarheid."),
    }
    return texts, "insufficient" if insufficient else "sufficient"


def _release(report: ProgressReport, advisor, key: str, today) -> None:
    services.send_to_candidate(report, today - timedelta(days=9))
    if key in RESPONSES:
        services.candidate_responds(report, RESPONSES[key])
    else:
        services.candidate_agrees(report)
    progress_report.release(report, advisor, today)


def seed_progress_reports(ctx) -> None:
    """Idempotent: a trajectory that has a report already is left alone."""
    end = ctx.today - timedelta(days=ctx.today.weekday() + 1)  # last Sunday: whole weeks only
    for key, trajectory in ctx.trajectories.items():
        if key not in PROFILES and key != "yara":
            continue
        if db.session.scalar(select(ProgressReport.id).where(ProgressReport.trajectory_id == trajectory.id)):
            continue
        advisor = trajectory.advisors[0]
        if trajectory.status == TrajectoryStatus.ACTIVE and key in PROFILES:
            start = max(trajectory.spoor2_start, end - timedelta(weeks=6) + timedelta(days=1))
            report = services.create_report(trajectory, advisor, ReportKind.PROGRESS, start, end)
            texts, choice = _texts(trajectory.candidate.name, key, trajectory.weekly_target)
            services.save_texts(report, advisor, texts, choice=choice)
            _release(report, advisor, key, ctx.today)
        elif key == "yara" and trajectory.status == TrajectoryStatus.CLOSED:
            _seed_end_report(trajectory, advisor, ctx.today)
    db.session.flush()


def _seed_end_report(trajectory, advisor, today) -> None:
    """The end report follows what the demo recorded: a placement when there is one."""
    from portal.plan import casework

    first = trajectory.candidate.name.split()[0]
    end = trajectory.closed_on or today
    placements = casework.placements_for(trajectory)
    report = services.create_report(trajectory, advisor, ReportKind.FINAL, trajectory.spoor2_start, end)
    texts = {
        "goal": f"Het doel was passend werk bij een andere werkgever in administratie of planning. Het afgesproken "
                f"aantal sollicitatieactiviteiten is in de loop van het traject verhoogd toen {first} meer "
                "uren aankon.",
        "done": f"{first} heeft gedurende het hele traject gesolliciteerd, netwerkgesprekken gevoerd en de modules "
                "over het cv, de sollicitatiebrief en het sollicitatiegesprek afgerond.",
        "obstacles": f"In werktermen: {first} kan maximaal 32 uur per week werken, in dagdiensten, zonder "
                     "fysiek zwaar werk. Functies met veel reistijd vielen daardoor af.",
        "judgement": "De inspanningen waren gedurende het hele traject voldoende: het afgesproken aantal is in "
                     "bijna alle weken gehaald en elke week onder het doel is toegelicht.",
        "next_steps": "Het traject is afgesloten. De werkgever gebruikt deze eindrapportage voor het "
                      "re-integratieverslag.",
    }
    if placements:
        job = placements[-1]
        texts.update({
            "results": f"Na meerdere sollicitatiegesprekken volgde een aanbod van {job.organisation}.",
            "candidate_view": f"{first} is blij met de nieuwe baan en heeft er vertrouwen in dat het werk past.",
            "outcome": f"Plaatsing: {first} werkt sinds {job.start_on:%d-%m-%Y} als {job.role.lower()} bij "
                       f"{job.organisation}, {job.hours_per_week} uur per week.",
        })
    else:
        texts.update({
            "results": "Er waren meerdere sollicitatiegesprekken, maar geen aanbod.",
            "candidate_view": f"{first} is teleurgesteld dat het niet tot een plaatsing heeft geleid, maar vindt dat "
                              "ze alles heeft gedaan wat was afgesproken.",
            "outcome": "Geen plaatsing. De arbeidsmarkt voor functies binnen de belastbaarheid en de reisafstand "
                       "was beperkt, en de gesprekken leidden niet tot een aanbod.",
        })
    services.save_texts(report, advisor, texts, choice="sufficient")
    _release(report, advisor, "yara", today)
