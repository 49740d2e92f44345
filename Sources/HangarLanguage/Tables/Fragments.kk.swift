extension Tables {
    /// The rules' English fragments in Kazakh (Fragments), plain and `{name}` templates.
    static let fragmentsKK: [String: String] = [
        "BOM line fields are part, qty, position":
            "спецификация жолының өрістері: part, qty, position",
        "BOM v{version}":
            "спецификация v{version}",
        "SEQ:HASH as printed by hangar verify (a sequence number, a colon, 64 lowercase hex digits)":
            "hangar verify шығаратын түрдегі SEQ:HASH (реттік нөмір, қос нүкте, кіші әріппен жазылған 64 он алтылық цифр)",
        "SQLite integrity check: ok":
            "SQLite тұтастығын тексеру: қалыпты",
        "a BOM has at least one line (--line PART:QTY[:POSITION])":
            "спецификацияда кемінде бір жол болуы тиіс (--line PART:QTY[:POSITION])",
        "a BOM line's qty is a whole number from 1 to 100000":
            "спецификация жолындағы qty — 1–100000 аралығындағы бүтін сан",
        "a check has no unit or limits":
            "check түріндегі тармақтың өлшем бірлігі мен шектері болмайды",
        "a check is exactly \"pass\" or \"fail\"":
            "тексеру нәтижесі тек \"pass\" немесе \"fail\" болуы тиіс",
        "a check is pass or fail":
            "тексеру нәтижесі: pass немесе fail",
        "a checklist has at least one item":
            "тексеру парағында кемінде бір тармақ болуы тиіс",
        "a checklist keeps at least one item":
            "тексеру парағында кемінде бір тармақ қалуы тиіс",
        "a configuration event":
            "шеберхананы баптау оқиғасы",
        "a currency is three letters (ISO 4217, e.g. KZT)":
            "валюта коды — үш әріп (ISO 4217, мысалы KZT)",
        "a defect catalogue has 1-500 codes":
            "ақаулар тізбесінде 1–500 код болады",
        "a defect code is 1-32 characters of A-Z, 0-9 and '_', e.g. MOTOR_VIBRATION":
            "ақау коды — A-Z, 0-9 және '_' таңбаларынан тұратын 1–32 таңба, мысалы MOTOR_VIBRATION",
        "a key is 1-64 characters of a-z, A-Z, 0-9, '_', '-' and '.'":
            "кілт — a-z, A-Z, 0-9, '_', '-' және '.' таңбаларынан тұратын 1–64 таңба",
        "a key may appear only once in an object":
            "әр кілт объектіде тек бір рет берілуі тиіс",
        "a line is at most 1 MiB (1048576 bytes)":
            "жолдың көлемі — ең көбі 1 MiB (1048576 байт)",
        "a line may not hold a raw control character (text fields refuse them even escaped)":
            "жолда басқару таңбалары ашық түрде болмауы тиіс (мәтіндік өрістерде олар экрандалған түрде де қабылданбайды)",
        "a line must be UTF-8 text":
            "жол UTF-8 кодтауындағы мәтін болуы тиіс",
        "a lot is 1-32 characters of A-Z, 0-9, '-', '_' and '.'":
            "топтама нөмірі — A-Z, 0-9, '-', '_' және '.' таңбаларынан тұратын 1–32 таңба",
        "a lot quantity goes back to stock (its own lot) or to scrap":
            "топтамадағы мөлшер қоймаға (stock, өз топтамасына) қайтарылады немесе кәдеге жаратуға (scrap) жіберіледі",
        "a measure is a finite JSON number":
            "өлшеу мәні — шекті JSON саны",
        "a measure is a finite number":
            "өлшеу мәні — шекті сан",
        "a measure needs a min, a max or both":
            "өлшеу үшін min, max немесе екеуі де қажет",
        "a name is 1-100 characters without '<' or '>'":
            "аты немесе атауы — '<' және '>' таңбаларынсыз 1–100 таңба",
        "a part number is 1-64 printable ASCII characters without spaces, '<' or '>' (exact case, e.g. MOTOR-2207)":
            "каталог нөмірі — бос орынсыз, '<' және '>' таңбаларынсыз 1–64 басып шығарылатын ASCII таңбасы (регистрі ескеріледі, мысалы MOTOR-2207)",
        "a quantity is a whole number of at least 1":
            "саны — кемінде 1 болатын бүтін сан",
        "a receipt needs a lot (--lot LOT)":
            "қоймаға қабылдау үшін топтама қажет (--lot LOT)",
        "a receipt of {qty} gives exactly {qty2} serials, {given} given":
            "{qty} дана қабылданғанда дәл {qty2} зауыттық нөмір көрсетілуі тиіс, көрсетілгені: {given}",
        "a serial is 1-32 characters of A-Z, 0-9, '-', '_' and '.'":
            "зауыттық нөмір — A-Z, 0-9, '-', '_' және '.' таңбаларынан тұратын 1–32 таңба",
        "a signed whole number, not 0, at most 1000000 either way":
            "таңбалы бүтін сан, 0 емес, модулі бойынша ең көбі 1000000",
        "a stock event":
            "қойма оқиғасы",
        "a whole number from 1 to 10000000":
            "1–10000000 аралығындағы бүтін сан",
        "a workshop code is 2-16 characters of A-Z, 0-9 and '-', e.g. KZ-36AAB-W1":
            "шеберхана коды — A-Z, 0-9 және '-' таңбаларынан тұратын 2–16 таңба, мысалы KZ-36AAB-W1",
        "adjust a lot with --lot L --qty-delta N":
            "топтаманы түзету үшін --lot L --qty-delta N көрсетіңіз",
        "adjust a piece with --serial S --status STATUS":
            "дананы түзету үшін --serial S --status STATUS көрсетіңіз",
        "admin, or {actor} who recorded the '{event}' being undone":
            "admin немесе {actor} — күші жойылатын «{event}» жазбасының авторы",
        "admin, or {id} themself":
            "admin немесе {id} өзі",
        "an event id is 1-64 printable ASCII characters":
            "оқиға сәйкестендіргіші — 1–64 басып шығарылатын ASCII таңбасы",
        "an event whose fields can be written as JSON":
            "өрістерін JSON түрінде жазуға болатын оқиға",
        "an event's data is a JSON object":
            "оқиға деректері — JSON объектісі",
        "an export with at least one line (hangar export of a workshop with a code)":
            "кемінде бір жолы бар экспорт (коды бар шеберхананың hangar export нәтижесі)",
        "an id is 1-64 characters without spaces, control characters, '<' or '>'":
            "сәйкестендіргіш — бос орынсыз, басқару таңбаларынсыз, '<' және '>' таңбаларынсыз 1–64 таңба",
        "anchor: event #{seq} still has the hash {hash}":
            "зәкір: № {seq} оқиғаның хеші әлі де {hash}",
        "at {position}":
            "орнату орны: {position}",
        "batch {batch}":
            "серия {batch}",
        "batteries {serials}":
            "аккумуляторлар {serials}",
        "battery check":
            "аккумуляторды тексеру",
        "battery_check":
            "battery_check",
        "cannot open {path} as a Hangar database: {why}":
            "{path} файлын Hangar дерекқоры ретінде ашу мүмкін емес: {why}",
        "cannot open {path} as a headquarters store: {why}":
            "{path} файлын штаб қоймасы ретінде ашу мүмкін емес: {why}",
        "cannot write {path}: the file cannot be created there":
            "{path} жазу мүмкін емес: ол жерде файл құру мүмкін емес",
        "cannot write {path}: {why}":
            "{path} жазу мүмкін емес: {why}",
        "cost {cost}":
            "бірлік бағасы {cost}",
        "counter {n} cycles":
            "цикл есептегіші: {n}",
        "database error: {why}":
            "дерекқор қатесі: {why}",
        "defects {codes}":
            "ақаулар {codes}",
        "disposition is stock, quarantine or scrap":
            "disposition: stock, quarantine немесе scrap",
        "doc {doc}":
            "жүкқұжат {doc}",
        "due is true or false":
            "due: true немесе false",
        "each (part, position) appears once on a BOM":
            "әр (part, position) жұбы спецификацияда бір рет қана кездеседі",
        "each code once":
            "әр код тек бір рет",
        "each line must be one JSON object, {...}":
            "әр жол бір JSON объектісі болуы тиіс, {...}",
        "each line must be one JSON object: {reason}":
            "әр жол бір JSON объектісі болуы тиіс: {reason}",
        "each serial once per receipt":
            "әр зауыттық нөмір бір қабылдауда тек бір рет",
        "event must be a string":
            "event мәні мәтіндік жол болуы тиіс",
        "events are ":
            "рұқсат етілген оқиғалар: ",
        "failed: {items}":
            "жарамсыз: {items}",
        "fields that can be written as JSON (finite numbers)":
            "JSON түрінде жазуға болатын өрістер (шекті сандар)",
        "flight minutes are a whole number from 1 to 1440":
            "ұшу уақыты, мин — 1–1440 аралығындағы бүтін сан",
        "format is 1 or 2 (a whole number)":
            "format — 1 немесе 2 (бүтін сан)",
        "from {supplier}":
            "жеткізуші {supplier}",
        "give 1-{n} characters, without control characters or surrounding spaces":
            "1–{n} таңба көрсетіңіз, басқару таңбаларынсыз және басы мен соңында бос орынсыз",
        "give KEY:UNIT:MIN:MAX, e.g. hover_current_a:A:8:14 (unit, min or max may be empty)":
            "KEY:UNIT:MIN:MAX көрсетіңіз, мысалы hover_current_a:A:8:14 (unit, min немесе max бос болуы мүмкін)",
        "give KEY=TEXT, e.g. motor_runup=\"Run every motor up to full throttle\"":
            "KEY=TEXT көрсетіңіз, мысалы motor_runup=\"Әр қозғалтқышты толық газға шығару\"",
        "give PART:QTY[:POSITION], e.g. MOTOR-2207:4 or CAM-1:1:nose":
            "PART:QTY[:POSITION] көрсетіңіз, мысалы MOTOR-2207:4 немесе CAM-1:1:nose",
        "give a UTC date as YYYY-MM-DD, e.g. 2026-11-16":
            "UTC бойынша күнді YYYY-MM-DD пішімінде көрсетіңіз, мысалы 2026-11-16",
        "give a lot or a component serial, not both":
            "топтаманы немесе компоненттің зауыттық нөмірін көрсетіңіз, екеуін бірге емес",
        "give a number":
            "сан көрсетіңіз",
        "give a whole number from {min} to {max}":
            "{min}–{max} аралығындағы бүтін сан көрсетіңіз",
        "give an IANA time zone name such as Asia/Almaty or Europe/Moscow (or UTC)":
            "IANA уақыт белдеуінің атауын көрсетіңіз, мысалы Asia/Almaty немесе Europe/Moscow (немесе UTC)",
        "give at least one role":
            "кемінде бір рөл көрсетіңіз",
        "give each item once":
            "әр тармақты тек бір рет көрсетіңіз",
        "give en, ru or kk":
            "en, ru немесе kk көрсетіңіз",
        "give lot and qty_delta (a lot-tracked part), or serial and status (a serial-tracked part)":
            "lot және qty_delta (топтамамен есепке алынатын бұйым) немесе serial және status (даналап есепке алынатын бұйым) көрсетіңіз",
        "give target (more after the period) or target_total (in total), not both":
            "target (кезеңнен кейін тағы қанша) немесе target_total (барлығы қанша) көрсетіңіз, екеуін бірге емес",
        "hash chain: {n} events, head {hash}":
            "хеш-тізбек: {n} оқиға, соңғы буын {hash}",
        "hash is 64 lowercase hex digits (SHA-256)":
            "hash — кіші әріптермен жазылған 64 оналтылық цифр (SHA-256)",
        "headquarters merge format-2 exports (hangar export of a workshop whose code is set)":
            "штаб 2-формат экспорттарын біріктіреді (коды берілген шеберхананың hangar export нәтижесі)",
        "in stock":
            "қоймада",
        "install a quantity with --lot LOT --qty N":
            "топтамадан мөлшерін орнату үшін --lot LOT --qty N көрсетіңіз",
        "install one piece with --component SERIAL":
            "бір дананы орнату үшін --component SERIAL көрсетіңіз",
        "installed in airframe {airframe}":
            "ҰҰА {airframe} құрамында орнатылған",
        "it holds {qty}":
            "орнатылғаны: {qty}",
        "it is a piece of {part}":
            "бұл {part} бұйымының данасы",
        "item fields are key, kind, unit, min, max, description":
            "тармақ өрістері: key, kind, unit, min, max, description",
        "item keys must be unique":
            "тармақ кілттері қайталанбауы тиіс",
        "items are ":
            "тексеру парағының тармақтары: ",
        "its pieces have no serials (give --lot and --qty)":
            "оның даналарында зауыттық нөмір жоқ (--lot және --qty көрсетіңіз)",
        "kind is check or measure":
            "kind: check немесе measure",
        "kind is component, battery or consumable":
            "kind: component, battery немесе consumable",
        "leave an optional field out instead of sending null":
            "міндетті емес өрісті null мәнімен жібермей, мүлде көрсетпеңіз",
        "limits must be finite numbers":
            "шектер шекті сандар болуы тиіс",
        "lot {lot}":
            "топтама {lot}",
        "lot {lot} of {part} has a later event":
            "{part} бұйымының {lot} топтамасында кейінірек оқиға бар",
        "lot {lot} of {part} would go below zero":
            "{part} бұйымының {lot} топтамасының қалдығы нөлден төмен болар еді",
        "maintenance reasons are ":
            "рұқсат етілген ТҚК себептері: ",
        "maintenance reasons are {values}":
            "рұқсат етілген ТҚК себептері: {values}",
        "min ({min}) must not exceed max ({max})":
            "min ({min}) мәні max ({max}) мәнінен аспауы тиіс",
        "model {model}":
            "модель {model}",
        "more items":
            "элементтер көбірек болуы тиіс",
        "no Hangar database at {path} (create one with: hangar init --admin ID --name NAME, or give --db PATH)":
            "{path} жолында Hangar дерекқоры жоқ (оны құрыңыз: hangar init --admin ID --name NAME, немесе --db PATH беріңіз)",
        "no headquarters store at {path} (create one with: hangar hq init --hq {path})":
            "{path} жолында штаб қоймасы жоқ (оны құрыңыз: hangar hq init --hq {path})",
        "not a field of the interchange format":
            "алмасу пішімінде мұндай өріс жоқ",
        "note must be a string":
            "note мәні мәтіндік жол болуы тиіс",
        "note: {note}":
            "ескертпе: {note}",
        "off BOM: {reason}":
            "спецификациядан тыс: {reason}",
        "one of ":
            "мына мәндердің бірі: ",
        "one of {values}":
            "мына мәндердің бірі: {values}",
        "one workshop's lines in a file (this file is {code}'s)":
            "бір файлда бір шеберхананың жолдары болады (бұл файл {code} шеберханасынікі)",
        "operator {id}":
            "оператор {id}",
        "origin {origin}":
            "шығарылған елі {origin}",
        "outcome is pass or fail":
            "outcome: pass немесе fail",
        "part: {part}":
            "бұйым: {part}",
        "projections equal the replay: {airframes} airframes, {operators} operators, {staff} staff, {units} units, {models} models, {flights} flights, {undone} undone events":
            "проекциялар қайта ойнатумен сәйкес: ҰҰА {airframes}, оператор {operators}, әскери қызметші {staff}, бөлімше {units}, модель {models}, ұшу {flights}, күші жойылған жазба {undone}",
        "purpose is training or operational":
            "purpose: training немесе operational",
        "quarantined":
            "карантинде",
        "reason: {reason}":
            "себебі: {reason}",
        "remove a quantity with --lot LOT --qty N":
            "топтамадан мөлшерін шешіп алу үшін --lot LOT --qty N көрсетіңіз",
        "remove one piece with --component SERIAL":
            "бір дананы шешіп алу үшін --component SERIAL көрсетіңіз",
        "replay of the log through the rules: {n} events accepted":
            "журналды ережелер бойынша қайта ойнату: {n} оқиға қабылданды",
        "report summaries equal a rebuild from the log":
            "есептің жиынтық кестелері журнал бойынша қайта есептеумен сәйкес",
        "roles are ":
            "рұқсат етілген рөлдер: ",
        "scrapped":
            "кәдеге жаратылған",
        "send one JSON object":
            "бір JSON объектісін жіберіңіз",
        "settings are ":
            "рұқсат етілген параметрлер: ",
        "staff_add, staff_update, unit_add, model_add, model_codes":
            "staff_add, staff_update, unit_add, model_add, model_codes",
        "status is in_stock, quarantine or scrapped":
            "status: in_stock, quarantine немесе scrapped",
        "stock event":
            "қойма оқиғасы",
        "that day or time does not exist (check month length, hours 00-23, minutes and seconds 00-59)":
            "мұндай күн немесе уақыт жоқ (айдағы күн санын тексеріңіз; сағат 00–23, минут пен секунд 00–59)",
        "that local time does not exist in {zone} (the clocks were moved forward)":
            "{zone} белдеуінде мұндай жергілікті уақыт жоқ (сағат тілі алға жылжытылған)",
        "the national report over all workshops is not built yet: give --workshop CODE":
            "республикалық жиынтық есеп әлі жасалмаған: --workshop CODE беріңіз",
        "the period may span at most 20 years":
            "кезең 20 жылдан аспауы тиіс",
        "the server sets {key} (the signed-in author, a new id, now)":
            "{key} мәнін сервер орнатады (автор — жүйеге кірген пайдаланушы, жаңа id, қазіргі уақыт)",
        "this Hangar keeps headquarters in an SQLite file: give its path":
            "Hangar-дың бұл нұсқасы штаб деректерін SQLite файлында сақтайды: оның жолын беріңіз",
        "this Hangar reads formats 1 and 2: update it to read newer exports":
            "Hangar-дың бұл нұсқасы 1 және 2 форматтарын оқиды: жаңарақ экспорттарды оқу үшін оны жаңартыңыз",
        "this form records airframe and operator steps":
            "бұл форма тек ҰҰА мен операторлардың оқиғаларын жазады",
        "this workshop is {code}: another workshop's export goes to headquarters (hangar hq merge)":
            "бұл шеберхана — {code}: басқа шеберхананың экспортын штаб қабылдайды (hangar hq merge)",
        "tick the confirmation to drop a checklist item":
            "тексеру парағының тармағын жою үшін растауды белгілеңіз",
        "times before 1970 are not accepted":
            "1970 жылға дейінгі уақыт қабылданбайды",
        "to {disposition}":
            "қайда: {disposition}",
        "tracking is serial or lot":
            "tracking: serial немесе lot",
        "a password of 12 to 128 characters (any letters)":
            "ұзындығы 12-ден 128 таңбаға дейінгі құпиясөз (кез келген әріптер)",
        "type it at the prompt, or send it as the first line of standard input":
            "оны сұрау шыққанда енгізіңіз немесе стандартты енгізудің бірінші жолы ретінде жіберіңіз",
        "undoes {id}":
            "{id} жазбасының күшін жояды",
        "unit {unit}":
            "бөлімше {unit}",
        "unknown: no stock_receive names it (receive it first)":
            "белгісіз: ешбір stock_receive оқиғасында көрсетілмеген (алдымен қоймаға қабылдаңыз)",
        "work: {work}":
            "жұмыстар: {work}",
        "workshop, workshop_seq and hash come with \"format\": 2":
            "workshop, workshop_seq және hash \"format\": 2 бірге беріледі",
        "workshop_seq is a whole number, 1 or more":
            "workshop_seq — 1-ден кем емес бүтін сан",
        "{field} is a whole number from {min} to {max}":
            "{field} — {min}–{max} аралығындағы бүтін сан",
        "{field} must be {expected}":
            "{field}: мәні {expected} болуы тиіс",
        "{key} failed":
            "{key}: жарамсыз",
        "{key} {value} (limits {limits})":
            "{key} {value} (шектер {limits})",
        "{n} mAh":
            "{n} мА·сағ",
        "{n} min":
            "{n} мин",
        "{n} received":
            "қабылданды: {n}",
        "{outcome} (attempt {attempt}, checklist v{version})":
            "{outcome} (№ {attempt} ұсыну, тексеру парағы v{version})",
        "{path} is a headquarters store: read it with hangar hq status|conflicts|report --hq {path}":
            "{path} — штаб қоймасы: оны hangar hq status|conflicts|report --hq {path} командаларымен оқыңыз",
        "{path} is a workshop's file, not a headquarters store (export it with hangar export and merge the export)":
            "{path} — шеберхана файлы, штаб қоймасы емес (оны hangar export командасымен экспорттап, экспортты біріктіріңіз)",
        "{path} is not a headquarters store (create one with: hangar hq init --hq PATH)":
            "{path} штаб қоймасы емес (оны құрыңыз: hangar hq init --hq PATH)",
        "{qty} of {part} lot {lot}":
            "{part} бұйымының {lot} топтамасынан {qty}",
        "{serial} has a later event":
            "{serial} үшін кейінірек оқиға бар",
        "{place} holds a workshop's tables, not a headquarters store":
            "{place} ішінде шеберхана кестелері бар, бұл штаб қоймасы емес",
        "{place} is not a headquarters store (create one with: hangar hq init --hq URL)":
            "{place} штаб қоймасы емес (оны құрыңыз: hangar hq init --hq URL)",
        "the headquarters database at {place} refused the sign-in of {user} (check the password in the URL or $PGPASSWORD)":
            "{place} штаб дерекқоры {user} пайдаланушысының кіруін қабылдамады (URL ішіндегі немесе $PGPASSWORD құпиясөзін тексеріңіз)",
        "there is no database {database} at {address} (create it first, then: hangar hq init --hq URL)":
            "{address} мекенжайында {database} дерекқоры жоқ (алдымен оны құрыңыз, содан кейін: hangar hq init --hq URL)",
        "the headquarters database at {place} refused the connection: {why}":
            "{place} штаб дерекқоры қосылуды қабылдамады: {why}",
        "the headquarters database at {place} asks for a password (put it in the URL or $PGPASSWORD)":
            "{place} штаб дерекқоры құпиясөз сұрайды (оны URL ішінде немесе $PGPASSWORD арқылы беріңіз)",
        "cannot reach the headquarters database at {address} (is PostgreSQL running there?)":
            "{address} мекенжайындағы штаб дерекқорына қосылу мүмкін емес (онда PostgreSQL іске қосылған ба?)",
        "text without the NUL character (U+0000)":
            "NUL таңбасы (U+0000) жоқ мәтін",
        "postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require|verify-full], or a file path":
            "postgres://пайдаланушы[:құпиясөз]@хост[:порт]/дерекқор[?sslmode=disable|prefer|require|verify-full] немесе файл жолы",
        "a host after postgres://user@ (postgres://user@host/database)":
            "postgres://пайдаланушы@ кейін хост (postgres://пайдаланушы@хост/дерекқор)",
        "a database name after the host (postgres://user@host/database)":
            "хосттан кейін дерекқор атауы (postgres://пайдаланушы@хост/дерекқор)",
        "a user before the host (postgres://user@host/database) or $PGUSER":
            "хосттың алдында пайдаланушы (postgres://пайдаланушы@хост/дерекқор) немесе $PGUSER",
        "only sslmode as a URL option (?sslmode=disable|prefer|require|verify-full)":
            "URL параметрлерінің ішінен тек sslmode (?sslmode=disable|prefer|require|verify-full)",
        "sslmode is one of disable, prefer, require, verify-full":
            "sslmode мына мәндердің бірі: disable, prefer, require, verify-full",
        "a port from 1 to 65535":
            "1-ден 65535-ке дейінгі порт",
        "an IANA time zone name, such as Asia/Almaty or UTC":
            "IANA уақыт белдеуінің атауы, мысалы Asia/Almaty немесе UTC",
        "a workshop code (2-16 characters of A-Z, 0-9 and '-'), or none for the whole country":
            "шеберхана коды (2–16 таңба: A–Z, 0–9 және «-») немесе бүкіл республика үшін бос қалдырыңыз",
        "an id not yet taken at headquarters (hangar hq staff list)":
            "штабта әлі бос сәйкестендіргіш (hangar hq staff list)",
        "html, text, csv or json":
            "html, text, csv немесе json",
        "a piece of {part}":
            "{part} бұйымының данасы",
        "an airframe of model {model}":
            "{model} моделіндегі ҰҰА",
        "installed in airframe {airframe}; remove it first":
            "ҰҰА {airframe} құрамында орнатылған; алдымен оны шешіп алыңыз (remove)",
        "--unit ({serial} was never issued to a unit, so there is none to send it back to)":
            "--unit ({serial} бөлімшеге берілмеген, оны қайтаратын жер жоқ)",
        "the period must start before --to ({to})":
            "кезең --to ({to}) күнінен бұрын басталуы тиіс",
        "not valid JSON at column {column} ('{shown}')":
            "{column}-бағанда жарамсыз JSON ('{shown}')",
        "not valid JSON at column {column} ('{shown}'; NaN and Infinity are not JSON numbers)":
            "{column}-бағанда жарамсыз JSON ('{shown}'; NaN және Infinity JSON сандары емес)",
        "an origin is two letters (ISO 3166-1, e.g. KZ) or unknown":
            "шығарылған елі — екі әріп (ISO 3166-1, мысалы KZ) немесе unknown",
        "a country is two letters (ISO 3166-1, e.g. KZ)":
            "ел коды — екі әріп (ISO 3166-1, мысалы KZ)",
        "a new name or setting (--name, --cost, --origin, --reorder-at, --life-minutes, --life-cycles, --rated-mah)":
            "жаңа атау немесе параметр (--name, --cost, --origin, --reorder-at, --life-minutes, --life-cycles, --rated-mah)",
        "a new checklist, service interval, ex-works price or defect catalogue":
            "жаңа тексеру парағы, ТҚК кезеңділігі, EXW бағасы немесе ақаулар тізбесі",
        "a new name, new roles or a language":
            "жаңа аты-жөні, жаңа рөлдер немесе тіл",
        "operator (a training flight names its trainee)":
            "operator (оқу ұшуында білім алушы көрсетіледі)",
        "give an ISO-8601 time with an offset, e.g. 2026-01-22T09:00:00Z or 2026-01-22T11:00:00+02:00":
            "ығысуы бар ISO-8601 уақытын көрсетіңіз, мысалы 2026-01-22T09:00:00Z немесе 2026-01-22T11:00:00+02:00",
        "give an offset, e.g. 2026-01-22T09:00:00Z or 2026-01-22T11:00:00+02:00 (a time without one is read in the workshop's time zone once it is set: hangar workshop set --timezone Asia/Almaty)":
            "ығысуды көрсетіңіз, мысалы 2026-01-22T09:00:00Z немесе 2026-01-22T11:00:00+02:00 (ығысусыз уақыт шеберхананың уақыт белдеуі берілгенде сол белдеу бойынша оқылады: hangar workshop set --timezone Asia/Almaty)",
        "the line ends before its JSON object does (truncated?)":
            "JSON объектісі жол соңына дейін аяқталмаған (жол қиылған ба?)",
        "it is a bare JSON value":
            "бұл объект емес, жалғыз JSON мәні",
        "it is nested too deeply":
            "кірістіру тым терең",
        "a number is out of range (JSON numbers must be finite)":
            "сан рұқсат етілген ауқымнан тыс (JSON сандары ақырлы болуы тиіс)",
        "give KEY=pass|fail":
            "KEY=pass|fail түрінде көрсетіңіз",
        "give KEY=NUMBER":
            "KEY=NUMBER түрінде көрсетіңіз",
        "events are {list}":
            "рұқсат етілген оқиғалар: {list}",
        "settings are {list}":
            "параметрлер: {list}",
        "status is in_stock, quarantine or scrapped (install puts a piece in an airframe)":
            "status: in_stock, quarantine немесе scrapped (дана ҰҰА-ға install оқиғасымен орнатылады)",
        "byte at column {n}":
            "{n}-бағандағы байт",
        "character at column {n}":
            "{n}-бағандағы таңба",
        "a JSON integer (no decimal point)":
            "бүтін JSON саны (ондық нүктесіз)",
        "a JSON integer of at most 18 digits":
            "18 цифрдан аспайтын бүтін JSON саны",
        "true or false":
            "true немесе false",
        "a string":
            "жол",
        "an object":
            "объект",
        "a list":
            "тізім",
        "a file of NDJSON lines, not a directory":
            "каталог емес, NDJSON жолдарының файлы",
        "a number such as 14, -2 or 12,5":
            "сан, мысалы 14, -2 немесе 12,5",
        "a whole number":
            "бүтін сан",
        "a whole number, e.g. -2":
            "бүтін сан, мысалы -2",
        "not '.' or '..' alone (a page cannot have that address)":
            "тек '.' немесе '..' болмауы тиіс (беттің мұндай мекенжайы болмайды)",
    ]
}
