"""What a referral hands out: the German text for the partner and the note for the person.

The partner's hand-out is one context rendered two ways: `referral_handout.txt` (autoescape
off) only for mail bodies and text/plain, `_referral_handout_partner.html` (escaped) for
pages. Names, messages and addresses are typed by users, so nothing here is marked safe.

The person's note is a few sentences kept here rather than in the gettext catalogue because
the staff UI is German/English while the note is printed for the person in one of the
languages young people in the offices speak. Placeholders: {partner}, {topic}, {address},
{contact}, {office}. The result is plain text; templates escape it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES
from kausa.counselling.models import Referral, SharedField
from kausa.people.models import Person

NOTE_TEXTS: dict[str, str] = {
    "de": (
        "Wir haben Sie an {partner} verwiesen (Thema: {topic}).\n"
        "Adresse: {address}\nKontakt: {contact}\n"
        "Bitte melden Sie sich dort oder warten Sie auf einen Anruf. "
        "Bei Fragen hilft Ihnen {office}."
    ),
    "en": (
        "We have referred you to {partner} (topic: {topic}).\n"
        "Address: {address}\nContact: {contact}\n"
        "Please get in touch with them or wait for their call. "
        "If you have questions, {office} will help you."
    ),
    "ar": (
        "لقد أحلناك إلى {partner} (الموضوع: {topic}).\n"
        "العنوان: {address}\nالتواصل: {contact}\n"
        "يرجى التواصل معهم أو انتظار اتصالهم. "
        "إذا كانت لديك أسئلة، فإن {office} سيساعدك."
    ),
    "uk": (
        "Ми направили вас до {partner} (тема: {topic}).\n"
        "Адреса: {address}\nКонтакт: {contact}\n"
        "Будь ласка, зв'яжіться з ними або дочекайтеся їхнього дзвінка. "
        "Якщо у вас є запитання, вам допоможе {office}."
    ),
    "ru": (
        "Мы направили вас в {partner} (тема: {topic}).\n"
        "Адрес: {address}\nКонтакт: {contact}\n"
        "Пожалуйста, свяжитесь с ними или дождитесь их звонка. "
        "Если у вас есть вопросы, вам поможет {office}."
    ),
    "tr": (
        "Sizi {partner} kurumuna yönlendirdik (konu: {topic}).\n"
        "Adres: {address}\nİletişim: {contact}\n"
        "Lütfen onlarla iletişime geçin veya aramalarını bekleyin. "
        "Sorularınız olursa {office} size yardımcı olur."
    ),
    "fa": (
        "ما شما را به {partner} ارجاع دادیم (موضوع: {topic}).\n"
        "نشانی: {address}\nتماس: {contact}\n"
        "لطفاً با آنها تماس بگیرید یا منتظر تماس آنها باشید. "
        "اگر سؤالی دارید، {office} به شما کمک می‌کند."
    ),
}


def note_language(person: Person) -> str:
    """The best-spoken language of the person that we have a note in, else German."""
    for item in person.languages.order_by("-level", "language"):
        if item.language in NOTE_TEXTS and item.language != "de":
            return str(item.language)
    return "de"


def person_note(
    *, partner_name: str, topic: str, address: str, contact: str, office: str, language: str
) -> str:
    template = NOTE_TEXTS.get(language, NOTE_TEXTS["de"])
    return template.format(
        partner=partner_name, topic=topic, address=address, contact=contact, office=office
    )


def person_notes(referral: Referral) -> list[dict[str, Any]]:
    """The note in German and, if the person reads another language we have, in that one."""
    partner = referral.partner
    contact = ", ".join(value for value in (partner.phone, partner.email) if value) or "–"
    languages = ["de"]
    person = referral.case.person
    if person is not None and (language := note_language(person)) != "de":
        languages.append(language)
    return [
        {
            "language": language,
            "rtl": language in RIGHT_TO_LEFT_LANGUAGES,
            "text": person_note(
                partner_name=partner.name,
                topic=referral.topic.name,
                address=partner.address_line or "–",
                contact=contact,
                office=referral.case.office.name,
                language=language,
            ),
        }
        for language in languages
    ]


def partner_handout_context(referral: Referral) -> dict[str, Any]:
    """The data of the partner's hand-out, with German labels."""
    with translation.override("de"):
        return {"referral": referral, "shared": shared_data(referral)}


def partner_handout_text(referral: Referral) -> str:
    """The hand-out as plain text for a mail body: never put it into HTML unescaped."""
    with translation.override("de"):
        rendered = render_to_string(
            "counselling/referral_handout.txt", partner_handout_context(referral)
        )
    # render_to_string marks its result safe; this text is not HTML, so drop the mark.
    return str.__str__(rendered)


def shared_data(referral: Referral) -> list[tuple[str, str]]:
    """(label, value) of exactly the fields the referral shares."""
    case = referral.case
    if case.company is not None:
        company = case.company
        company_rows = {
            SharedField.NAME: (_("Company"), company.name),
            SharedField.ADDRESS: (_("Address"), f"{company.postal_code} {company.place}".strip()),
        }
        return [company_rows[name] for name in referral.shared_fields if name in company_rows]
    person = case.person
    assert person is not None
    return [
        (str(PERSON_ROWS[name][0]), PERSON_ROWS[name][1](person))
        for name in referral.shared_fields
        if name in PERSON_ROWS
    ]


def _contact(person: Person) -> str:
    return ", ".join(value for value in (person.email, person.phone) if value) or "–"


def _birth_date(person: Person) -> str:
    return person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "–"


def _place(person: Person) -> str:
    return f"{person.postal_code} {person.place}".strip() or "–"


def _languages(person: Person) -> str:
    languages = ", ".join(str(item) for item in person.languages.all())
    return f"{_('German')}: {person.get_german_level_display()}; {languages or '–'}"


def _school(person: Person) -> str:
    school = person.get_school_certificate_display()
    return f"{school}; {person.get_recognition_status_display()}"


def _occupations(person: Person) -> str:
    wishes = ", ".join(
        item.occupation.name for item in person.desired_occupations.select_related("occupation")
    )
    return wishes or "–"


def _residence(person: Person) -> str:
    sensitive = getattr(person, "sensitive", None)
    return str(sensitive.get_residence_status_display()) if sensitive else "–"


def _name(person: Person) -> str:
    return person.full_name


# Label (translated when the hand-out is made, in German) and value of each shared field.
PERSON_ROWS: dict[str, tuple[StrOrPromise, Callable[[Person], str]]] = {
    SharedField.NAME: (gettext_lazy("Name"), _name),
    SharedField.CONTACT: (gettext_lazy("Contact"), _contact),
    SharedField.BIRTH_DATE: (gettext_lazy("Date of birth"), _birth_date),
    SharedField.ADDRESS: (gettext_lazy("Place"), _place),
    SharedField.LANGUAGES: (gettext_lazy("Languages"), _languages),
    SharedField.SCHOOL: (gettext_lazy("School"), _school),
    SharedField.OCCUPATIONS: (gettext_lazy("Desired occupations"), _occupations),
    SharedField.RESIDENCE: (gettext_lazy("Residence status"), _residence),
}
