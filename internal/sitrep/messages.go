package sitrep

import (
	"fmt"
	"slices"

	"truce/internal/fault"
)

// Langs are the languages a report is written in; the first is the default.
var Langs = []string{"en", "ru", "ar"}

// CheckLang returns a *fault.InvalidError on "lang" unless lang is one of Langs.
func CheckLang(lang string) error {
	if !slices.Contains(Langs, lang) {
		return fault.Invalid("lang", "is %q; use en, ru or ar", lang)
	}
	return nil
}

// words is a report's message table: key → text in en, ru, ar (in the
// order of Langs). Every key MUST have all three (a test checks it).
var words = map[string][3]string{
	"title":             {"Daily situation report", "Ежедневный доклад об обстановке", "التقرير اليومي عن الوضع"},
	"subtitle":          {"Period ending %s (cut-off %s)", "Период до %s (время отсечки %s)", "الفترة المنتهية في %s (وقت الإغلاق %s)"},
	"meta.period":       {"Period", "Период", "الفترة"},
	"meta.audience":     {"Audience", "Адресаты", "الجمهور"},
	"meta.public":       {"public (CLEAR only)", "публичный (только CLEAR)", "عام (CLEAR فقط)"},
	"meta.party":        {"party %s", "сторона %s", "الطرف %s"},
	"meta.zone":         {"Zone", "Зона", "المنطقة"},
	"meta.checkpoint":   {"Computed from the log", "Рассчитано по журналу", "محسوب من السجل"},
	"meta.checkpoint.v": {"%s, tree size %d, root %s", "%s, размер дерева %d, корень %s", "%s، حجم الشجرة %d، الجذر %s"},
	"footer":            {"Every line cites its log entries (origin#index); check them against the node's checkpoint.", "Каждая строка ссылается на записи журнала (origin#index); проверьте их по контрольной точке узла.", "يستشهد كل سطر بمدخلات السجل (origin#index)؛ تحقق منها مقابل نقطة التحقق الخاصة بالعقدة."},

	"sec.headline":      {"Headline figures", "Основные показатели", "الأرقام الرئيسية"},
	"sec.incidents":     {"Incidents by zone and category", "Инциденты по зонам и категориям", "الحوادث حسب المنطقة والفئة"},
	"sec.notable":       {"Notable incidents", "Значимые инциденты", "حوادث بارزة"},
	"sec.notifications": {"Notifications and acknowledgements", "Уведомления и подтверждения", "الإخطارات والإقرارات"},
	"sec.airspace":      {"Airspace conflicts and advisories", "Воздушные конфликты и предупреждения", "تعارضات المجال الجوي والتنبيهات"},
	"sec.alerts":        {"Alerts", "Оповещения", "التنبيهات"},
	"sec.hotline":       {"Hotline traffic", "Обмен по горячей линии", "حركة الخط الساخن"},
	"sec.charts":        {"Charts", "Диаграммы", "الرسوم البيانية"},
	"sec.map":           {"Map", "Карта", "الخريطة"},

	"fig.incidents": {"Incidents reported", "Зарегистрировано инцидентов", "الحوادث المبلغ عنها"},
	"fig.confirmed": {"Confirmed", "Подтверждено", "مؤكدة"},
	"fig.disputed":  {"Disputed", "Оспорено", "متنازع عليها"},
	"fig.killed":    {"Killed (conservative)", "Убито (минимальная оценка)", "القتلى (تقدير متحفظ)"},
	"fig.injured":   {"Injured (conservative)", "Ранено (минимальная оценка)", "الجرحى (تقدير متحفظ)"},
	"fig.notices":   {"Notifications made", "Сделано уведомлений", "الإخطارات المقدمة"},
	"fig.conflicts": {"Airspace conflicts", "Воздушные конфликты", "تعارضات المجال الجوي"},
	"fig.alerts":    {"Alerts raised", "Поднято оповещений", "التنبيهات المرفوعة"},
	"fig.messages":  {"Hotline messages", "Сообщения горячей линии", "رسائل الخط الساخن"},

	"col.zone":         {"Zone", "Зона", "المنطقة"},
	"col.category":     {"Category", "Категория", "الفئة"},
	"col.total":        {"Total", "Всего", "المجموع"},
	"col.incident":     {"Incident", "Инцидент", "الحادثة"},
	"col.time":         {"Time (UTC)", "Время (UTC)", "الوقت (UTC)"},
	"col.place":        {"Place", "Место", "المكان"},
	"col.status":       {"Status", "Статус", "الحالة"},
	"col.assessment":   {"Assessment by %s", "Оценка %s", "تقييم %s"},
	"col.party":        {"Party", "Сторона", "الطرف"},
	"col.made":         {"Notified", "Уведомила", "أخطر"},
	"col.acknowledged": {"Acknowledged", "Подтвердила", "أقر"},
	"col.pending":      {"Pending", "Ожидает", "معلق"},
	"col.overdue":      {"Overdue", "Просрочено", "متأخر"},
	"col.kind":         {"Kind", "Вид", "النوع"},
	"col.parties":      {"Parties", "Стороны", "الأطراف"},
	"col.open":         {"Open", "Открыто", "مفتوح"},
	"col.sent":         {"Sent", "Отправлено", "مرسلة"},
	"col.count":        {"Count", "Количество", "العدد"},
	"none":             {"Nothing in this period that this audience may see.", "За период нет ничего, что могут видеть эти адресаты.", "لا شيء في هذه الفترة يمكن لهذا الجمهور رؤيته."},
	"nozone":           {"(no zone)", "(вне зон)", "(خارج المناطق)"},
	"not.assessed":     {"not assessed", "не оценено", "لم يُقيَّم"},

	"status.reported":     {"reported", "сообщено", "مُبلَّغ عنها"},
	"status.under_review": {"under review", "на рассмотрении", "قيد المراجعة"},
	"status.confirmed":    {"confirmed", "подтверждено", "مؤكدة"},
	"status.disputed":     {"disputed", "оспорено", "متنازع عليها"},
	"status.unfounded":    {"unfounded", "не обосновано", "لا أساس لها"},

	"verdict.confirmed":         {"confirmed", "подтверждает", "يؤكد"},
	"verdict.rejected":          {"rejected", "отклоняет", "يرفض"},
	"verdict.needs_information": {"needs information", "нужны сведения", "يحتاج معلومات"},

	"cat.air_strike":                         {"Air strike", "Авиаудар", "غارة جوية"},
	"cat.shelling_missile":                   {"Shelling or missile", "Обстрел или ракетный удар", "قصف أو صاروخ"},
	"cat.armed_clash":                        {"Armed clash", "Вооружённое столкновение", "اشتباك مسلح"},
	"cat.ground_advance":                     {"Ground advance", "Наземное наступление", "تقدم بري"},
	"cat.sniper_fire":                        {"Sniper fire", "Снайперский огонь", "نيران قناصة"},
	"cat.explosion_ied":                      {"Explosion or IED", "Взрыв или СВУ", "انفجار أو عبوة ناسفة"},
	"cat.attack_on_civilians":                {"Attack on civilians", "Нападение на гражданских", "هجوم على مدنيين"},
	"cat.attack_on_protected_site":           {"Attack on a protected site", "Нападение на охраняемый объект", "هجوم على موقع محمي"},
	"cat.obstruction_of_humanitarian_access": {"Obstruction of humanitarian access", "Препятствие гуманитарному доступу", "عرقلة الوصول الإنساني"},
	"cat.unsafe_air_encounter":               {"Unsafe air encounter", "Опасное сближение в воздухе", "مواجهة جوية غير آمنة"},
	"cat.other":                              {"Other", "Другое", "أخرى"},

	"type.site":     {"Sites", "Объекты", "المواقع"},
	"type.movement": {"Movements", "Передвижения", "التحركات"},

	"chart.daily":     {"Incidents per day, last 30 days", "Инциденты по дням за 30 дней", "الحوادث يومياً، آخر 30 يوماً"},
	"chart.acks":      {"Acknowledgements per party", "Подтверждения по сторонам", "الإقرارات حسب الطرف"},
	"chart.alerts":    {"Alerts: open and overdue", "Оповещения: открытые и просроченные", "التنبيهات: المفتوحة والمتأخرة"},
	"series.on_time":  {"on time", "в срок", "في الموعد"},
	"series.late":     {"late", "с опозданием", "متأخر"},
	"series.overdue":  {"overdue", "просрочено", "فات موعده"},
	"series.open":     {"open", "открыто", "مفتوح"},
	"series.count":    {"incidents", "инциденты", "الحوادث"},
	"map.title":       {"Zones, incidents and notified sites", "Зоны, инциденты и объекты", "المناطق والحوادث والمواقع المُخطَر بها"},
	"layer.zones":     {"Zones", "Зоны", "المناطق"},
	"layer.sites":     {"Notified sites", "Уведомлённые объекты", "المواقع المُخطَر بها"},
	"layer.movements": {"Movements", "Передвижения", "التحركات"},
}

// tr is a language's view of the message table.
type tr int

// translator returns the translator of lang (CheckLang first).
func translator(lang string) tr { return tr(max(slices.Index(Langs, lang), 0)) }

// s returns the text of key, or the key itself if the table lacks it.
func (t tr) s(key string) string {
	w, ok := words[key]
	if !ok {
		if w, ok = sectionWords[key]; !ok {
			return key
		}
	}
	return w[t]
}

// f formats the text of key with args.
func (t tr) f(key string, args ...any) string { return fmt.Sprintf(t.s(key), args...) }
