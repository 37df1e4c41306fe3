package sitrep

import (
	"fmt"
	"strings"
)

// publicationWords is the message table of what publication adds to a
// report (its agreement and corrections, the mirrored logs it read): key
// → text in en, ru, ar, in the order of Langs.
var publicationWords = map[string][3]string{
	"meta.mirrored":   {"Mirrored log", "Зеркальный журнал", "سجل منسوخ"},
	"meta.mirrored.v": {"%s, %d entries, root %s", "%s, записей: %d, корень %s", "%s، %d مدخلات، الجذر %s"},
	"agreement":       {"Agreement", "Согласование", "الموافقة"},
	"agreed.by":       {"Agreed by %s.", "Согласовано: %s.", "تمت الموافقة عليه من قبل %s."},
	"and":             {" and ", " и ", " و"},
	"agreed.table":    {"Sign-offs", "Подписи", "التوقيعات"},
	"col.party":       {"Co-chair", "Сопредседатель", "الرئيس المشارك"},
	"col.entry":       {"Log entry", "Запись журнала", "مدخل السجل"},
	"issued.entry":    {"Issued as entry %d (SHA-256 %s).", "Выпущено записью %d (SHA-256 %s).", "صدر بالمدخل %d (SHA-256 %s)."},
	"supersedes":      {"This issue corrects the report %s: %s", "Этот выпуск исправляет доклад %s: %s", "يصحح هذا الإصدار التقرير %s: %s"},
	"superseded":      {"This report is superseded by %s (entry %d).", "Этот доклад заменён докладом %s (запись %d).", "استُبدل هذا التقرير بالتقرير %s (المدخل %d)."},
}

// pubText returns the text of key in t's language, or the key itself.
func pubText(t tr, key string) string {
	w, ok := publicationWords[key]
	if !ok {
		return key
	}
	return w[t]
}

// pubFormat formats the text of key with args.
func pubFormat(t tr, key string, args ...any) string { return fmt.Sprintf(pubText(t, key), args...) }

// listParties names parties as "a and b" ("a, b and c") in t's language.
func listParties(t tr, parties []string) string {
	switch len(parties) {
	case 0:
		return ""
	case 1:
		return parties[0]
	}
	return strings.Join(parties[:len(parties)-1], ", ") + pubText(t, "and") + parties[len(parties)-1]
}
