package sitrep

// sectionWords is the message table of the sections on restrictions and
// coverage, cases, and compliance: key → text in en, ru, ar (in the order
// of Langs). Every key MUST have all three, and none may be in words (a
// test checks both).
var sectionWords = map[string][3]string{
	"sec.restrictions": {"Restrictions of the monitors' freedom of movement", "Ограничения свободы передвижения наблюдателей", "القيود على حرية تنقل المراقبين"},
	"sec.cases":        {"Cases opened when notified sites were hit", "Дела, открытые при поражении уведомлённых объектов", "الحالات المفتوحة عند إصابة مواقع مُخطَر بها"},
	"sec.compliance":   {"Compliance per obligation and party", "Соблюдение обязательств по сторонам", "الامتثال حسب الالتزام والطرف"},

	"fig.restrictions": {"Restrictions recorded", "Зарегистрировано ограничений", "القيود المسجلة"},
	"fig.cases":        {"Cases opened", "Открыто дел", "الحالات المفتوحة"},

	"restr.list":        {"Restrictions in the period", "Ограничения за период", "القيود خلال الفترة"},
	"restr.by_party":    {"Restrictions per controlling party", "Ограничения по контролирующим сторонам", "القيود حسب الطرف المسيطر"},
	"restr.denial":      {"Denial of access", "Отказ в доступе", "منع الوصول"},
	"restr.obstruction": {"Obstruction", "Препятствование", "عرقلة"},
	"restr.threat":      {"Threat", "Угроза", "تهديد"},
	"restr.jamming":     {"Jamming", "Подавление сигнала", "تشويش"},

	"coverage.none":      {"No patrol this audience may see was out in the period: the absence of reports here is no evidence of calm.", "За период не было патрулей, видимых этим адресатам: отсутствие сообщений не означает спокойствия.", "لم تخرج في هذه الفترة أي دورية يمكن لهذا الجمهور رؤيتها: غياب البلاغات ليس دليلاً على الهدوء."},
	"coverage.title":     {"Monitors' coverage: %d patrols, cells of %g°", "Охват наблюдения: патрулей %d, ячейки %g°", "تغطية المراقبين: %d دوريات، خلايا %g°"},
	"layer.seen":         {"Seen by the monitors", "Наблюдалось", "رآها المراقبون"},
	"layer.denied":       {"Not seen: access restricted", "Не наблюдалось: доступ ограничен", "لم تُرَ: الوصول مقيد"},
	"layer.restrictions": {"Restrictions", "Ограничения", "القيود"},

	"col.controlled_by": {"Controlled by", "Под контролем", "تحت سيطرة"},
	"col.patrol":        {"Patrol", "Патруль", "الدورية"},
	"col.case":          {"Case", "Дело", "الحالة"},
	"col.concerns":      {"Concerns", "Касается", "تتعلق بـ"},
	"col.requests":      {"Requests for information", "Запросы информации", "طلبات المعلومات"},
	"col.requested":     {"Asked", "Запрошено", "طُلب منه"},
	"col.answered":      {"Answered", "Ответила", "أجاب"},
	"col.obligation":    {"Obligation", "Обязательство", "الالتزام"},
	"col.hits":          {"Events bearing on it", "Относящиеся события", "الأحداث ذات الصلة"},
	"col.incidents":     {"Events", "События", "الأحداث"},

	"cases.list":     {"Cases opened in the period", "Дела, открытые за период", "الحالات المفتوحة خلال الفترة"},
	"cases.by_party": {"Requests for information per party", "Запросы информации по сторонам", "طلبات المعلومات حسب الطرف"},

	"concerns.site":       {"notified site", "уведомлённый объект", "موقع مُخطَر به"},
	"concerns.movement":   {"notified movement", "уведомлённое передвижение", "تحرك مُخطَر به"},
	"concerns.known_site": {"known site", "известный объект", "موقع معروف"},

	"request.answered":  {"answered", "ответ получен", "تمت الإجابة"},
	"request.overdue":   {"overdue", "просрочен", "متأخر"},
	"request.pending":   {"pending", "ожидается", "معلق"},
	"request.withdrawn": {"withdrawn", "отозван", "مسحوب"},

	"compliance.violation":     {"violation", "нарушение", "انتهاك"},
	"compliance.undetermined":  {"undetermined", "не установлено", "غير محدد"},
	"compliance.compliant":     {"compliant", "соблюдается", "ممتثل"},
	"compliance.not_binding":   {"not binding", "не обязывает", "غير ملزم"},
	"compliance.not_disclosed": {"not disclosed", "не раскрывается", "غير مُفصح عنه"},
}
