"""The first version of the request form's consent text in the portal's seven languages
(plain language, A2). Offices replace them with their own versions; old enquiries keep theirs.
`{organisation}` is filled in with the organisation's name."""

from __future__ import annotations

DEFAULT_CONSENT_TEXTS: dict[str, str] = {
    "de": (
        "Ich bin einverstanden: {organisation} speichert meine Angaben aus diesem Formular. "
        "Die Beratungsstelle nutzt sie nur für meine Beratung zu Ausbildung und Arbeit. "
        "Sie gibt sie nicht ohne meine Erlaubnis weiter. Ich kann meine Einwilligung "
        "jederzeit widerrufen. Dann werden meine Daten gelöscht. Bin ich unter 16 Jahre alt, "
        "muss auch ein Elternteil zustimmen."
    ),
    "en": (
        "I agree: {organisation} stores the details from this form. The counselling office "
        "uses them only to advise me on training and work. It does not pass them on without "
        "my permission. I can withdraw my consent at any time. Then my data will be deleted. "
        "If I am under 16, a parent must also agree."
    ),
    "ar": (
        "أوافق: تحفظ {organisation} بياناتي من هذا النموذج. يستخدمها مكتب الاستشارة فقط "
        "لتقديم المشورة لي حول التدريب المهني والعمل. لا يعطيها لأحد بدون إذني. يمكنني سحب "
        "موافقتي في أي وقت. عندها تُحذف بياناتي. إذا كان عمري أقل من 16 سنة، يجب أن يوافق "
        "أحد الوالدين أيضًا."
    ),
    "uk": (
        "Я погоджуюся: {organisation} зберігає мої дані з цієї форми. Консультаційний центр "
        "використовує їх лише для консультації щодо навчання та роботи. Він не передає їх "
        "без мого дозволу. Я можу будь-коли відкликати свою згоду. Тоді мої дані буде "
        "видалено. Якщо мені менше 16 років, один із батьків теж має погодитися."
    ),
    "ru": (
        "Я согласен (согласна): {organisation} хранит мои данные из этой формы. "
        "Консультационный центр использует их только для консультации об обучении и работе. "
        "Он не передаёт их без моего разрешения. Я могу в любое время отозвать своё согласие. "
        "Тогда мои данные будут удалены. Если мне меньше 16 лет, один из родителей тоже "
        "должен согласиться."
    ),
    "tr": (
        "Kabul ediyorum: {organisation} bu formdaki bilgilerimi saklar. Danışma ofisi bunları "
        "sadece meslek eğitimi ve iş konusunda bana danışmanlık için kullanır. Onları iznim "
        "olmadan başkasına vermez. Onayımı her zaman geri alabilirim. O zaman verilerim "
        "silinir. 16 yaşından küçüksem, bir ebeveynim de onay vermelidir."
    ),
    "fa": (
        "موافقم: {organisation} اطلاعات من را از این فرم ذخیره می‌کند. دفتر مشاوره فقط برای "
        "مشاوره به من درباره آموزش حرفه‌ای و کار از آن‌ها استفاده می‌کند. بدون اجازه من آن‌ها "
        "را به کسی نمی‌دهد. می‌توانم هر زمان رضایتم را پس بگیرم. آن وقت اطلاعاتم پاک می‌شود. "
        "اگر کمتر از ۱۶ سال دارم، یکی از والدینم هم باید موافقت کند."
    ),
}
