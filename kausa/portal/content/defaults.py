"""The default pages in German (plain language, A2), created by `content_defaults()` for an
organisation that has none yet. Addresses and numbers are synthetic examples: the team lead
changes them on the staff side (Portal pages) before the portal goes live."""

from __future__ import annotations

from dataclasses import dataclass

from kausa.portal.content.models import PagePurpose


@dataclass(frozen=True)
class DefaultPage:
    purpose: str
    slug: str
    title: str
    body: str


TRAINING = """\
In Deutschland lernen viele junge Menschen einen Beruf in einer **dualen Ausbildung**.

## Zwei Lernorte

- Sie arbeiten in einem Betrieb. Dort lernen Sie die Praxis.
- Sie gehen in die Berufsschule. Dort lernen Sie die Theorie.

## Wie lange dauert die Ausbildung?

Die Ausbildung dauert meistens 2 bis 3,5 Jahre. Am Ende machen Sie eine Prüfung.
Dann haben Sie einen Berufsabschluss. Mit diesem Abschluss finden Sie leichter Arbeit.

## Bekomme ich Geld?

Ja. Sie bekommen jeden Monat Geld vom Betrieb. Das Geld heißt Ausbildungsvergütung.

## Was brauche ich?

- Meistens brauchen Sie einen Schulabschluss. Ein Abschluss aus einem anderen Land kann auch passen.
- Sie brauchen gute Deutschkenntnisse. Oft reicht am Anfang das Niveau B1.
- Sie brauchen eine Erlaubnis zum Arbeiten. Wir helfen Ihnen bei diesen Fragen.

## Welche Berufe gibt es?

Es gibt mehr als 300 Ausbildungsberufe. Zum Beispiel: Koch oder Köchin, Elektroniker oder
Elektronikerin, Kaufmann oder Kauffrau im Einzelhandel, Mechatroniker oder Mechatronikerin.

## Wir helfen Ihnen

KAUSA berät Sie **kostenlos**. Wir finden mit Ihnen einen passenden Beruf und einen Betrieb.
"""

HELP = """\
KAUSA berät junge Menschen, Eltern und Betriebe. Die Beratung ist **kostenlos**.
Sie können in Ihrer Sprache fragen. Wir finden dann eine Lösung.

## Wir helfen Ihnen

- Wir finden mit Ihnen einen passenden Beruf.
- Wir suchen mit Ihnen einen Ausbildungsplatz.
- Wir helfen bei der Bewerbung.
- Wir erklären Briefe und Formulare von Ämtern.
- Wir beraten auch Ihre Eltern.

## Was bringe ich zur Beratung mit?

- Ihren Ausweis oder Ihre Aufenthaltserlaubnis
- Ihre Zeugnisse, wenn Sie welche haben
- Ihren Lebenslauf, wenn Sie einen haben
- Bescheinigungen von Deutschkursen

Sie haben nicht alle Papiere? Kommen Sie trotzdem. Wir helfen Ihnen.

## Wo finde ich KAUSA?

Geben Sie Ihre Postleitzahl ein. Dann sehen Sie Ihre KAUSA-Stelle:
[KAUSA-Stelle finden](/de/info/offices/)
"""

PRIVACY = """\
Hier lesen Sie, was mit Ihren Daten passiert.

## Wer ist verantwortlich?

KAUSA-Landesstelle (Beispiel), Musterstraße 1, 39104 Magdeburg.
E-Mail: [datenschutz@kausa.example](mailto:datenschutz@kausa.example)

## Welche Daten speichern wir?

- Sie lesen nur Seiten: Dann speichern wir keine Daten über Sie. Es gibt keine Werbung und
  keine Tracker. Wir nutzen nur Cookies, die für die Seite nötig sind.
- Sie schicken uns ein Formular: Dann speichern wir Ihre Angaben. Wir brauchen sie für die
  Beratung. Wir geben sie nicht ohne Ihre Erlaubnis weiter.

## Wie lange speichern wir Ihre Daten?

Wir löschen Ihre Daten, wenn wir sie nicht mehr brauchen.

## Ihre Rechte

- Sie dürfen fragen: Welche Daten haben Sie über mich?
- Sie dürfen falsche Daten korrigieren lassen.
- Sie dürfen Ihre Daten löschen lassen.
- Sie dürfen sich bei der Aufsicht für Datenschutz beschweren.

Schreiben Sie uns einfach eine E-Mail.
"""

IMPRINT = r"""KAUSA-Landesstelle (Beispiel)\
Musterstraße 1\
39104 Magdeburg

Telefon: [0391 0000000](tel:+493910000000)\
E-Mail: [info@kausa.example](mailto:info@kausa.example)

Verantwortlich für den Inhalt: die Leitung der KAUSA-Landesstelle (Beispiel).

Das sind Beispiel-Daten. Die Leitung ändert diese Seite vor dem Start des Portals.
"""

DEFAULT_PAGES = (
    DefaultPage(PagePurpose.TRAINING, "ausbildung", "Was ist eine duale Ausbildung?", TRAINING),
    DefaultPage(PagePurpose.HELP, "hilfe", "So hilft Ihnen KAUSA", HELP),
    DefaultPage(PagePurpose.PRIVACY, "datenschutz", "Datenschutz", PRIVACY),
    DefaultPage(PagePurpose.IMPRINT, "impressum", "Impressum", IMPRINT),
)
