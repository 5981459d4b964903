"""The fixed texts of the hand-out in its seven languages.

The hand-out's second language differs from the language of the staff interface, so these
are data, not gettext messages. German notices name the other language (``{language}``);
every other language's notices speak of itself.
"""

from __future__ import annotations

GERMAN_LANGUAGE_NAMES = {
    "de": "Deutsch",
    "en": "Englisch",
    "ar": "Arabisch",
    "uk": "Ukrainisch",
    "ru": "Russisch",
    "tr": "Türkisch",
    "fa": "Persisch (Farsi)",
}

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "steps": "Schritte",
        "documents": "Unterlagen",
        "contact": "Kontakt",
        "legal": "Rechtsgrundlage",
        # the organisation's own kind fills in: "Ihre KAUSA-Landesstelle" (see office_label)
        "office": "Ihre {kind}",
        "disclaimer": "Diese Übersicht ist eine Information und keine Rechtsberatung. Regeln "
        "können sich ändern: Fragen Sie die unten genannte Stelle.",
        "step_missing": "Für diesen Schritt gibt es noch keine (vollständige) Übersetzung auf "
        "{language}. Es gilt der deutsche Text.",
        "step_outdated": "Der deutsche Text dieses Schritts wurde nach der Übersetzung auf "
        "{language} geändert. Es gilt der neuere deutsche Text.",
        "head_missing": "Titel und Einleitung sind noch nicht auf {language} übersetzt. Es gilt "
        "der deutsche Text.",
        "head_outdated": "Titel oder Einleitung wurden nach der Übersetzung auf {language} "
        "geändert. Es gilt der deutsche Text.",
        "all_missing": "Dieses Merkblatt ist noch nicht auf {language} übersetzt. Es liegt nur "
        "auf Deutsch vor.",
    },
    "en": {
        "steps": "Steps",
        "documents": "Documents",
        "contact": "Contact",
        "legal": "Legal basis",
        "office": "Your KAUSA office",
        "disclaimer": "This overview is information, not legal advice. Rules can change: ask "
        "the office named below.",
        "step_missing": "This step has not been (fully) translated into English yet. The German "
        "text applies.",
        "step_outdated": "The German text of this step was changed after this translation. The "
        "newer German text applies.",
        "head_missing": "The title and introduction have not been translated into English yet. "
        "The German text applies.",
        "head_outdated": "The German title or introduction was changed after this translation. "
        "The German text applies.",
        "all_missing": "This hand-out has not been translated into English yet. It is in German "
        "only.",
    },
    "ar": {
        "steps": "الخطوات",
        "documents": "المستندات",
        "contact": "جهة الاتصال",
        "legal": "الأساس القانوني",
        "office": "مكتب KAUSA الخاص بك",
        "disclaimer": "هذه النظرة العامة للمعلومات فقط وليست استشارة قانونية. قد تتغير "
        "القواعد: اسأل الجهة المذكورة أدناه.",
        "step_missing": "لا توجد بعد ترجمة كاملة لهذه الخطوة إلى العربية. النص الألماني هو "
        "المعتمد.",
        "step_outdated": "تم تعديل النص الألماني لهذه الخطوة بعد هذه الترجمة. النص الألماني "
        "أحدث وهو المعتمد.",
        "head_missing": "لم تتم بعد ترجمة العنوان والمقدمة إلى العربية. النص الألماني هو المعتمد.",
        "head_outdated": "تم تعديل العنوان أو المقدمة باللغة الألمانية بعد هذه الترجمة. النص "
        "الألماني هو المعتمد.",
        "all_missing": "لم تتم بعد ترجمة هذه النشرة إلى العربية. وهي متوفرة باللغة الألمانية فقط.",
    },
    "uk": {
        "steps": "Кроки",
        "documents": "Документи",
        "contact": "Контакт",
        "legal": "Правова підстава",
        "office": "Ваш офіс KAUSA",
        "disclaimer": "Цей огляд є інформацією, а не юридичною консультацією. Правила можуть "
        "змінюватися: зверніться до зазначеної нижче установи.",
        "step_missing": "Для цього кроку ще немає (повного) перекладу українською. Чинним є "
        "німецький текст.",
        "step_outdated": "Німецький текст цього кроку змінено після перекладу. Чинним є "
        "новіший німецький текст.",
        "head_missing": "Назву та вступ ще не перекладено українською. Чинним є німецький текст.",
        "head_outdated": "Німецьку назву або вступ змінено після цього перекладу. Чинним є "
        "німецький текст.",
        "all_missing": "Цю пам'ятку ще не перекладено українською. Вона є лише німецькою.",
    },
    "ru": {
        "steps": "Шаги",
        "documents": "Документы",
        "contact": "Контакт",
        "legal": "Правовое основание",
        "office": "Ваш офис KAUSA",
        "disclaimer": "Этот обзор носит информационный характер и не является юридической "
        "консультацией. Правила могут меняться: обратитесь в указанное ниже учреждение.",
        "step_missing": "Для этого шага ещё нет (полного) перевода на русский язык. Действует "
        "немецкий текст.",
        "step_outdated": "Немецкий текст этого шага был изменён после перевода. Действует "
        "более новый немецкий текст.",
        "head_missing": "Название и введение ещё не переведены на русский язык. Действует "
        "немецкий текст.",
        "head_outdated": "Немецкое название или введение было изменено после этого перевода. "
        "Действует немецкий текст.",
        "all_missing": "Эта памятка ещё не переведена на русский язык. Она есть только на "
        "немецком.",
    },
    "tr": {
        "steps": "Adımlar",
        "documents": "Belgeler",
        "contact": "İletişim",
        "legal": "Yasal dayanak",
        "office": "KAUSA ofisiniz",
        "disclaimer": "Bu özet bilgi amaçlıdır, hukuki danışmanlık değildir. Kurallar "
        "değişebilir: aşağıda adı geçen kuruma danışın.",
        "step_missing": "Bu adım için henüz (tam) bir Türkçe çeviri yok. Almanca metin geçerlidir.",
        "step_outdated": "Bu adımın Almanca metni bu çeviriden sonra değiştirildi. Daha yeni "
        "olan Almanca metin geçerlidir.",
        "head_missing": "Başlık ve giriş henüz Türkçeye çevrilmedi. Almanca metin geçerlidir.",
        "head_outdated": "Almanca başlık veya giriş bu çeviriden sonra değiştirildi. Almanca "
        "metin geçerlidir.",
        "all_missing": "Bu bilgi notu henüz Türkçeye çevrilmedi. Yalnızca Almanca olarak "
        "mevcuttur.",
    },
    "fa": {
        "steps": "مراحل",
        "documents": "مدارک",
        "contact": "تماس",
        "legal": "مبنای قانونی",
        "office": "دفتر KAUSA شما",
        "disclaimer": "این خلاصه فقط برای اطلاع‌رسانی است و مشاوره حقوقی نیست. مقررات ممکن "
        "است تغییر کنند: از مرجعی که در زیر آمده است بپرسید.",
        "step_missing": "برای این مرحله هنوز ترجمه (کامل) فارسی وجود ندارد. متن آلمانی معتبر است.",
        "step_outdated": "متن آلمانی این مرحله پس از این ترجمه تغییر کرده است. متن آلمانی "
        "جدیدتر معتبر است.",
        "head_missing": "عنوان و مقدمه هنوز به فارسی ترجمه نشده‌اند. متن آلمانی معتبر است.",
        "head_outdated": "عنوان یا مقدمه آلمانی پس از این ترجمه تغییر کرده است. متن آلمانی "
        "معتبر است.",
        "all_missing": "این راهنما هنوز به فارسی ترجمه نشده است و فقط به زبان آلمانی موجود است.",
    },
}


def label(language: str, key: str, *, about: str = "") -> str:
    """A fixed text in `language`; German notices name the language `about`."""
    text = LABELS.get(language, LABELS["de"])[key]
    return text.format(language=GERMAN_LANGUAGE_NAMES.get(about, about)) if about else text
