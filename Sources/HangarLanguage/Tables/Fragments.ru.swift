extension Tables {
    /// The rules' English fragments in Russian (Fragments), plain and `{name}` templates.
    static let fragmentsRU: [String: String] = [
        "BOM line fields are part, qty, position":
            "поля строки спецификации: part, qty, position",
        "BOM v{version}":
            "спецификация v{version}",
        "SEQ:HASH as printed by hangar verify (a sequence number, a colon, 64 lowercase hex digits)":
            "SEQ:HASH в том виде, в каком его выводит hangar verify (порядковый номер, двоеточие, 64 шестнадцатеричные цифры в нижнем регистре)",
        "SQLite integrity check: ok":
            "проверка целостности SQLite: норма",
        "a BOM has at least one line (--line PART:QTY[:POSITION])":
            "в спецификации должна быть хотя бы одна строка (--line PART:QTY[:POSITION])",
        "a BOM line's qty is a whole number from 1 to 100000":
            "qty в строке спецификации — целое число от 1 до 100000",
        "a check has no unit or limits":
            "у пункта вида check нет единицы измерения и допуска",
        "a check is exactly \"pass\" or \"fail\"":
            "результат контроля — строго \"pass\" или \"fail\"",
        "a check is pass or fail":
            "результат контроля: pass или fail",
        "a checklist has at least one item":
            "в проверочном листе должен быть хотя бы один пункт",
        "a checklist keeps at least one item":
            "в проверочном листе должен остаться хотя бы один пункт",
        "a configuration event":
            "событие настройки мастерской",
        "a currency is three letters (ISO 4217, e.g. KZT)":
            "код валюты — три буквы (ISO 4217, например KZT)",
        "a defect catalogue has 1-500 codes":
            "в перечне дефектов от 1 до 500 кодов",
        "a defect code is 1-32 characters of A-Z, 0-9 and '_', e.g. MOTOR_VIBRATION":
            "код дефекта — от 1 до 32 символов из A-Z, 0-9 и '_', например MOTOR_VIBRATION",
        "a key is 1-64 characters of a-z, A-Z, 0-9, '_', '-' and '.'":
            "ключ — от 1 до 64 символов из a-z, A-Z, 0-9, '_', '-' и '.'",
        "a key may appear only once in an object":
            "каждый ключ может встречаться в объекте только один раз",
        "a line is at most 1 MiB (1048576 bytes)":
            "размер строки — не более 1 MiB (1048576 байт)",
        "a line may not hold a raw control character (text fields refuse them even escaped)":
            "строка не может содержать управляющие символы в открытом виде (в текстовых полях они не допускаются и в экранированном виде)",
        "a line must be UTF-8 text":
            "строка должна быть текстом в кодировке UTF-8",
        "a lot is 1-32 characters of A-Z, 0-9, '-', '_' and '.'":
            "номер партии — от 1 до 32 символов из A-Z, 0-9, '-', '_' и '.'",
        "a lot quantity goes back to stock (its own lot) or to scrap":
            "количество из партии возвращается на склад (stock, в ту же партию) или направляется в утиль (scrap)",
        "a measure is a finite JSON number":
            "значение измерения — конечное число JSON",
        "a measure is a finite number":
            "значение измерения — конечное число",
        "a measure needs a min, a max or both":
            "для измерения требуется min, max или оба значения",
        "a name is 1-100 characters without '<' or '>'":
            "имя или наименование — от 1 до 100 символов без '<' и '>'",
        "a part number is 1-64 printable ASCII characters without spaces, '<' or '>' (exact case, e.g. MOTOR-2207)":
            "номер по каталогу — от 1 до 64 печатных символов ASCII без пробелов, '<' и '>' (с учётом регистра, например MOTOR-2207)",
        "a quantity is a whole number of at least 1":
            "количество — целое число не меньше 1",
        "a receipt needs a lot (--lot LOT)":
            "при приёме на склад требуется партия (--lot LOT)",
        "a receipt of {qty} gives exactly {qty2} serials, {given} given":
            "при приёме {qty} шт. требуется заводских номеров: ровно {qty2}, указано: {given}",
        "a serial is 1-32 characters of A-Z, 0-9, '-', '_' and '.'":
            "заводской номер — от 1 до 32 символов из A-Z, 0-9, '-', '_' и '.'",
        "a signed whole number, not 0, at most 1000000 either way":
            "целое число со знаком, не равное 0, по модулю не более 1000000",
        "a stock event":
            "складское событие",
        "a whole number from 1 to 10000000":
            "целое число от 1 до 10000000",
        "a workshop code is 2-16 characters of A-Z, 0-9 and '-', e.g. KZ-36AAB-W1":
            "код мастерской — от 2 до 16 символов A-Z, 0-9 и '-', например KZ-36AAB-W1",
        "adjust a lot with --lot L --qty-delta N":
            "для корректировки партии укажите --lot L --qty-delta N",
        "adjust a piece with --serial S --status STATUS":
            "для корректировки экземпляра укажите --serial S --status STATUS",
        "admin, or {actor} who recorded the '{event}' being undone":
            "admin или {actor} — автор отменяемой записи «{event}»",
        "admin, or {id} themself":
            "admin или лично {id}",
        "an event id is 1-64 printable ASCII characters":
            "идентификатор события — от 1 до 64 печатных символов ASCII",
        "an event whose fields can be written as JSON":
            "событие, поля которого можно записать в JSON",
        "an event's data is a JSON object":
            "данные события — объект JSON",
        "an export with at least one line (hangar export of a workshop with a code)":
            "выгрузка хотя бы с одной строкой (hangar export мастерской с кодом)",
        "an id is 1-64 characters without spaces, control characters, '<' or '>'":
            "идентификатор — от 1 до 64 символов без пробелов, управляющих символов, '<' и '>'",
        "anchor: event #{seq} still has the hash {hash}":
            "якорь: у события № {seq} по-прежнему хеш {hash}",
        "at {position}":
            "место установки: {position}",
        "batch {batch}":
            "серия {batch}",
        "batteries {serials}":
            "АКБ {serials}",
        "battery check":
            "проверка АКБ",
        "battery_check":
            "battery_check",
        "cannot open {path} as a Hangar database: {why}":
            "не удаётся открыть {path} как базу данных Hangar: {why}",
        "cannot open {path} as a headquarters store: {why}":
            "не удаётся открыть {path} как хранилище штаба: {why}",
        "cannot write {path}: the file cannot be created there":
            "не удаётся записать {path}: там нельзя создать файл",
        "cannot write {path}: {why}":
            "не удаётся записать {path}: {why}",
        "cost {cost}":
            "цена за единицу {cost}",
        "counter {n} cycles":
            "счётчик циклов: {n}",
        "database error: {why}":
            "ошибка базы данных: {why}",
        "defects {codes}":
            "дефекты {codes}",
        "disposition is stock, quarantine or scrap":
            "disposition: stock, quarantine или scrap",
        "doc {doc}":
            "накладная {doc}",
        "due is true or false":
            "due: true или false",
        "each (part, position) appears once on a BOM":
            "каждая пара (part, position) встречается в спецификации только один раз",
        "each code once":
            "каждый код — только один раз",
        "each line must be one JSON object, {...}":
            "каждая строка должна быть одним объектом JSON, {...}",
        "each line must be one JSON object: {reason}":
            "каждая строка должна быть одним объектом JSON: {reason}",
        "each serial once per receipt":
            "каждый заводской номер — только один раз за приём",
        "event must be a string":
            "значение event должно быть строкой",
        "events are ":
            "допустимые события: ",
        "failed: {items}":
            "не годны: {items}",
        "fields that can be written as JSON (finite numbers)":
            "поля, которые можно записать в JSON (конечные числа)",
        "flight minutes are a whole number from 1 to 1440":
            "налёт, мин — целое число от 1 до 1440",
        "format is 1 or 2 (a whole number)":
            "format — 1 или 2 (целое число)",
        "from {supplier}":
            "поставщик {supplier}",
        "give 1-{n} characters, without control characters or surrounding spaces":
            "укажите от 1 до {n} символов, без управляющих символов и пробелов в начале и в конце",
        "give KEY:UNIT:MIN:MAX, e.g. hover_current_a:A:8:14 (unit, min or max may be empty)":
            "укажите KEY:UNIT:MIN:MAX, например hover_current_a:A:8:14 (unit, min и max можно оставить пустыми)",
        "give KEY=TEXT, e.g. motor_runup=\"Run every motor up to full throttle\"":
            "укажите KEY=TEXT, например motor_runup=\"Вывести каждый двигатель на полный газ\"",
        "give PART:QTY[:POSITION], e.g. MOTOR-2207:4 or CAM-1:1:nose":
            "укажите PART:QTY[:POSITION], например MOTOR-2207:4 или CAM-1:1:nose",
        "give a UTC date as YYYY-MM-DD, e.g. 2026-11-16":
            "укажите дату UTC в формате YYYY-MM-DD, например 2026-11-16",
        "give a lot or a component serial, not both":
            "укажите партию или заводской номер компонента, но не то и другое сразу",
        "give a number":
            "укажите число",
        "give a whole number from {min} to {max}":
            "укажите целое число от {min} до {max}",
        "give an IANA time zone name such as Asia/Almaty or Europe/Moscow (or UTC)":
            "укажите название часового пояса IANA, например Asia/Almaty или Europe/Moscow (или UTC)",
        "give at least one role":
            "укажите хотя бы одну роль",
        "give each item once":
            "указывайте каждый пункт только один раз",
        "give en, ru or kk":
            "укажите en, ru или kk",
        "give lot and qty_delta (a lot-tracked part), or serial and status (a serial-tracked part)":
            "укажите lot и qty_delta (изделие с партионным учётом) или serial и status (изделие с поштучным учётом)",
        "give target (more after the period) or target_total (in total), not both":
            "укажите target (сколько ещё после периода) или target_total (сколько всего), но не оба",
        "hash chain: {n} events, head {hash}":
            "хеш-цепочка: событий {n}, последнее звено {hash}",
        "hash is 64 lowercase hex digits (SHA-256)":
            "hash — 64 шестнадцатеричные цифры в нижнем регистре (SHA-256)",
        "headquarters merge format-2 exports (hangar export of a workshop whose code is set)":
            "штаб сводит выгрузки формата 2 (hangar export мастерской с заданным кодом)",
        "in stock":
            "на складе",
        "install a quantity with --lot LOT --qty N":
            "чтобы установить количество из партии, укажите --lot LOT --qty N",
        "install one piece with --component SERIAL":
            "чтобы установить один экземпляр, укажите --component SERIAL",
        "installed in airframe {airframe}":
            "установлен на БПЛА {airframe}",
        "it holds {qty}":
            "установлено: {qty}",
        "it is a piece of {part}":
            "это экземпляр изделия {part}",
        "item fields are key, kind, unit, min, max, description":
            "поля пункта: key, kind, unit, min, max, description",
        "item keys must be unique":
            "ключи пунктов не должны повторяться",
        "items are ":
            "пункты проверочного листа: ",
        "its pieces have no serials (give --lot and --qty)":
            "у его экземпляров нет заводских номеров (укажите --lot и --qty)",
        "kind is check or measure":
            "kind: check или measure",
        "kind is component, battery or consumable":
            "kind: component, battery или consumable",
        "leave an optional field out instead of sending null":
            "необязательное поле опустите, а не передавайте со значением null",
        "limits must be finite numbers":
            "границы допуска должны быть конечными числами",
        "lot {lot}":
            "партия {lot}",
        "lot {lot} of {part} has a later event":
            "у партии {lot} изделия {part} есть более позднее событие",
        "lot {lot} of {part} would go below zero":
            "остаток партии {lot} изделия {part} стал бы меньше нуля",
        "maintenance reasons are ":
            "допустимые причины ТО: ",
        "maintenance reasons are {values}":
            "допустимые причины ТО: {values}",
        "min ({min}) must not exceed max ({max})":
            "значение min ({min}) не должно превышать max ({max})",
        "model {model}":
            "модель {model}",
        "more items":
            "требуется больше элементов",
        "no Hangar database at {path} (create one with: hangar init --admin ID --name NAME, or give --db PATH)":
            "нет базы данных Hangar по пути {path} (создайте её: hangar init --admin ID --name NAME, или укажите --db PATH)",
        "no headquarters store at {path} (create one with: hangar hq init --hq {path})":
            "нет хранилища штаба по пути {path} (создайте его: hangar hq init --hq {path})",
        "not a field of the interchange format":
            "такого поля нет в формате обмена",
        "note must be a string":
            "значение note должно быть строкой",
        "note: {note}":
            "примечание: {note}",
        "off BOM: {reason}":
            "вне спецификации: {reason}",
        "one of ":
            "одно из значений: ",
        "one of {values}":
            "одно из значений: {values}",
        "one workshop's lines in a file (this file is {code}'s)":
            "в одном файле — строки одной мастерской (этот файл — мастерской {code})",
        "operator {id}":
            "оператор {id}",
        "origin {origin}":
            "страна происхождения {origin}",
        "outcome is pass or fail":
            "outcome: pass или fail",
        "part: {part}":
            "изделие: {part}",
        "projections equal the replay: {airframes} airframes, {operators} operators, {staff} staff, {units} units, {models} models, {flights} flights, {undone} undone events":
            "проекции совпадают с воспроизведением: БПЛА {airframes}, операторов {operators}, военнослужащих {staff}, подразделений {units}, моделей {models}, полётов {flights}, отменённых записей {undone}",
        "purpose is training or operational":
            "purpose: training или operational",
        "quarantined":
            "в карантине",
        "reason: {reason}":
            "причина: {reason}",
        "remove a quantity with --lot LOT --qty N":
            "чтобы снять количество из партии, укажите --lot LOT --qty N",
        "remove one piece with --component SERIAL":
            "чтобы снять один экземпляр, укажите --component SERIAL",
        "replay of the log through the rules: {n} events accepted":
            "воспроизведение журнала по правилам: принято событий {n}",
        "report summaries equal a rebuild from the log":
            "сводные таблицы отчёта совпадают с пересчётом по журналу",
        "roles are ":
            "допустимые роли: ",
        "scrapped":
            "утилизирован",
        "send one JSON object":
            "отправьте один объект JSON",
        "settings are ":
            "допустимые параметры: ",
        "staff_add, staff_update, unit_add, model_add, model_codes":
            "staff_add, staff_update, unit_add, model_add, model_codes",
        "status is in_stock, quarantine or scrapped":
            "status: in_stock, quarantine или scrapped",
        "stock event":
            "складское событие",
        "that day or time does not exist (check month length, hours 00-23, minutes and seconds 00-59)":
            "такой даты или времени не существует (проверьте число дней в месяце; часы 00–23, минуты и секунды 00–59)",
        "that local time does not exist in {zone} (the clocks were moved forward)":
            "такого местного времени в поясе {zone} нет (часы переводились вперёд)",
        "the national report over all workshops is not built yet: give --workshop CODE":
            "сводный отчёт по республике пока не реализован: укажите --workshop CODE",
        "the period may span at most 20 years":
            "период — не более 20 лет",
        "the server sets {key} (the signed-in author, a new id, now)":
            "{key} задаёт сервер (автор — вошедший пользователь, новый id, текущее время)",
        "this Hangar keeps headquarters in an SQLite file: give its path":
            "эта версия Hangar хранит данные штаба в файле SQLite: укажите путь к нему",
        "this Hangar reads formats 1 and 2: update it to read newer exports":
            "эта версия Hangar читает форматы 1 и 2: обновите её, чтобы читать более новые выгрузки",
        "this form records airframe and operator steps":
            "эта форма записывает только события БПЛА и операторов",
        "this workshop is {code}: another workshop's export goes to headquarters (hangar hq merge)":
            "эта мастерская — {code}: выгрузку другой мастерской принимает штаб (hangar hq merge)",
        "tick the confirmation to drop a checklist item":
            "чтобы удалить пункт проверочного листа, отметьте подтверждение",
        "times before 1970 are not accepted":
            "время ранее 1970 года не принимается",
        "to {disposition}":
            "куда: {disposition}",
        "tracking is serial or lot":
            "tracking: serial или lot",
        "a password of 12 to 128 characters (any letters)":
            "пароль длиной от 12 до 128 символов (любые буквы)",
        "type it at the prompt, or send it as the first line of standard input":
            "введите его по запросу или передайте первой строкой стандартного ввода",
        "undoes {id}":
            "отменяет {id}",
        "unit {unit}":
            "подразделение {unit}",
        "unknown: no stock_receive names it (receive it first)":
            "неизвестно: не указан ни в одном stock_receive (сначала выполните приём на склад)",
        "work: {work}":
            "работы: {work}",
        "workshop, workshop_seq and hash come with \"format\": 2":
            "workshop, workshop_seq и hash указываются вместе с \"format\": 2",
        "workshop_seq is a whole number, 1 or more":
            "workshop_seq — целое число, не меньше 1",
        "{field} is a whole number from {min} to {max}":
            "{field} — целое число от {min} до {max}",
        "{field} must be {expected}":
            "{field}: ожидается {expected}",
        "{key} failed":
            "{key}: не годен",
        "{key} {value} (limits {limits})":
            "{key} {value} (допуск {limits})",
        "{n} mAh":
            "{n} мА·ч",
        "{n} min":
            "{n} мин",
        "{n} received":
            "принято: {n}",
        "{outcome} (attempt {attempt}, checklist v{version})":
            "{outcome} (предъявление № {attempt}, проверочный лист v{version})",
        "{path} is a headquarters store: read it with hangar hq status|conflicts|report --hq {path}":
            "{path} — хранилище штаба: читайте его командами hangar hq status|conflicts|report --hq {path}",
        "{path} is a workshop's file, not a headquarters store (export it with hangar export and merge the export)":
            "{path} — файл мастерской, а не хранилище штаба (выгрузите его командой hangar export и сведите выгрузку)",
        "{path} is not a headquarters store (create one with: hangar hq init --hq PATH)":
            "{path} — не хранилище штаба (создайте его: hangar hq init --hq PATH)",
        "{qty} of {part} lot {lot}":
            "{qty} из партии {lot} изделия {part}",
        "{serial} has a later event":
            "у {serial} есть более позднее событие",
        "{place} holds a workshop's tables, not a headquarters store":
            "{place} содержит таблицы мастерской, а не хранилище штаба",
        "{place} is not a headquarters store (create one with: hangar hq init --hq URL)":
            "{place} — не хранилище штаба (создайте его: hangar hq init --hq URL)",
        "the headquarters database at {place} refused the sign-in of {user} (check the password in the URL or $PGPASSWORD)":
            "база данных штаба {place} отклонила вход пользователя {user} (проверьте пароль в URL или $PGPASSWORD)",
        "there is no database {database} at {address} (create it first, then: hangar hq init --hq URL)":
            "на {address} нет базы данных {database} (сначала создайте её, затем: hangar hq init --hq URL)",
        "the headquarters database at {place} refused the connection: {why}":
            "база данных штаба {place} отклонила подключение: {why}",
        "the headquarters database at {place} asks for a password (put it in the URL or $PGPASSWORD)":
            "база данных штаба {place} требует пароль (укажите его в URL или $PGPASSWORD)",
        "cannot reach the headquarters database at {address} (is PostgreSQL running there?)":
            "не удаётся связаться с базой данных штаба на {address} (запущен ли там PostgreSQL?)",
        "text without the NUL character (U+0000)":
            "текст без символа NUL (U+0000)",
        "postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require|verify-full], or a file path":
            "postgres://пользователь[:пароль]@хост[:порт]/база[?sslmode=disable|prefer|require|verify-full] или путь к файлу",
        "a host after postgres://user@ (postgres://user@host/database)":
            "хост после postgres://пользователь@ (postgres://пользователь@хост/база)",
        "a database name after the host (postgres://user@host/database)":
            "имя базы данных после хоста (postgres://пользователь@хост/база)",
        "a user before the host (postgres://user@host/database) or $PGUSER":
            "пользователь перед хостом (postgres://пользователь@хост/база) или $PGUSER",
        "only sslmode as a URL option (?sslmode=disable|prefer|require|verify-full)":
            "из параметров URL допускается только sslmode (?sslmode=disable|prefer|require|verify-full)",
        "sslmode is one of disable, prefer, require, verify-full":
            "sslmode — одно из: disable, prefer, require, verify-full",
        "a port from 1 to 65535":
            "порт от 1 до 65535",
        "an IANA time zone name, such as Asia/Almaty or UTC":
            "имя часового пояса IANA, например Asia/Almaty или UTC",
        "a workshop code (2-16 characters of A-Z, 0-9 and '-'), or none for the whole country":
            "код мастерской (2–16 символов: A–Z, 0–9 и «-») или пусто — для всей республики",
        "an id not yet taken at headquarters (hangar hq staff list)":
            "идентификатор, ещё не занятый в штабе (hangar hq staff list)",
        "html, text, csv or json":
            "html, text, csv или json",
        "a piece of {part}":
            "экземпляр изделия {part}",
        "an airframe of model {model}":
            "БПЛА модели {model}",
        "installed in airframe {airframe}; remove it first":
            "установлен на БПЛА {airframe}; сначала снимите его (remove)",
        "--unit ({serial} was never issued to a unit, so there is none to send it back to)":
            "--unit ({serial} не выдавался в подразделение, вернуть его некуда)",
        "the period must start before --to ({to})":
            "период должен начинаться раньше --to ({to})",
        "not valid JSON at column {column} ('{shown}')":
            "недопустимый JSON в столбце {column} ('{shown}')",
        "not valid JSON at column {column} ('{shown}'; NaN and Infinity are not JSON numbers)":
            "недопустимый JSON в столбце {column} ('{shown}'; NaN и Infinity не являются числами JSON)",
        "an origin is two letters (ISO 3166-1, e.g. KZ) or unknown":
            "страна происхождения — две буквы (ISO 3166-1, например KZ) или unknown",
        "a country is two letters (ISO 3166-1, e.g. KZ)":
            "код страны — две буквы (ISO 3166-1, например KZ)",
        "a new name or setting (--name, --cost, --origin, --reorder-at, --life-minutes, --life-cycles, --rated-mah)":
            "новое наименование или параметр (--name, --cost, --origin, --reorder-at, --life-minutes, --life-cycles, --rated-mah)",
        "a new checklist, service interval, ex-works price or defect catalogue":
            "новый проверочный лист, периодичность ТО, цену франко-завод (EXW) или перечень дефектов",
        "a new name, new roles or a language":
            "новое ФИО, новые роли или язык",
        "operator (a training flight names its trainee)":
            "operator (в учебном полёте указывается обучаемый)",
        "give an ISO-8601 time with an offset, e.g. 2026-01-22T09:00:00Z or 2026-01-22T11:00:00+02:00":
            "укажите время ISO-8601 со смещением, например 2026-01-22T09:00:00Z или 2026-01-22T11:00:00+02:00",
        "give an offset, e.g. 2026-01-22T09:00:00Z or 2026-01-22T11:00:00+02:00 (a time without one is read in the workshop's time zone once it is set: hangar workshop set --timezone Asia/Almaty)":
            "укажите смещение, например 2026-01-22T09:00:00Z или 2026-01-22T11:00:00+02:00 (время без смещения читается в часовом поясе мастерской, когда он задан: hangar workshop set --timezone Asia/Almaty)",
        "the line ends before its JSON object does (truncated?)":
            "объект JSON не завершён до конца строки (строка обрезана?)",
        "it is a bare JSON value":
            "это одиночное значение JSON, а не объект",
        "it is nested too deeply":
            "слишком глубокая вложенность",
        "a number is out of range (JSON numbers must be finite)":
            "число вне допустимого диапазона (числа JSON должны быть конечными)",
        "give KEY=pass|fail":
            "укажите KEY=pass|fail",
        "give KEY=NUMBER":
            "укажите KEY=NUMBER",
        "events are {list}":
            "допустимые события: {list}",
        "settings are {list}":
            "параметры: {list}",
        "status is in_stock, quarantine or scrapped (install puts a piece in an airframe)":
            "status: in_stock, quarantine или scrapped (на БПЛА экземпляр ставится событием install)",
        "byte at column {n}":
            "байт в столбце {n}",
        "character at column {n}":
            "символ в столбце {n}",
        "a JSON integer (no decimal point)":
            "целое число JSON (без десятичной точки)",
        "a JSON integer of at most 18 digits":
            "целое число JSON не длиннее 18 цифр",
        "true or false":
            "true или false",
        "a string":
            "строка",
        "an object":
            "объект",
        "a list":
            "список",
        "a file of NDJSON lines, not a directory":
            "файл строк NDJSON, а не каталог",
        "a number such as 14, -2 or 12,5":
            "число, например 14, -2 или 12,5",
        "a whole number":
            "целое число",
        "a whole number, e.g. -2":
            "целое число, например -2",
        "not '.' or '..' alone (a page cannot have that address)":
            "не '.' и не '..' (у страницы не может быть такого адреса)",
    ]
}
