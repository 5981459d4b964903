"""The short note a person takes away from a referral, in their language where we have it.

These few sentences are kept here rather than in the gettext catalogue because the staff UI
is German/English while the note is printed for the person in one of the languages young
people in the offices speak. Placeholders: {partner}, {topic}, {address}, {contact}, {office}.
"""

from __future__ import annotations

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
