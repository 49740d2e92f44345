extension Tables {
    /// `--help` in Kazakh, keyed by the English text the commands declare (HelpText).
    static let helpKK: [String: String] = [
        " or ":
            " немесе ",
        "#":
            "№",
        "--clear {name} and --{name} VALUE contradict each other: give one of them":
            "--clear {name} және --{name} VALUE бір-біріне қайшы: біреуін ғана көрсетіңіз",
        "(no rated capacity)":
            "(номиналды сыйымдылық берілмеген)",
        "(installed)":
            "(орнатылған)",
        "(no check yet)":
            "(әлі тексерілмеген)",
        "(not set)":
            "(орнатылмаған)",
        "(not set: exports carry no workshop code)":
            "(берілмеген: экспортта шеберхана коды жоқ)",
        "(not set: times are UTC)":
            "(орнатылмаған: уақыт UTC бойынша)",
        "(serials)":
            "(даналап есеп)",
        "--before must be a sequence number, 1 or more":
            "--before — жазба нөмірі, 1-ден кем емес",
        "--connections-per-address must be from 1 to 100000":
            "--connections-per-address — 1-ден 100000-ға дейін",
        "--limit must be from 1 to 1000000":
            "--limit — 1-ден 1000000-ға дейін",
        "--request-timeout must be a whole number of seconds from 1 to 3600":
            "--request-timeout — 1-ден 3600-ге дейінгі бүтін секунд саны",
        "--target must be from 1 to 10000000":
            "--target — 1-ден 10000000-ға дейін",
        "--target-total must be from 1 to 10000000":
            "--target-total — 1-ден 10000000-ға дейін",
        "A battery flown, from stock or installed (repeatable; installed batteries fly anyway).":
            "Ұшуда пайдаланылған аккумулятор: қоймадан немесе орнатылған (қайталауға болады; орнатылған аккумуляторлар кез келген жағдайда есепке алынады).",
        "A chain head kept from an earlier verify.":
            "Бұрынғы тексеруден (verify) сақталған хеш-тізбектің соңғы буыны.",
        "A check result (repeatable).":
            "Тексеру тармағының нәтижесі (қайталауға болады).",
        "A defect code, e.g. MOTOR_VIBRATION (repeatable).":
            "Ақау коды, мысалы MOTOR_VIBRATION (қайталауға болады).",
        "A line (repeatable), e.g. MOTOR-2207:4 or CAM-1:1:nose.":
            "Спецификация жолы (қайталауға болады), мысалы MOTOR-2207:4 немесе CAM-1:1:nose.",
        "A measured item with limits, e.g. hover_current_a:A:8:14 (repeatable; unit, min or max may be empty).":
            "Шектері бар өлшенетін тармақ, мысалы hover_current_a:A:8:14 (қайталауға болады; өлшем бірлігі, мин. немесе макс. бос болуы мүмкін).",
        "A measured value (repeatable).":
            "Өлшенген мән (қайталауға болады).",
        "A model's bill of materials (versioned like its checklist).":
            "Модельдің спецификациясы (тексеру парағы сияқты нұсқалармен жүргізіледі).",
        "A note kept with the event.":
            "Оқиғамен бірге сақталатын ескертпе.",
        "A pass/fail checklist item (repeatable).":
            "«Жарамды / жарамсыз» тексеру тармағы (қайталауға болады).",
        "A piece's serial (repeatable).":
            "Дананың зауыттық нөмірі (қайталауға болады).",
        "A receipt lot of the part.":
            "Бұйымның қоймаға қабылданған топтамасы.",
        "A serial-tracked part takes --component SERIAL, a lot-tracked one --lot LOT --qty N. A part off the model's BOM, or beyond its quantity, needs --off-bom REASON.":
            "Даналап есепке алынатын бұйым үшін --component SERIAL, топтамамен есепке алынатын бұйым үшін --lot LOT --qty N көрсетіңіз. Модель спецификациясынан тыс немесе спецификациядағы санынан артық бұйым үшін --off-bom REASON қажет.",
        "A serial-tracked part takes exactly --qty serials (--serial, repeatable); a lot-tracked part a --lot. Origin and cost default to the part's.":
            "Даналап есепке алынатын бұйым үшін дәл --qty зауыттық нөмір көрсетіңіз (--serial, қайталауға болады), топтамамен есепке алынатын бұйым үшін — --lot. Шығарылған елі мен бағасы әдепкі бойынша каталогтан алынады.",
        "A serial-tracked piece: where it is and every airframe it has been in.":
            "Даналап есепке алынатын компонент: орналасқан жері және ол орнатылған барлық ҰҰА.",
        "A setting to remove (repeatable).":
            "Мәні өшірілетін параметр (қайталауға болады).",
        "Add a model with its checklist (at least one item). Admin.":
            "Модельді тексеру парағымен қосу (кемінде бір тармақ). Рөл: admin.",
        "Add a part number to the catalogue. Admin.":
            "Жинақтаушы бұйымды (P/N) каталогқа қосу. Рөл: admin.",
        "Add a staff member. Admin.":
            "Әскери қызметшіні жеке құрам тізіміне қосу. Рөл: admin.",
        "Add a unit. Admin.":
            "Бөлімше қосу. Рөл: admin.",
        "Address to listen on.":
            "Сервер қосылымдарды қабылдайтын адрес.",
        "Airframe models: QC checklists and service intervals.":
            "ҰҰА модельдері: сапа бақылауының тексеру парақтары және ТҚК кезеңділігі.",
        "Apply an NDJSON event file, all or nothing.":
            "NDJSON оқиғалар файлын қолдану: не барлық оқиға жазылады, не ешқайсысы жазылмайды.",
        "Assembly finished; ready for QC.":
            "Құрастыру аяқталды; ҰҰА сапа бақылауына дайын.",
        "At most this many events, the latest ones.":
            "Көрсетілетін соңғы оқиғалардың ең көп саны.",
        "Back into training.":
            "Қайта даярлауға жіберу.",
        "Battery checks: measured capacity and cycle count.":
            "Аккумуляторды тексеру: өлшенген сыйымдылық және зарядтау циклдерінің саны.",
        "Bucket size.":
            "Топтау аралығы.",
        "Cancel the battery's latest check. Admin or its author.":
            "Аккумулятордың соңғы тексеруінің күшін жою. Рөл: admin (немесе тексеру авторы).",
        "Cancel the latest not-yet-undone event (registration excepted).":
            "Күші жойылмаған соңғы жазбаның күшін жою (тіркеуден басқа).",
        "Cancel the part's latest stock event (receipt or adjustment). Admin or its author.":
            "Бұйым бойынша соңғы қойма жазбасының (қоймаға қабылдау немесе қалдықты түзету) күшін жою. Рөл: admin (немесе жазба авторы).",
        "Change a model's service interval, ex-works price or checklist. Admin.":
            "Модельдің ТҚК кезеңділігін, EXW бағасын немесе тексеру парағын өзгерту. Рөл: admin.",
        "Change a part's name or settings (tracking and kind never change). Admin.":
            "Бұйымның атауын немесе параметрлерін өзгерту (есеп тәсілі мен түрі өзгермейді). Рөл: admin.",
        "Change a staff member's name or roles (the roles given replace the old ones). Admin.":
            "Әскери қызметшінің аты-жөнін немесе рөлдерін өзгерту (көрсетілген рөлдер бұрынғыларын алмастырады). Рөл: admin.",
        "Check integrity, the hash chain, and that a replay of the log equals the projections.":
            "Тұтастықты, хеш-тізбекті және журналды қайта орындау нәтижесінің проекциялармен сәйкестігін тексеру.",
        "Close maintenance; the airframe must pass QC again.":
            "ТҚК аяқтау; ҰҰА сапа бақылауынан қайта өтуі тиіс.",
        "Correct a lot's count, or change a piece's status. Storekeeper or admin.":
            "Топтаманың қалдығын түзету немесе дананың күйін өзгерту. Рөл: storekeeper немесе admin.",
        "Cost of one piece in minor units (default: the part's).":
            "Бірлік бағасы, ұсақ ақша бірлігімен (әдепкі: каталогтағы баға).",
        "Cost of one piece, in minor units of the workshop's currency.":
            "Бірлік бағасы, шеберхана валютасының ұсақ бірлігімен.",
        "Create or migrate the database; with --admin, record the first admin.":
            "Дерекқорды құру немесе оның құрылымын жаңарту; --admin берілсе, алғашқы әкімшіні тіркеу.",
        "Create or migrate the headquarters store.":
            "Штаб қоймасын құру немесе жаңарту.",
        "DUE":
            "МЕРЗІМІ КЕЛДІ",
        "Day after the period, YYYY-MM-DD (default: tomorrow, local).":
            "Кезең аяқталғаннан кейінгі күн, YYYY-MM-DD (әдепкі: ертең, жергілікті уақыт бойынша).",
        "Days between scheduled maintenance.":
            "Жоспарлы ТҚК кезеңділігі, тәул.",
        "Default origin: ISO 3166-1 alpha-2 (KZ) or unknown.":
            "Әдепкі шығарылған елі: ISO 3166-1 alpha-2 коды (KZ) немесе unknown.",
        "Drop the defect catalogue: QC runs may give any code again.":
            "Ақаулар тізбесін жою: сапаны тексеруде қайтадан кез келген код көрсетуге болады.",
        "Drop this checklist item (repeatable).":
            "Тексеру парағынан тармақты алып тастау (қайталауға болады).",
        "Each line goes through the same rules as the command line. The first bad line rejects the whole file (its line number and reason are printed) and nothing is written. Events whose id is already in the log are skipped when identical. Creates the database if it does not exist.":
            "Әр жол командалық жолдағыдай ережелермен тексеріледі. Алғашқы қате жол табылса, бүкіл файл қабылданбайды (жолдың нөмірі мен себебі шығарылады) және ештеңе жазылмайды. Сәйкестендіргіші журналда бұрыннан бар оқиғалар толық сәйкес келсе, өткізіп жіберіледі. Дерекқор болмаса, ол құрылады.",
        "Enroll a trainee.":
            "Операторды оқуға қабылдау.",
        "Every checklist item must be given. Four eyes: the inspector must not be who put the airframe into awaiting_qc. A failing run needs at least one --defect.":
            "Тексеру парағының барлық тармағы көрсетілуі тиіс. «Төрт көз» қағидаты: ҰҰА-ны awaiting_qc күйіне ауыстырған адам бақылаушы бола алмайды. Тексеруден өтпесе, кемінде бір --defect қажет.",
        "Every write names its author (--as ID or $HANGAR_USER) and goes through the workshop's rules;\na rejected command writes nothing. The database is --db PATH, $HANGAR_DB or ./hangar.sqlite.\nExit status: 0 success, 1 rejected by a rule or bad data, 64 usage error.":
            "Әр жазбада автор көрсетіледі (--as ID немесе $HANGAR_USER) және ол шеберхана ережелері бойынша тексеріледі;\nқабылданбаған команда ештеңе жазбайды. Дерекқор: --db PATH, $HANGAR_DB немесе ./hangar.sqlite.\nАяқталу коды: 0 — сәтті, 1 — ереже бойынша қабылданбады немесе деректер қате, 64 — қолдану қатесі.",
        "Ex-works price in minor units of the workshop's currency (for local content).":
            "EXW бағасы, шеберхана валютасының ұсақ бірлігімен (жергілікті қамтуды есептеу үшін).",
        "Exit status 1 when a file is refused whole (malformed, another format, two workshops) or when anything listed by hangar hq conflicts involves a workshop of these files.":
            "Файл толығымен қабылданбаса (бүлінген, басқа формат, екі шеберхана) немесе hangar hq conflicts тізімінде осы файлдардың шеберханасына қатысты бірдеңе болса, шығу коды 1.",
        "Export files (hangar export of a workshop whose code is set).":
            "Экспорт файлдары (коды берілген шеберхананың hangar export нәтижесі).",
        "First day of the period, YYYY-MM-DD (default: twelve whole buckets before --to).":
            "Кезеңнің бірінші күні, YYYY-MM-DD (әдепкі: --to күніне дейінгі он екі толық аралықтың басы).",
        "Flight minutes between scheduled maintenance.":
            "Жоспарлы ТҚК кезеңділігі ұшу уақыты бойынша, мин.",
        "Flight minutes, 1-1440.":
            "Ұшу ұзақтығы, мин: 1-ден 1440-қа дейін.",
        "Forecast when N airframes will have been delivered in total, those before --to included (not with --target).":
            "Болжам: барлығы N ҰҰА қашан тапсырылады, --to күніне дейін тапсырылғандарын қоса (--target параметрімен бірге қолданылмайды).",
        "Forecast when N more airframes will have been delivered after --to.":
            "Болжам: --to күнінен кейін тағы N ҰҰА қашан тапсырылады.",
        "Full name.":
            "Аты-жөні.",
        "Give --clear SETTING to remove a setting (cost, origin, reorder-at, life-minutes, life-cycles, rated-mah).":
            "Параметр мәнін өшіру үшін --clear SETTING көрсетіңіз (cost, origin, reorder-at, life-minutes, life-cycles, rated-mah).",
        "Hand the airframe to operator training.":
            "ҰҰА-ны операторларды оқыту үшін оқу-жаттығуға беру.",
        "Hangar serving {path} on {url}":
            "Hangar {path} файлын {url} мекенжайында ұсынады",
        "Headquarters: many workshops' exports merged, their conflicts listed.":
            "Штаб: көп шеберхананың журналдарын біріктіру; жазбалар қайшылықтары тізімделеді.",
        "How many of the lot.":
            "Топтамадан алынатын саны.",
        "How many.":
            "Саны.",
        "ISO 3166-1 alpha-2, or unknown (default: the part's).":
            "Шығарылған елі: ISO 3166-1 alpha-2 немесе unknown (әдепкі: каталогтан).",
        "Install a component or a lot quantity; one event moves it out of stock and into the airframe.":
            "Компонентті немесе топтамадан белгілі бір санды орнату; бір оқиға бұйымды қоймадан шығарып, ҰҰА-ға орнатады.",
        "Issue the airframe to a unit.":
            "ҰҰА-ны бөлімшеге беру.",
        "Its model (see: hangar model list).":
            "ҰҰА моделі (қараңыз: hangar model list).",
        "LOW":
            "ЕҢ АЗДАН ТӨМЕН",
        "Life in cycles (batteries).":
            "Циклдермен белгіленген ресурс (аккумуляторлар үшін).",
        "Life in flight minutes (serial-tracked parts).":
            "Ұшу минуттарымен белгіленген ресурс (даналап есепке алынатын бұйымдар үшін).",
        "List airframes, filtered.":
            "ҰҰА тізімін сүзгімен көрсету.",
        "List models.":
            "Модельдер тізімін көрсету.",
        "List operators, filtered.":
            "Операторлар тізімін сүзгімен көрсету.",
        "List staff and their roles.":
            "Жеке құрам тізімін және рөлдерін көрсету.",
        "List the catalogue.":
            "Жинақтаушы бұйымдар каталогын көрсету.",
        "List units.":
            "Бөлімшелер тізімін көрсету.",
        "List what merging found: content conflicts, serial claims, definition conflicts, gaps, broken chains.":
            "Журналдарды біріктіру кезінде табылғанды тізімдеу: жазбалар қайшылықтары, даулы зауыттық нөмірлер, модель сипаттамасының алшақтықтары, нөмірлеудегі үзілістер, бұзылған хеш-тізбектер.",
        "Log a flight.":
            "Ұшуды жазу.",
        "Maintenance waits for a part.":
            "ТҚК қосалқы бөлшек келгенге дейін тоқтатылды.",
        "Mark a listed item reviewed (its key as listed); nothing is deleted.":
            "Тізім тармағын қаралды деп белгілеу (кілті бойынша); ештеңе жойылмайды.",
        "Mark the session cookie Secure (when served behind TLS).":
            "Сеанстың cookie файлына Secure атрибутын орнату (TLS арқылы жұмыс істегенде).",
        "Measured capacity.":
            "Өлшенген сыйымдылық.",
        "Merge workshops' format-2 exports: each file in one transaction, conflicts listed, never resolved.":
            "Шеберханалар журналдарын біріктіру (2-формат экспорттары): әр файл бір транзакциямен; жазбалар қайшылықтары тізімделеді, ешқашан автоматты шешілмейді.",
        "Model name, e.g. FPV-7.":
            "Модель атауы, мысалы FPV-7.",
        "Model name.":
            "Модель атауы.",
        "NOT VERIFIED":
            "ТЕКСЕРІЛМЕДІ",
        "New full name.":
            "Жаңа аты-жөні.",
        "New name.":
            "Жаңа атауы.",
        "Nothing is deleted: the undo is an event of its own. Undo again to cancel the one before.":
            "Ештеңе жойылмайды: күшін жою жеке оқиға ретінде жазылады. Алдыңғы жазбаның күшін жою үшін команданы қайта орындаңыз.",
        "One piece.":
            "Жеке дана.",
        "Only airframes due for service.":
            "Тек ТҚК мерзімі келген ҰҰА.",
        "Only events after this sequence number.":
            "Тек осы реттік нөмірден кейінгі оқиғалар.",
        "Only events before this sequence number (the '#' column): the page before.":
            "Тек осы реттік нөмірге дейінгі оқиғалар ('#' бағаны): алдыңғы бет.",
        "Only in this state.":
            "Тек осы күйдегілер.",
        "Only issued to this unit.":
            "Тек осы бөлімшеге берілгендер.",
        "Only of this model.":
            "Тек осы модельдегі ҰҰА.",
        "Only of this unit.":
            "Тек осы бөлімшеден.",
        "Only parts at or below their reorder point.":
            "Тек қалдығы ең аз қалдықтан аспайтын бұйымдар.",
        "Open connections allowed from one address; more are closed at once.":
            "Бір адрестен рұқсат етілген ашық қосылымдар саны; артығы бірден жабылады.",
        "Open maintenance.":
            "ТҚК бастау.",
        "Operator id (case-sensitive).":
            "Оператордың сәйкестендіргіші (регистрді ескереді).",
        "Operator id.":
            "Оператордың сәйкестендіргіші.",
        "Output format.":
            "Шығару пішімі.",
        "Part number, e.g. MOTOR-2207 (exact case).":
            "Каталог нөмірі (P/N), мысалы MOTOR-2207 (регистрі дәл сақталады).",
        "Part number, e.g. MOTOR-2207.":
            "Каталог нөмірі (P/N), мысалы MOTOR-2207.",
        "Part number.":
            "Каталог нөмірі (P/N).",
        "Past install spans too.":
            "Бұрынғы орнату кезеңдерін де қоса.",
        "People who record events, and their roles.":
            "Оқиғаларды жазатын жеке құрам және олардың рөлдері.",
        "Per workshop: events held, last sequence number and time, whether its chain is verified and complete.":
            "Шеберханалар бойынша: оқиғалар саны, соңғы нөмір мен уақыт, тізбек тексерілді ме және журнал толық па.",
        "Port to listen on.":
            "Сервер қосылымдарды қабылдайтын порт.",
        "Print JSON (stable field names, ISO-8601 UTC times) instead of text.":
            "Мәтіннің орнына JSON шығару (тұрақты өріс атаулары, уақыт ISO-8601 UTC пішімінде).",
        "Print a new API token for a staff member (admin, or themself).":
            "Әскери қызметшіге жаңа API токенін шығару (admin немесе қызметшінің өзі).",
        "Prints the latest --limit events (1000 by default) in order; an airframe with more says how to read the page before.":
            "Соңғы --limit оқиғаны (әдепкі бойынша 1000) ретімен шығарады; ҰҰА-ның оқиғалары одан көп болса, алдыңғы бетті қалай оқу керектігі көрсетіледі.",
        "Prints what it checked and the first fault (exit 1), and last the chain head as SEQ:HASH.\nKeep that line somewhere the database's editors cannot reach (printed, mailed, in another system); `hangar verify --anchor SEQ:HASH` later proves that the first SEQ events are still the ones you anchored, even if someone rewrote the whole chain.":
            "Не тексерілгенін және алғашқы бұзушылықты (аяқталу коды 1), ең соңында тізбектің соңғы буынын SEQ:HASH түрінде шығарады.\nБұл жолды дерекқорды өзгерте алатын адамдардың қолы жетпейтін жерде сақтаңыз (қағазға басып шығарып, поштамен жіберіп, басқа жүйеде); кейін `hangar verify --anchor SEQ:HASH` алғашқы SEQ оқиғаның сіз бекіткен оқиғалар екенін, тіпті біреу бүкіл тізбекті қайта жазса да, дәлелдейді.",
        "Production batch.":
            "Өндірістік серия.",
        "QC runs":
            "тексерулер саны",
        "Rated capacity in mAh (batteries).":
            "Номиналды сыйымдылық, мА·сағ (аккумуляторлар үшін).",
        "Receive pieces of a part. Storekeeper or technician.":
            "Бұйым даналарын қоймаға қабылдау. Рөл: storekeeper немесе technician.",
        "Record a QC run; the outcome is computed from the model's checklist.":
            "Сапаны тексеруді жазу; нәтиже модельдің тексеру парағы бойынша есептеледі.",
        "Record a battery's measured capacity. Technician or instructor.":
            "Аккумулятордың өлшенген сыйымдылығын жазу. Рөл: technician немесе instructor.",
        "Record and read the life of serial-numbered airframes.":
            "ҰҰА өмірлік циклінің есебін зауыттық нөмірлер бойынша жүргізу және қарау.",
        "Refuse 'assembled' until the BOM is installed in full.":
            "Спецификация бойынша бұйымдар толық орнатылмайынша 'assembled' жазуға тыйым салу.",
        "Register a new airframe.":
            "Жаңа ҰҰА тіркеу.",
        "Remove a component or a lot quantity: back to stock, to quarantine, or to scrap.":
            "Компонентті немесе топтамадан белгілі бір санды шешіп алу: қоймаға, карантинге немесе кәдеге жаратуға.",
        "Reorder when on-hand falls to this.":
            "Ең аз қалдық: қалдық осы деңгейге түскенде қайта тапсырыс беру қажет.",
        "Return the airframe to the workshop.":
            "ҰҰА-ны шеберханаға қайтару.",
        "Revoke all of this person's tokens instead of making one.":
            "Жаңасын шығарудың орнына осы қызметшінің барлық токенін жарамсыз ету.",
        "Rework finished; back to QC.":
            "Ақаулар жойылды; ҰҰА сапа бақылауына қайта ұсынылады.",
        "Run the workshop server: bench forms, the commander's dashboard, the JSON API.":
            "Шеберхана серверін іске қосу: жұмыс орындарына арналған формалар, командирдің бақылау тақтасы, JSON API.",
        "Seconds a connection may take to send a whole request (and may stay idle between requests).":
            "Қосылымның сұрауды толық жіберуіне берілетін уақыт, секунд (сұраулар арасында бос тұрудың рұқсат етілген уақыты да).",
        "Serial of the airframe.":
            "ҰҰА-ның зауыттық нөмірі.",
        "Serial.":
            "Зауыттық нөмір.",
        "Serial: 1-32 of A-Z 0-9 - _ . (stored upper-case).":
            "Зауыттық нөмір: A-Z 0-9 - _ . таңбаларынан 1-ден 32-ге дейін (бас әріптермен сақталады).",
        "Set a new BOM version for a model. Admin.":
            "Модель спецификациясының жаңа нұсқасын белгілеу. Рөл: admin.",
        "Set a staff member's sign-in password (admin, or themself).":
            "Әскери қызметшінің кіру құпиясөзін орнату (admin немесе қызметшінің өзі).",
        "Set the name, the capacity (airframes per year), the country or the currency. Admin.":
            "Атауын, өндірістік қуатын (жылына ҰҰА саны), елін немесе валютасын орнату. Рөл: admin.",
        "Show a model's checklist and service interval.":
            "Модельдің тексеру парағын және ТҚК кезеңділігін көрсету.",
        "Show a model's current BOM.":
            "Модельдің қолданыстағы спецификациясын көрсету.",
        "Show a part: settings, stock and lots.":
            "Бұйымды көрсету: параметрлері, қалдығы және топтамалары.",
        "Show an airframe's events, undone ones marked, the latest page first asked.":
            "ҰҰА оқиғаларының тарихын көрсету, күші жойылған жазбалар белгіленеді; алдымен соңғы бет шығарылады.",
        "Show an airframe: state, unit, flight minutes, service due.":
            "ҰҰА-ны көрсету: күйі, бөлімшесі, ұшу уақыты (мин), ТҚК мерзімі.",
        "Show an operator: state, and whether current (60 flight minutes in the last 90 days).":
            "Операторды көрсету: күйі және дағдысының сақталуы (соңғы 90 тәулікте 60 мин ұшу).",
        "Show the workshop's settings.":
            "Шеберхана баптауларын көрсету.",
        "Signed change of the lot's count, e.g. -2.":
            "Топтама қалдығының таңбамен берілген өзгерісі, мысалы -2.",
        "Spares: receive, adjust, list what to reorder.":
            "Қоймадағы қосалқы бөлшектер: қабылдау, түзету, қайта тапсырыс беру тізімі.",
        "Staff id of the first admin.":
            "Алғашқы әкімшінің сәйкестендіргіші.",
        "Staff id, e.g. t.omarov (case-sensitive).":
            "Әскери қызметшінің сәйкестендіргіші, мысалы t.omarov (регистрді ескереді).",
        "Staff id.":
            "Әскери қызметшінің сәйкестендіргіші.",
        "Staff sign in with a password set by 'hangar staff password ID'; scripts use a token from 'hangar staff token ID'. The server and the command line may use the same file at the same time.":
            "Жеке құрам 'hangar staff password ID' командасымен орнатылған құпиясөзбен кіреді; скрипттер 'hangar staff token ID' командасы берген токенді пайдаланады. Сервер мен командалық жол бір файлды бір мезгілде пайдалана алады.",
        "Start training (also implied by a first training flight).":
            "Оқуды бастау (алғашқы оқу ұшуы жазылғанда да оқу басталады).",
        "Stated capacity in airframes per year.":
            "Мәлімделген өндірістік қуат, жылына ҰҰА саны.",
        "Stock per part; --low for what to reorder and how many weeks it covers.":
            "Бұйымдар бойынша қалдықтар; --low — қайта тапсырыс беру қажет бұйымдар және қор неше аптаға жететіні.",
        "The IANA time zone people read and type times in, e.g. Asia/Almaty.":
            "Уақыт көрсетілетін және енгізілетін IANA уақыт белдеуі, мысалы Asia/Almaty.",
        "The acting staff id (default: $HANGAR_USER). Required.":
            "Жазбаны жасайтын әскери қызметшінің сәйкестендіргіші (әдепкі: $HANGAR_USER). Міндетті.",
        "The airframe was lost.":
            "ҰҰА жоғалды.",
        "The awaited part arrived.":
            "Күтілген қосалқы бөлшек алынды.",
        "The battery's own cycle counter, if it has one (resets the count).":
            "Аккумулятордың өз цикл есептегішінің көрсеткіші, егер ол болса (циклдер есебі осы мәннен қайта басталады).",
        "The battery's serial.":
            "Аккумулятордың зауыттық нөмірі.",
        "The checklist is edited item by item: --check and --measure add an item or change the one with that key, --remove-item drops one; the other items stay. What changes is printed before it is recorded as a new checklist version. --replace-checklist makes the items given the whole new list (it refuses to drop items otherwise). QC runs already recorded keep the version they were judged against.":
            "Тексеру парағы тармақ бойынша өзгертіледі: --check және --measure тармақ қосады немесе сол кілті бар тармақты өзгертеді, --remove-item тармақты алып тастайды; қалған тармақтар сақталады. Өзгерістер тексеру парағының жаңа нұсқасы ретінде жазылмас бұрын шығарылады. --replace-checklist берілсе, көрсетілген тармақтар толық жаңа тізімді құрайды (онсыз тармақтарды алып тастау қабылданбайды). Бұрын жазылған сапа тексерулері өздері бағаланған нұсқаны сақтайды.",
        "The commander's throughput report: build, test, train, maintain, fleet, forecast.":
            "Командирге арналған шығарылым және дайындық есебі: құрастыру, бақылау, оқыту, ТҚК және жөндеу, парк, болжам.",
        "The component's serial (serial-tracked parts).":
            "Компоненттің зауыттық нөмірі (даналап есепке алынатын бұйымдар үшін).",
        "The currency of costs and prices, ISO 4217 (settable until the first cost is recorded).":
            "Құн мен баға валютасы, ISO 4217 (алғашқы құн жазылғанға дейін орнатуға болады).",
        "The delivery note.":
            "Жүкқұжат.",
        "The file, or - for standard input.":
            "Файл немесе стандартты кіріс үшін -.",
        "The first admin's name.":
            "Алғашқы әкімшінің аты-жөні.",
        "The headquarters store: a file path, or postgres://user[:password]@host[:port]/database (default: $HANGAR_HQ).":
            "Штаб қоймасы: файл жолы немесе postgres://пайдаланушы[:құпиясөз]@хост[:порт]/дерекқор (әдепкі: $HANGAR_HQ).",
        "The items given replace the whole checklist (items not given are dropped).":
            "Көрсетілген тармақтар бүкіл тексеру парағын алмастырады (көрсетілмеген тармақтар алып тасталады).",
        "The language of their pages: en, ru or kk (default: their browser's).":
            "Әскери қызметшіге арналған беттердің тілі: en, ru немесе kk (әдепкі: браузер тілі).",
        "The language of their pages: en, ru or kk.":
            "Әскери қызметшіге арналған беттердің тілі: en, ru немесе kk.",
        "The lines given are the whole BOM. With --enforced, 'assembled' is refused until every line is installed.":
            "Көрсетілген жолдар бүкіл спецификацияны құрайды. --enforced берілсе, барлық жол орнатылмайынша 'assembled' қабылданбайды.",
        "The lot (lot-tracked parts).":
            "Топтама (топтамамен есепке алынатын бұйымдар үшін).",
        "The model's defect catalogue: QC runs may give only these codes (repeatable, or comma-separated).":
            "Модельдің ақаулар тізбесі: сапаны тексеруде тек осы кодтарды көрсетуге болады (қайталауға немесе үтір арқылы тізуге болады).",
        "The operator flying (required for training).":
            "Ұшуды орындайтын оператор (оқу ұшуы үшін міндетті).",
        "The part awaited.":
            "Күтілетін қосалқы бөлшек (каталог нөмірі).",
        "The parts catalogue: part numbers, tracking, cost, origin, life limits.":
            "Жинақтаушы бұйымдар каталогы: каталог нөмірлері, есеп тәсілі, бағасы, шығарылған елі, белгіленген ресурс.",
        "The password is read from the terminal without echo, or from the first line of standard input; never from a flag. It needs 12 to 128 characters (any letters; beyond 72 bytes it is pre-hashed, never cut). Setting it ends that person's sessions.":
            "Құпиясөз терминалда экранға шығарылмай енгізіледі немесе стандартты кірістің бірінші жолынан оқылады; командалық жол параметрі арқылы ешқашан берілмейді. Ұзындығы 12-ден 128 таңбаға дейін (кез келген әріптер; 72 байттан ұзын болса, алдын ала хештеледі, ешқашан қысқартылмайды). Құпиясөз орнатылғанда осы қызметшінің барлық сеансы аяқталады.",
        "The period is [--from, --to) in the workshop's local days (UTC days while it has no time zone); --to defaults to tomorrow, --from to the start of twelve whole buckets (the bucket holding the day before --to and the eleven before it). Buckets are ISO weeks (from Monday) or calendar months, clipped to the period; the text headline compares the last whole bucket with the one before.":
            "Кезең — шеберхананың жергілікті тәуліктеріндегі [--from, --to) (уақыт белдеуі берілмегенше — UTC тәуліктері); әдепкі бойынша --to — ертең, --from — он екі толық аралықтың басы (--to алдындағы күн кіретін аралық және оның алдындағы он бір аралық). Аралықтар — ISO апталары (дүйсенбіден бастап) немесе күнтізбелік айлар, кезең шегімен қиылады; мәтіндік есептің тақырыбында соңғы толық аралық алдыңғысымен салыстырылады.",
        "The piece (serial-tracked parts).":
            "Дана (даналап есепке алынатын бұйымдар үшін).",
        "The piece's serial.":
            "Дананың зауыттық нөмірі.",
        "The receipt's lot (required for lot-tracked parts).":
            "Қоймаға қабылданатын топтама (топтамамен есепке алынатын бұйымдар үшін міндетті).",
        "The receiving unit (see: hangar unit list); default: the unit it was last issued to.":
            "Қабылдаушы бөлімше (қараңыз: hangar unit list); әдепкі: ҰҰА соңғы рет берілген бөлімше.",
        "The record and the dashboard of a drone workshop.":
            "ҰҰА шеберханасының есебі және бақылау тақтасы.",
        "The token is printed alone on standard output, once; only its SHA-256 is stored. Send it as Authorization: Bearer TOKEN. With --revoke, every token of that person stops working instead (a lost laptop, a person leaving the workshop).":
            "Токен стандартты шығысқа жеке жолмен бір рет шығарылады; тек оның SHA-256 мәні сақталады. Оны Authorization: Bearer TOKEN тақырыпшасымен жіберіңіз. --revoke берілсе, оның орнына осы қызметшінің барлық токені жарамсыз болады (ноутбук жоғалғанда, қызметші шеберханадан кеткенде).",
        "The trainee failed.":
            "Оператор аттестаттаудан өтпеді.",
        "The trainee left training.":
            "Оператор оқудан шығарылды.",
        "The trainee qualified.":
            "Оператор аттестатталды.",
        "The unit that sends them.":
            "Операторды оқуға жіберген бөлімше.",
        "The unit's name (case-sensitive).":
            "Бөлімшенің атауы (регистрді ескереді).",
        "The workshop whose report this is.":
            "Есебі жасалатын шеберхана.",
        "The workshop's code at headquarters, e.g. KZ-36AAB-W1: set once, never changed; exports carry it on every line.":
            "Шеберхананың штабтағы коды, мысалы KZ-36AAB-W1: бір рет беріледі, өзгертілмейді; экспорт оны әр жолда көрсетеді.",
        "The workshop's country, ISO 3166-1 alpha-2 (what 'domestic' means for local content).":
            "Шеберхананың елі, ISO 3166-1 alpha-2 (жергілікті қамтуды есептегенде не «отандық» болып саналатынын анықтайды).",
        "The workshop's database file (default: $HANGAR_DB, else ./hangar.sqlite).":
            "Шеберхананың дерекқор файлы (әдепкі: $HANGAR_DB, әйтпесе ./hangar.sqlite).",
        "The workshop's name and annual capacity.":
            "Шеберхананың атауы және жылдық өндірістік қуаты.",
        "The workshop's name.":
            "Шеберхананың атауы.",
        "Trainee pilots: enrolment, training, qualification.":
            "ҰҰА операторларын оқыту: оқуға қабылдау, оқу, аттестаттау.",
        "UNDONE by {id}":
            "{id} жазбасымен КҮШІ ЖОЙЫЛДЫ",
        "Units that receive airframes and send operators.":
            "ҰҰА алатын және операторларды оқуға жіберетін бөлімшелер.",
        "What a checklist item asks, in words, shown on the QC form (repeatable).":
            "Тексеру тармағының сапаны тексеру формасында көрсетілетін мәтіндік сипаттамасы (қайталауға болады).",
        "What it is.":
            "Бұйым атауы.",
        "What was done.":
            "Орындалған жұмыстар.",
        "When it happened (default: now).":
            "Оқиға уақыты (әдепкі: қазір).",
        "When it happened: 2026-01-22 14:00 in the workshop's time zone, or ISO-8601 with an offset, e.g. 2026-01-22T09:00:00Z (default: now).":
            "Оқиға уақыты: шеберхананың уақыт белдеуінде 2026-01-22 14:00 немесе ығысуы бар ISO-8601, мысалы 2026-01-22T09:00:00Z (әдепкі: қазір).",
        "Where it is, every install interval, minutes, cycles, health.":
            "Орналасқан жерін, барлық орнату кезеңдерін, ұшу уақытын (мин), циклдерін және қалдық сыйымдылығын көрсету.",
        "Where on the airframe, e.g. M1.":
            "ҰҰА-дағы орнату орны, мысалы M1.",
        "Which airframes carry a component or pieces of a lot (lost and written-off ones included).":
            "Компонент немесе топтама даналары қай ҰҰА-да орнатылғанын көрсету (жоғалған және есептен шығарылғандарды қоса).",
        "Who supplied it.":
            "Жеткізуші.",
        "Why (optional).":
            "Себебі (міндетті емес).",
        "Why a part off the BOM goes in.":
            "Бұйымды спецификациядан тыс орнату себебі.",
        "Why.":
            "Себебі.",
        "With --json the object carries the latest page of its history too (see 'airframe history').":
            "--json берілсе, объект оқиғалар тарихының соңғы бетін де қамтиды (қараңыз: 'airframe history').",
        "Without --ever only airframes holding it now; with --ever every span it was installed.":
            "--ever берілмесе — тек бұйым қазір орнатылған ҰҰА; --ever берілсе — барлық орнату кезеңдері.",
        "Without --unit it goes back to the unit it was last issued to (after a repair, say).":
            "--unit берілмесе, ҰҰА соңғы рет берілген бөлімшеге қайтарылады (мысалы, жөндеуден кейін).",
        "Write the airframe off.":
            "ҰҰА-ны есептен шығару.",
        "Write the event log as NDJSON on standard output.":
            "Оқиғалар журналын NDJSON пішімінде стандартты шығысқа жазу.",
        "Write to this file instead of standard output.":
            "Стандартты шығыстың орнына осы файлға жазу.",
        "YES":
            "ИӘ",
        "airframe":
            "ҰҰА",
        "any (no catalogue)":
            "кез келген (тізбе берілмеген)",
        "at or below reorder point":
            "— қалдығы ең аз қалдықтан аспайды",
        "at {position}":
            "(орнату орны: {position})",
        "batch {batch}":
            "серия {batch}",
        "by":
            "автор",
        "capacity":
            "өндірістік қуат",
        "chain":
            "тізбек",
        "checklist":
            "тексеру парағы",
        "checklist v{version}:":
            "тексеру парағы v{version}:",
        "code":
            "код",
        "complete":
            "толық",
        "component, battery or consumable.":
            "component, battery немесе consumable.",
        "cost":
            "бағасы",
        "cost {cost}":
            "бағасы {cost}",
        "country":
            "елі",
        "currency":
            "валюта",
        "current":
            "дағдысы сақталған",
        "cycles":
            "зарядтау циклдері",
        "database {path} is ready (schema up to date)":
            "{path} дерекқоры жұмысқа дайын (құрылымы өзекті)",
        "defect codes:":
            "ақау кодтары:",
        "description":
            "сипаттама",
        "details":
            "мәліметтер",
        "due":
            "ТҚК",
        "due for service":
            "ТҚК мерзімі келді",
        "enforced":
            "сақталуы міндетті",
        "event":
            "оқиға",
        "events":
            "оқиға",
        "every {n} days":
            "әр {n} тәулік сайын",
        "every {n} min":
            "әр {n} мин ұшу сайын",
        "first pass {time}":
            "сапа бақылауынан өтті: {time}",
        "flight min":
            "ұшу уақыты, мин",
        "flight minutes":
            "ұшу уақыты, мин",
        "give --admin ID and --name NAME together":
            "--admin ID және --name NAME бірге беріңіз",
        "give --defect-code or --any-defect-code, not both":
            "--defect-code немесе --any-defect-code беріңіз, екеуін бірге емес",
        "give --hq PATH or set $HANGAR_HQ":
            "--hq PATH беріңіз немесе $HANGAR_HQ орнатыңыз",
        "give --lot LOT or --component SERIAL":
            "--lot LOT немесе --component SERIAL беріңіз",
        "give --name, --capacity, --country, --currency, --timezone or --code":
            "--name, --capacity, --country, --currency, --timezone немесе --code беріңіз",
        "give --name, --role, --lang or a combination":
            "--name, --role, --lang немесе олардың тіркесімін беріңіз",
        "give --target N (N more after --to) or --target-total N (N in total), not both":
            "--target N (--to-дан кейін тағы N) немесе --target-total N (барлығы N) беріңіз, екеуін бірге емес",
        "give at least one --role":
            "кемінде бір --role беріңіз",
        "give at least one export file":
            "кемінде бір экспорт файлын беріңіз",
        "headquarters store {path} is ready":
            "{path} штаб қоймасы дайын",
        "health":
            "қалдық сыйымдылық (SoH)",
        "id":
            "сәйкестендіргіш",
        "imported {n} event, skipped {skipped} already present":
            "{n} оқиға импортталды, бұрыннан бар {skipped} оқиға өткізіп жіберілді",
        "imported {n} events, skipped {skipped} already present":
            "{n} оқиға импортталды, бұрыннан бар {skipped} оқиға өткізіп жіберілді",
        "in {airframe}":
            "ҰҰА: {airframe}",
        "in_stock, quarantine or scrapped.":
            "in_stock, quarantine немесе scrapped.",
        "installed":
            "орнатылған",
        "item":
            "тексеру тармағы",
        "items":
            "тармақ саны",
        "kind":
            "түрі",
        "lapsed":
            "ұшуда үзіліс бар",
        "last recorded":
            "соңғы жазба",
        "last seq":
            "соңғы №",
        "life":
            "белгіленген ресурс",
        "limits":
            "шектер",
        "listed for review: {n} (hangar hq conflicts)":
            "қарауға: {n} (hangar hq conflicts)",
        "lot":
            "топтама",
        "lot {lot}":
            "топтама {lot}",
        "lot {lot} × {qty}":
            "топтама {lot} × {qty}",
        "low":
            "ең аздан төмен",
        "minutes":
            "ұшу уақыты, мин",
        "model":
            "модель",
        "full name":
            "аты-жөні",
        "name":
            "атауы",
        "next":
            "қолжетімді командалар",
        "no":
            "жоқ",
        "nothing listed":
            "тізім бос",
        "occurred":
            "уақыты",
        "of {n} life":
            "/ {n} (белгіленген ресурс)",
        "off BOM":
            "спецификациядан тыс",
        "on hand":
            "қалдық",
        "origin":
            "шығарылған елі",
        "origin {origin}":
            "шығарылған елі {origin}",
        "part":
            "бұйым (P/N)",
        "password set for {id}":
            "құпиясөз орнатылды: {id}",
        "position":
            "орнату орны",
        "qty":
            "саны",
        "qty now":
            "қазіргі саны",
        "quarantined":
            "карантинде",
        "received":
            "қоймаға қабылданды",
        "registered":
            "тіркеу",
        "removed":
            "шешіп алынды",
        "reorder at":
            "ең аз қалдық",
        "reorder at {n}":
            "ең аз қалдық: {n}",
        "reviewed":
            "қаралды",
        "revoked {n} token of {id}":
            "{id}: {n} токен жарамсыз етілді",
        "revoked {n} tokens of {id}":
            "{id}: {n} токен жарамсыз етілді",
        "roles":
            "рөлдер",
        "scheduled, defect or damage.":
            "scheduled, defect немесе damage.",
        "serial":
            "зауыттық нөмір",
        "serial (each piece has a serial) or lot (counted by receipt lot).":
            "serial (әр дананың өз зауыттық нөмірі бар) немесе lot (қабылданған топтамалар бойынша есептеледі).",
        "service":
            "ТҚК кезеңділігі",
        "service {when}":
            "ТҚК: {when}",
        "state":
            "күйі",
        "status":
            "күйі",
        "stock, quarantine or scrap (a lot: stock or scrap).":
            "stock, quarantine немесе scrap (топтама үшін: stock немесе scrap).",
        "timezone":
            "уақыт белдеуі",
        "tracking":
            "есеп",
        "training or operational.":
            "training немесе operational.",
        "unit":
            "бөлімше",
        "use/week":
            "апталық шығын",
        "use/week over the last {n} weeks":
            "апталық шығын соңғы {n} апта бойынша есептелген",
        "verified":
            "тексерілді",
        "verify failed: {fault}":
            "verify: тексеруден өтпеді — {fault}",
        "verify: all checks passed":
            "verify: барлық тексеруден сәтті өтті",
        "weeks of cover":
            "қор, апта",
        "workshop":
            "шеберхана",
        "workshops":
            "шеберханалар",
        "yes":
            "иә",
        "{all} in all, {since} since service":
            "барлығы {all}, соңғы ТҚК-дан бері {since}",
        "{file}: workshop {workshop}, {lines} lines: {added} new, {held} already held, {conflicting} conflicting":
            "{file}: шеберхана {workshop}, жол саны: {lines}; жаңа: {added}, бұрыннан бар: {held}, жазбалар қайшылығы: {conflicting}",
        "{item} marked reviewed":
            "{item} қаралды деп белгіленді",
        "{model} BOM v{version}":
            "{model}: спецификация v{version}",
        "{model} checklist v{from} → v{to}:":
            "{model}: тексеру парағы v{from} → v{to}:",
        "{n} airframe":
            "ҰҰА: {n}",
        "{n} airframes":
            "ҰҰА: {n}",
        "{n} airframes per year":
            "жылына {n} ҰҰА",
        "{n} cycles":
            "{n} цикл",
        "{n} earlier events: {command}":
            "бұрынғы оқиғалар саны: {n}; көрсету: {command}",
        "{n} flight minutes in the last 90 days; 60 needed":
            "соңғы 90 тәулікте ұшу уақыты: {n} мин; 60 мин қажет",
        "{n} mAh rated":
            "номиналды сыйымдылық {n} мА·сағ",
        "{n} min":
            "{n} мин",
        "kept replays brought up to date for the next report: {workshops}":
            "сақталған қайта ойнатулар келесі есеп үшін жаңартылды: {workshops}",
        "kept replays not brought up to date ({reason}); the next report does it":
            "сақталған қайта ойнатулар жаңартылмады ({reason}); мұны келесі есеп жасайды",
        "{n} of {all} lines refused on replay: {code}'s log at headquarters is incomplete (hangar hq conflicts)":
            "қайта ойнату кезінде {all} жолдың {n} жолы қабылданбады: штабтағы {code} шеберханасының журналы толық емес (hangar hq conflicts)",
        "{n} off BOM":
            "спецификациядан тыс: {n}",
        "{n} part":
            "бұйымдар (P/N): {n}",
        "{n} parts":
            "бұйымдар (P/N): {n}",
        "{state} since {time}":
            "{state}, {time} бастап",
        "{tracking}, kind {kind}":
            "{tracking}, түрі {kind}",
        "--timezone is for the national report; a workshop's report keeps the workshop's own time zone":
            "--timezone республикалық жиынтық есепке арналған; шеберхана есебі шеберхананың өз уақыт белдеуінде жасалады",
        "The JSON of the national report adds by_workshop (each workshop's buckets, totals and snapshot), standards (per model: the workshops using it, their checklist and BOM versions, and whether they agree) and workshops (each one's completeness).":
            "Республикалық жиынтық есептің JSON-ы қосымша by_workshop (әр шеберхананың аралықтары, қорытындылары және кесіндісі), standards (әр модель бойынша: оны қолданатын шеберханалар, олардың тексеру парағы мен спецификация нұсқалары және олардың сәйкестігі) және workshops (әр шеберхана журналының толықтығы) бөлімдерін қамтиды.",
        "The national report over every workshop's lines, or one workshop's (--workshop): the same as its own hangar report.":
            "Барлық шеберханалар журналдары бойынша республикалық жиынтық есеп немесе бір шеберхананың есебі (--workshop): оның өз hangar report есебімен бірдей.",
        "The national report's time zone, an IANA name such as Asia/Almaty (default: UTC).":
            "Республикалық жиынтық есептің уақыт белдеуі, IANA атауы, мысалы Asia/Almaty (әдепкі: UTC).",
        "delivered":
            "сапа бақылауынан өтті",
        "first-pass yield":
            "бірінші ұсынудан өткендер үлесі",
        "availability":
            "техникалық дайындық коэффициенті",
        "By workshop":
            "Шеберханалар бойынша",
        "Accounts of the headquarters server (hangar serve --hq): commanders, read-only.":
            "Штаб серверінің тіркелгілері (hangar serve --hq): тек командирлер, тек оқу.",
        "Add a commander who may read the national dashboard.":
            "Республикалық жиынтық есепті оқи алатын командирді қосу.",
        "Hangar headquarters serving {path} on {url}":
            "Hangar: штаб сервері, қойма {path}, мекенжай {url}",
        "List the headquarters' accounts.":
            "Штаб тіркелгілерін шығару.",
        "Print a new API token for a headquarters account.":
            "Штаб тіркелгісіне жаңа API токенін беру.",
        "Serve the headquarters' national dashboard from this store instead (a file path or postgres://…; accounts from hangar hq staff).":
            "Шеберхананың орнына осы штаб қоймасынан республикалық жиынтық есепті көрсету (файл жолы немесе postgres://…; тіркелгілер — hangar hq staff).",
        "Set a headquarters account's sign-in password.":
            "Штаб тіркелгісінің кіру құпиясөзін орнату.",
        "The token is printed alone on standard output, once; only its SHA-256 is stored. Send it as Authorization: Bearer TOKEN. With --revoke, every token of that person stops working instead.":
            "Токен стандартты шығысқа бір рет, жеке жолмен шығарылады; тек оның SHA-256 мәні сақталады. Оны Authorization: Bearer TOKEN тақырыбында жіберіңіз. --revoke берілсе, оның орнына осы адамның барлық токендері жарамсыз болады.",
        "{id} may now read the national dashboard (set a password: hangar hq staff password {id})":
            "{id}: республикалық жиынтық есепке қолжетімділік ашылды (құпиясөзді орнатыңыз: hangar hq staff password {id})",
        "password":
            "құпиясөз",
        "tokens":
            "токендер",
        "--hq needs the headquarters store: a file path or a postgres:// URL":
            "--hq үшін штаб қоймасы қажет: файл жолы немесе postgres:// URL",
    ]
}
