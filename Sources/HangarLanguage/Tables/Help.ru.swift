extension Tables {
    /// `--help` in Russian, keyed by the English text the commands declare (HelpText).
    static let helpRU: [String: String] = [
        " or ":
            " или ",
        "#":
            "№",
        "--clear {name} and --{name} VALUE contradict each other: give one of them":
            "--clear {name} и --{name} VALUE противоречат друг другу: укажите что-то одно",
        "(no rated capacity)":
            "(номинальная ёмкость не задана)",
        "(installed)":
            "(установлен)",
        "(no check yet)":
            "(проверок ещё не было)",
        "(not set)":
            "(не задано)",
        "(not set: exports carry no workshop code)":
            "(не задан: выгрузка не содержит кода мастерской)",
        "(not set: times are UTC)":
            "(не задан: время указывается в UTC)",
        "(serials)":
            "(поштучный учёт)",
        "--before must be a sequence number, 1 or more":
            "--before — номер записи, не меньше 1",
        "--connections-per-address must be from 1 to 100000":
            "--connections-per-address — от 1 до 100000",
        "--limit must be from 1 to 1000000":
            "--limit — от 1 до 1000000",
        "--request-timeout must be a whole number of seconds from 1 to 3600":
            "--request-timeout — целое число секунд от 1 до 3600",
        "--target must be from 1 to 10000000":
            "--target — от 1 до 10000000",
        "--target-total must be from 1 to 10000000":
            "--target-total — от 1 до 10000000",
        "A battery flown, from stock or installed (repeatable; installed batteries fly anyway).":
            "АКБ, использованная в полёте: со склада или установленная (можно повторять; установленные АКБ учитываются в любом случае).",
        "A chain head kept from an earlier verify.":
            "Последнее звено хеш-цепочки, сохранённое при одной из прошлых проверок (verify).",
        "A check result (repeatable).":
            "Результат пункта контроля (можно повторять).",
        "A defect code, e.g. MOTOR_VIBRATION (repeatable).":
            "Код дефекта, например MOTOR_VIBRATION (можно повторять).",
        "A line (repeatable), e.g. MOTOR-2207:4 or CAM-1:1:nose.":
            "Строка спецификации (можно повторять), например MOTOR-2207:4 или CAM-1:1:nose.",
        "A measured item with limits, e.g. hover_current_a:A:8:14 (repeatable; unit, min or max may be empty).":
            "Измеряемый пункт с допуском, например hover_current_a:A:8:14 (можно повторять; единицу измерения, мин. или макс. можно не указывать).",
        "A measured value (repeatable).":
            "Измеренное значение (можно повторять).",
        "A model's bill of materials (versioned like its checklist).":
            "Спецификация модели (ведётся по версиям, как и проверочный лист).",
        "A note kept with the event.":
            "Примечание, сохраняемое вместе с событием.",
        "A pass/fail checklist item (repeatable).":
            "Пункт проверочного листа «годен / не годен» (можно повторять).",
        "A piece's serial (repeatable).":
            "Заводской номер экземпляра (можно повторять).",
        "A receipt lot of the part.":
            "Партия изделия, принятая на склад.",
        "A serial-tracked part takes --component SERIAL, a lot-tracked one --lot LOT --qty N. A part off the model's BOM, or beyond its quantity, needs --off-bom REASON.":
            "Для изделия с поштучным учётом укажите --component SERIAL, с партионным — --lot LOT --qty N. Для изделия вне спецификации модели или сверх количества по спецификации нужен --off-bom REASON.",
        "A serial-tracked part takes exactly --qty serials (--serial, repeatable); a lot-tracked part a --lot. Origin and cost default to the part's.":
            "Для изделия с поштучным учётом укажите ровно --qty заводских номеров (--serial, можно повторять), для изделия с партионным учётом — --lot. Страна происхождения и цена по умолчанию берутся из каталога.",
        "A serial-tracked piece: where it is and every airframe it has been in.":
            "Компонент с поштучным учётом: местонахождение и все БПЛА, на которых он был установлен.",
        "A setting to remove (repeatable).":
            "Параметр, значение которого удаляется (можно повторять).",
        "Add a model with its checklist (at least one item). Admin.":
            "Добавить модель с проверочным листом (не менее одного пункта). Роль: admin.",
        "Add a part number to the catalogue. Admin.":
            "Внести комплектующее изделие (P/N) в каталог. Роль: admin.",
        "Add a staff member. Admin.":
            "Добавить военнослужащего в список личного состава. Роль: admin.",
        "Add a unit. Admin.":
            "Добавить подразделение. Роль: admin.",
        "Address to listen on.":
            "Адрес, на котором сервер принимает подключения.",
        "Airframe models: QC checklists and service intervals.":
            "Модели БПЛА: проверочные листы ОТК и периодичность ТО.",
        "Apply an NDJSON event file, all or nothing.":
            "Применить файл событий NDJSON: записываются либо все события, либо ни одного.",
        "Assembly finished; ready for QC.":
            "Сборка завершена; БПЛА готов к предъявлению ОТК.",
        "At most this many events, the latest ones.":
            "Наибольшее число выводимых событий (последних).",
        "Back into training.":
            "Направить на переподготовку.",
        "Battery checks: measured capacity and cycle count.":
            "Проверка АКБ: измеренная ёмкость и число циклов заряда.",
        "Bucket size.":
            "Интервал группировки.",
        "Cancel the battery's latest check. Admin or its author.":
            "Отменить последнюю проверку АКБ. Роль: admin (или автор проверки).",
        "Cancel the latest not-yet-undone event (registration excepted).":
            "Отменить последнюю неотменённую запись (кроме регистрации).",
        "Cancel the part's latest stock event (receipt or adjustment). Admin or its author.":
            "Отменить последнюю складскую запись по изделию (приём на склад или корректировку остатка). Роль: admin (или автор записи).",
        "Change a model's service interval, ex-works price or checklist. Admin.":
            "Изменить периодичность ТО, цену франко-завод (EXW) или проверочный лист модели. Роль: admin.",
        "Change a part's name or settings (tracking and kind never change). Admin.":
            "Изменить наименование или параметры изделия (способ учёта и вид изделия не меняются). Роль: admin.",
        "Change a staff member's name or roles (the roles given replace the old ones). Admin.":
            "Изменить ФИО или роли военнослужащего (указанные роли заменяют прежние). Роль: admin.",
        "Check integrity, the hash chain, and that a replay of the log equals the projections.":
            "Проверить целостность, хеш-цепочку и совпадение результата повторного воспроизведения журнала с проекциями.",
        "Close maintenance; the airframe must pass QC again.":
            "Завершить ТО; БПЛА должен повторно пройти ОТК.",
        "Correct a lot's count, or change a piece's status. Storekeeper or admin.":
            "Скорректировать остаток партии или изменить статус экземпляра. Роль: storekeeper или admin.",
        "Cost of one piece in minor units (default: the part's).":
            "Цена за единицу в разменных денежных единицах (по умолчанию: цена из каталога).",
        "Cost of one piece, in minor units of the workshop's currency.":
            "Цена за единицу в разменных единицах валюты мастерской.",
        "Create or migrate the database; with --admin, record the first admin.":
            "Создать базу данных или обновить её структуру; с --admin — внести первого администратора.",
        "Create or migrate the headquarters store.":
            "Создать или обновить хранилище штаба.",
        "DUE":
            "ПОДОШЁЛ СРОК",
        "Day after the period, YYYY-MM-DD (default: tomorrow, local).":
            "День после окончания периода, YYYY-MM-DD (по умолчанию: завтра по местному времени).",
        "Days between scheduled maintenance.":
            "Периодичность планового ТО, сут.",
        "Default origin: ISO 3166-1 alpha-2 (KZ) or unknown.":
            "Страна происхождения по умолчанию: код ISO 3166-1 alpha-2 (KZ) или unknown.",
        "Drop the defect catalogue: QC runs may give any code again.":
            "Удалить перечень дефектов: при проверках ОТК снова допускается любой код.",
        "Drop this checklist item (repeatable).":
            "Исключить пункт из проверочного листа (можно повторять).",
        "Each line goes through the same rules as the command line. The first bad line rejects the whole file (its line number and reason are printed) and nothing is written. Events whose id is already in the log are skipped when identical. Creates the database if it does not exist.":
            "Каждая строка проверяется по тем же правилам, что и в командной строке. Первая ошибочная строка отклоняет весь файл (выводятся её номер и причина), и ничего не записывается. События, идентификатор которых уже есть в журнале, пропускаются, если они полностью совпадают. Если базы данных нет, она создаётся.",
        "Enroll a trainee.":
            "Зачислить оператора на обучение.",
        "Every checklist item must be given. Four eyes: the inspector must not be who put the airframe into awaiting_qc. A failing run needs at least one --defect.":
            "Необходимо указать все пункты проверочного листа. Принцип «четырёх глаз»: контролёр не может быть тем, кто перевёл БПЛА в awaiting_qc. Если проверка не пройдена, нужен хотя бы один --defect.",
        "Every write names its author (--as ID or $HANGAR_USER) and goes through the workshop's rules;\na rejected command writes nothing. The database is --db PATH, $HANGAR_DB or ./hangar.sqlite.\nExit status: 0 success, 1 rejected by a rule or bad data, 64 usage error.":
            "Каждая запись содержит автора (--as ID или $HANGAR_USER) и проверяется по правилам мастерской;\nотклонённая команда ничего не записывает. База данных: --db PATH, $HANGAR_DB или ./hangar.sqlite.\nКод завершения: 0 — успешно, 1 — отклонено правилом или неверные данные, 64 — ошибка использования.",
        "Ex-works price in minor units of the workshop's currency (for local content).":
            "Цена франко-завод (EXW) в разменных единицах валюты мастерской (для расчёта местного содержания).",
        "Exit status 1 when a file is refused whole (malformed, another format, two workshops) or when anything listed by hangar hq conflicts involves a workshop of these files.":
            "Код завершения 1, если файл отклонён целиком (повреждён, другой формат, две мастерские) или если в перечне hangar hq conflicts есть что-либо о мастерской из этих файлов.",
        "Export files (hangar export of a workshop whose code is set).":
            "Файлы выгрузки (hangar export мастерской с заданным кодом).",
        "First day of the period, YYYY-MM-DD (default: twelve whole buckets before --to).":
            "Первый день периода, YYYY-MM-DD (по умолчанию: начало двенадцати полных интервалов до --to).",
        "Flight minutes between scheduled maintenance.":
            "Периодичность планового ТО по налёту, мин.",
        "Flight minutes, 1-1440.":
            "Продолжительность полёта, мин: от 1 до 1440.",
        "Forecast when N airframes will have been delivered in total, those before --to included (not with --target).":
            "Прогноз: когда будет сдано всего N БПЛА, включая сданные до --to (не вместе с --target).",
        "Forecast when N more airframes will have been delivered after --to.":
            "Прогноз: когда будет сдано ещё N БПЛА после --to.",
        "Full name.":
            "ФИО.",
        "Give --clear SETTING to remove a setting (cost, origin, reorder-at, life-minutes, life-cycles, rated-mah).":
            "Чтобы удалить значение параметра, укажите --clear SETTING (cost, origin, reorder-at, life-minutes, life-cycles, rated-mah).",
        "Hand the airframe to operator training.":
            "Передать БПЛА в учебный процесс (обучение операторов).",
        "Hangar serving {path} on {url}":
            "Hangar обслуживает {path} по адресу {url}",
        "Headquarters: many workshops' exports merged, their conflicts listed.":
            "Штаб: слияние журналов многих мастерских; конфликты записей перечисляются.",
        "How many of the lot.":
            "Количество из партии.",
        "How many.":
            "Количество.",
        "ISO 3166-1 alpha-2, or unknown (default: the part's).":
            "Страна происхождения: ISO 3166-1 alpha-2 или unknown (по умолчанию: из каталога).",
        "Install a component or a lot quantity; one event moves it out of stock and into the airframe.":
            "Установить компонент или количество из партии; одно событие убирает изделие со склада и устанавливает его на БПЛА.",
        "Issue the airframe to a unit.":
            "Выдать БПЛА в подразделение.",
        "Its model (see: hangar model list).":
            "Модель БПЛА (см.: hangar model list).",
        "LOW":
            "НИЖЕ МИН.",
        "Life in cycles (batteries).":
            "Назначенный ресурс в циклах (для АКБ).",
        "Life in flight minutes (serial-tracked parts).":
            "Назначенный ресурс в минутах налёта (для изделий с поштучным учётом).",
        "List airframes, filtered.":
            "Показать список БПЛА с фильтрами.",
        "List models.":
            "Показать список моделей.",
        "List operators, filtered.":
            "Показать список операторов с фильтрами.",
        "List staff and their roles.":
            "Показать список личного состава и роли.",
        "List the catalogue.":
            "Показать каталог комплектующих изделий.",
        "List units.":
            "Показать список подразделений.",
        "List what merging found: content conflicts, serial claims, definition conflicts, gaps, broken chains.":
            "Перечислить найденное при слиянии журналов: конфликты записей, спорные заводские номера, расхождения описаний модели, пропуски в нумерации, нарушенные хеш-цепочки.",
        "Log a flight.":
            "Записать полёт.",
        "Maintenance waits for a part.":
            "ТО приостановлено до поступления запчасти.",
        "Mark a listed item reviewed (its key as listed); nothing is deleted.":
            "Отметить пункт перечня как рассмотренный (по его ключу); ничего не удаляется.",
        "Mark the session cookie Secure (when served behind TLS).":
            "Устанавливать для cookie сеанса атрибут Secure (при работе за TLS).",
        "Measured capacity.":
            "Измеренная ёмкость.",
        "Merge workshops' format-2 exports: each file in one transaction, conflicts listed, never resolved.":
            "Выполнить слияние журналов мастерских (выгрузки формата 2): каждый файл — одной транзакцией; конфликты записей перечисляются и никогда не разрешаются автоматически.",
        "Model name, e.g. FPV-7.":
            "Наименование модели, например FPV-7.",
        "Model name.":
            "Наименование модели.",
        "NOT VERIFIED":
            "НЕ ПРОВЕРЕНА",
        "New full name.":
            "Новые ФИО.",
        "New name.":
            "Новое наименование.",
        "Nothing is deleted: the undo is an event of its own. Undo again to cancel the one before.":
            "Ничего не удаляется: отмена записывается как отдельное событие. Повторная отмена отменяет предыдущую запись.",
        "One piece.":
            "Отдельный экземпляр.",
        "Only airframes due for service.":
            "Только БПЛА, которым подошёл срок ТО.",
        "Only events after this sequence number.":
            "Только события после этого порядкового номера.",
        "Only events before this sequence number (the '#' column): the page before.":
            "Только события до этого порядкового номера (столбец '#'): предыдущая страница.",
        "Only in this state.":
            "Только в этом состоянии.",
        "Only issued to this unit.":
            "Только выданные в это подразделение.",
        "Only of this model.":
            "Только этой модели.",
        "Only of this unit.":
            "Только из этого подразделения.",
        "Only parts at or below their reorder point.":
            "Только изделия с остатком не выше минимального.",
        "Open connections allowed from one address; more are closed at once.":
            "Допустимое число открытых подключений с одного адреса; лишние сразу закрываются.",
        "Open maintenance.":
            "Начать ТО.",
        "Operator id (case-sensitive).":
            "Идентификатор оператора (с учётом регистра).",
        "Operator id.":
            "Идентификатор оператора.",
        "Output format.":
            "Формат вывода.",
        "Part number, e.g. MOTOR-2207 (exact case).":
            "Номер по каталогу (P/N), например MOTOR-2207 (с точным соблюдением регистра).",
        "Part number, e.g. MOTOR-2207.":
            "Номер по каталогу (P/N), например MOTOR-2207.",
        "Part number.":
            "Номер по каталогу (P/N).",
        "Past install spans too.":
            "Также прежние периоды установки.",
        "People who record events, and their roles.":
            "Личный состав, записывающий события, и его роли.",
        "Per workshop: events held, last sequence number and time, whether its chain is verified and complete.":
            "По мастерским: число событий, последний номер и время, проверена ли цепочка и полон ли журнал.",
        "Port to listen on.":
            "Порт, на котором сервер принимает подключения.",
        "Print JSON (stable field names, ISO-8601 UTC times) instead of text.":
            "Выводить JSON (постоянные имена полей, время в ISO-8601 UTC) вместо текста.",
        "Print a new API token for a staff member (admin, or themself).":
            "Выпустить новый API-токен военнослужащего и вывести его (admin или сам военнослужащий).",
        "Prints the latest --limit events (1000 by default) in order; an airframe with more says how to read the page before.":
            "Выводит последние --limit событий (по умолчанию 1000) по порядку; если у БПЛА событий больше, указывается, как прочитать предыдущую страницу.",
        "Prints what it checked and the first fault (exit 1), and last the chain head as SEQ:HASH.\nKeep that line somewhere the database's editors cannot reach (printed, mailed, in another system); `hangar verify --anchor SEQ:HASH` later proves that the first SEQ events are still the ones you anchored, even if someone rewrote the whole chain.":
            "Выводит, что проверено, и первое найденное нарушение (код завершения 1), а в конце — последнее звено цепочки в виде SEQ:HASH.\nСохраните эту строку там, куда нет доступа у тех, кто может изменять базу данных (на бумаге, по почте, в другой системе); позже `hangar verify --anchor SEQ:HASH` подтвердит, что первые SEQ событий остались теми же, что были зафиксированы, даже если кто-то переписал всю цепочку.",
        "Production batch.":
            "Производственная серия.",
        "QC runs":
            "проверок ОТК",
        "Rated capacity in mAh (batteries).":
            "Номинальная ёмкость, мА·ч (для АКБ).",
        "Receive pieces of a part. Storekeeper or technician.":
            "Принять на склад экземпляры изделия. Роль: storekeeper или technician.",
        "Record a QC run; the outcome is computed from the model's checklist.":
            "Записать проверку ОТК; результат определяется по проверочному листу модели.",
        "Record a battery's measured capacity. Technician or instructor.":
            "Записать измеренную ёмкость АКБ. Роль: technician или instructor.",
        "Record and read the life of serial-numbered airframes.":
            "Вести и просматривать учёт жизненного цикла БПЛА по заводским номерам.",
        "Refuse 'assembled' until the BOM is installed in full.":
            "Не допускать 'assembled', пока комплектующие по спецификации не установлены полностью.",
        "Register a new airframe.":
            "Зарегистрировать новый БПЛА.",
        "Remove a component or a lot quantity: back to stock, to quarantine, or to scrap.":
            "Снять компонент или количество из партии: на склад, в карантин или в утиль.",
        "Reorder when on-hand falls to this.":
            "Минимальный остаток: при его достижении требуется дозаказ.",
        "Return the airframe to the workshop.":
            "Вернуть БПЛА в мастерскую.",
        "Revoke all of this person's tokens instead of making one.":
            "Отозвать все токены этого военнослужащего вместо выпуска нового.",
        "Rework finished; back to QC.":
            "Доработка завершена; БПЛА повторно предъявляется ОТК.",
        "Run the workshop server: bench forms, the commander's dashboard, the JSON API.":
            "Запустить сервер мастерской: формы для рабочих мест, панель мониторинга командира, JSON API.",
        "Seconds a connection may take to send a whole request (and may stay idle between requests).":
            "Время в секундах, за которое подключение должно передать запрос целиком (и допустимый простой между запросами).",
        "Serial of the airframe.":
            "Заводской номер БПЛА.",
        "Serial.":
            "Заводской номер.",
        "Serial: 1-32 of A-Z 0-9 - _ . (stored upper-case).":
            "Заводской номер: от 1 до 32 символов A-Z 0-9 - _ . (сохраняется в верхнем регистре).",
        "Set a new BOM version for a model. Admin.":
            "Задать новую версию спецификации модели. Роль: admin.",
        "Set a staff member's sign-in password (admin, or themself).":
            "Задать пароль для входа военнослужащего (admin или сам военнослужащий).",
        "Set the name, the capacity (airframes per year), the country or the currency. Admin.":
            "Задать наименование, производственную мощность (БПЛА в год), страну или валюту. Роль: admin.",
        "Show a model's checklist and service interval.":
            "Показать проверочный лист и периодичность ТО модели.",
        "Show a model's current BOM.":
            "Показать действующую спецификацию модели.",
        "Show a part: settings, stock and lots.":
            "Показать изделие: параметры, остаток и партии.",
        "Show an airframe's events, undone ones marked, the latest page first asked.":
            "Показать историю событий БПЛА с пометкой отменённых записей; сначала выводится последняя страница.",
        "Show an airframe: state, unit, flight minutes, service due.":
            "Показать БПЛА: состояние, подразделение, налёт в минутах, срок ТО.",
        "Show an operator: state, and whether current (60 flight minutes in the last 90 days).":
            "Показать оператора: состояние и натренированность (60 мин налёта за последние 90 сут).",
        "Show the workshop's settings.":
            "Показать настройки мастерской.",
        "Signed change of the lot's count, e.g. -2.":
            "Изменение остатка партии со знаком, например -2.",
        "Spares: receive, adjust, list what to reorder.":
            "Запчасти на складе: приём, корректировка, список для дозаказа.",
        "Staff id of the first admin.":
            "Идентификатор первого администратора.",
        "Staff id, e.g. t.omarov (case-sensitive).":
            "Идентификатор военнослужащего, например t.omarov (с учётом регистра).",
        "Staff id.":
            "Идентификатор военнослужащего.",
        "Staff sign in with a password set by 'hangar staff password ID'; scripts use a token from 'hangar staff token ID'. The server and the command line may use the same file at the same time.":
            "Личный состав входит по паролю, заданному командой 'hangar staff password ID'; скрипты используют токен, выданный командой 'hangar staff token ID'. Сервер и командная строка могут одновременно работать с одним и тем же файлом.",
        "Start training (also implied by a first training flight).":
            "Начать обучение (обучение также начинается с первым учебным полётом).",
        "Stated capacity in airframes per year.":
            "Заявленная производственная мощность, БПЛА в год.",
        "Stock per part; --low for what to reorder and how many weeks it covers.":
            "Остатки по изделиям; --low — что нужно дозаказать и на сколько недель хватит запаса.",
        "The IANA time zone people read and type times in, e.g. Asia/Almaty.":
            "Часовой пояс IANA, в котором отображается и вводится время, например Asia/Almaty.",
        "The acting staff id (default: $HANGAR_USER). Required.":
            "Идентификатор военнослужащего, выполняющего запись (по умолчанию: $HANGAR_USER). Обязательно.",
        "The airframe was lost.":
            "БПЛА утрачен.",
        "The awaited part arrived.":
            "Ожидаемая запчасть получена.",
        "The battery's own cycle counter, if it has one (resets the count).":
            "Показание собственного счётчика циклов АКБ, если он есть (счёт циклов начинается заново с этого значения).",
        "The battery's serial.":
            "Заводской номер АКБ.",
        "The checklist is edited item by item: --check and --measure add an item or change the one with that key, --remove-item drops one; the other items stay. What changes is printed before it is recorded as a new checklist version. --replace-checklist makes the items given the whole new list (it refuses to drop items otherwise). QC runs already recorded keep the version they were judged against.":
            "Проверочный лист изменяется по пунктам: --check и --measure добавляют пункт или изменяют пункт с тем же ключом, --remove-item исключает пункт; остальные пункты сохраняются. Изменения выводятся до того, как будут записаны как новая версия проверочного листа. С --replace-checklist указанные пункты составляют весь новый список (без него исключение пунктов отклоняется). Уже записанные проверки ОТК сохраняют версию, по которой они оценивались.",
        "The commander's throughput report: build, test, train, maintain, fleet, forecast.":
            "Отчёт о выпуске и готовности для командира: сборка, контроль, обучение, ТО и ремонт, парк, прогноз.",
        "The component's serial (serial-tracked parts).":
            "Заводской номер компонента (для изделий с поштучным учётом).",
        "The currency of costs and prices, ISO 4217 (settable until the first cost is recorded).":
            "Валюта цен и стоимости, ISO 4217 (можно задать до первой записи стоимости).",
        "The delivery note.":
            "Накладная.",
        "The file, or - for standard input.":
            "Файл или - для стандартного ввода.",
        "The first admin's name.":
            "ФИО первого администратора.",
        "The headquarters store: a file path, or postgres://user[:password]@host[:port]/database (default: $HANGAR_HQ).":
            "Хранилище штаба: путь к файлу или postgres://пользователь[:пароль]@хост[:порт]/база (по умолчанию: $HANGAR_HQ).",
        "The items given replace the whole checklist (items not given are dropped).":
            "Указанные пункты заменяют весь проверочный лист (неуказанные пункты исключаются).",
        "The language of their pages: en, ru or kk (default: their browser's).":
            "Язык веб-страниц военнослужащего: en, ru или kk (по умолчанию: язык браузера).",
        "The language of their pages: en, ru or kk.":
            "Язык веб-страниц военнослужащего: en, ru или kk.",
        "The lines given are the whole BOM. With --enforced, 'assembled' is refused until every line is installed.":
            "Указанные строки составляют всю спецификацию. С --enforced 'assembled' не допускается, пока не установлены все строки.",
        "The lot (lot-tracked parts).":
            "Партия (для изделий с партионным учётом).",
        "The model's defect catalogue: QC runs may give only these codes (repeatable, or comma-separated).":
            "Перечень дефектов модели: при проверках ОТК допускаются только эти коды (можно повторять или перечислить через запятую).",
        "The operator flying (required for training).":
            "Оператор, выполняющий полёт (обязателен для учебного полёта).",
        "The part awaited.":
            "Ожидаемая запчасть (номер по каталогу).",
        "The parts catalogue: part numbers, tracking, cost, origin, life limits.":
            "Каталог комплектующих изделий: номера по каталогу, способ учёта, цена, страна происхождения, назначенный ресурс.",
        "The password is read from the terminal without echo, or from the first line of standard input; never from a flag. It needs 12 to 128 characters (any letters; beyond 72 bytes it is pre-hashed, never cut). Setting it ends that person's sessions.":
            "Пароль вводится в терминале без отображения или читается из первой строки стандартного ввода; через параметры командной строки он не передаётся. Длина — от 12 до 128 символов (любые буквы; если пароль длиннее 72 байт, он предварительно хешируется, а не обрезается). После установки пароля все сеансы этого военнослужащего завершаются.",
        "The period is [--from, --to) in the workshop's local days (UTC days while it has no time zone); --to defaults to tomorrow, --from to the start of twelve whole buckets (the bucket holding the day before --to and the eleven before it). Buckets are ISO weeks (from Monday) or calendar months, clipped to the period; the text headline compares the last whole bucket with the one before.":
            "Период — [--from, --to) в местных сутках мастерской (в сутках UTC, пока часовой пояс не задан); по умолчанию --to — завтра, --from — начало двенадцати полных интервалов (интервала, содержащего день перед --to, и одиннадцати предыдущих). Интервалы — недели ISO (с понедельника) или календарные месяцы, усечённые по границам периода; в заголовке текстового отчёта последний полный интервал сравнивается с предыдущим.",
        "The piece (serial-tracked parts).":
            "Экземпляр (для изделий с поштучным учётом).",
        "The piece's serial.":
            "Заводской номер экземпляра.",
        "The receipt's lot (required for lot-tracked parts).":
            "Партия при приёме на склад (обязательна для изделий с партионным учётом).",
        "The receiving unit (see: hangar unit list); default: the unit it was last issued to.":
            "Подразделение-получатель (см.: hangar unit list); по умолчанию: подразделение, в которое БПЛА выдавался последним.",
        "The record and the dashboard of a drone workshop.":
            "Учёт и панель мониторинга мастерской БПЛА.",
        "The token is printed alone on standard output, once; only its SHA-256 is stored. Send it as Authorization: Bearer TOKEN. With --revoke, every token of that person stops working instead (a lost laptop, a person leaving the workshop).":
            "Токен выводится один раз, отдельной строкой в стандартный вывод; хранится только его SHA-256. Передавайте его в заголовке Authorization: Bearer TOKEN. С --revoke вместо этого перестают действовать все токены этого военнослужащего (утерян ноутбук, военнослужащий покидает мастерскую).",
        "The trainee failed.":
            "Оператор не аттестован.",
        "The trainee left training.":
            "Оператор отчислен из обучения.",
        "The trainee qualified.":
            "Оператор аттестован.",
        "The unit that sends them.":
            "Подразделение, направившее оператора на обучение.",
        "The unit's name (case-sensitive).":
            "Наименование подразделения (с учётом регистра).",
        "The workshop whose report this is.":
            "Мастерская, чей это отчёт.",
        "The workshop's code at headquarters, e.g. KZ-36AAB-W1: set once, never changed; exports carry it on every line.":
            "Код мастерской в штабе, например KZ-36AAB-W1: задаётся один раз и не меняется; выгрузка указывает его в каждой строке.",
        "The workshop's country, ISO 3166-1 alpha-2 (what 'domestic' means for local content).":
            "Страна мастерской, ISO 3166-1 alpha-2 (определяет, что считается «отечественным» при расчёте местного содержания).",
        "The workshop's database file (default: $HANGAR_DB, else ./hangar.sqlite).":
            "Файл базы данных мастерской (по умолчанию: $HANGAR_DB, иначе ./hangar.sqlite).",
        "The workshop's name and annual capacity.":
            "Наименование и годовая производственная мощность мастерской.",
        "The workshop's name.":
            "Наименование мастерской.",
        "Trainee pilots: enrolment, training, qualification.":
            "Обучение операторов БПЛА: зачисление, обучение, аттестация.",
        "UNDONE by {id}":
            "ОТМЕНЕНО записью {id}",
        "Units that receive airframes and send operators.":
            "Подразделения, которые получают БПЛА и направляют операторов на обучение.",
        "What a checklist item asks, in words, shown on the QC form (repeatable).":
            "Формулировка пункта проверочного листа, показываемая в форме проверки ОТК (можно повторять).",
        "What it is.":
            "Наименование изделия.",
        "What was done.":
            "Выполненные работы.",
        "When it happened (default: now).":
            "Время события (по умолчанию: текущее).",
        "When it happened: 2026-01-22 14:00 in the workshop's time zone, or ISO-8601 with an offset, e.g. 2026-01-22T09:00:00Z (default: now).":
            "Время события: 2026-01-22 14:00 в часовом поясе мастерской или ISO-8601 со смещением, например 2026-01-22T09:00:00Z (по умолчанию: текущее).",
        "Where it is, every install interval, minutes, cycles, health.":
            "Показать местонахождение, все периоды установки, налёт в минутах, циклы и остаточную ёмкость.",
        "Where on the airframe, e.g. M1.":
            "Место установки на БПЛА, например M1.",
        "Which airframes carry a component or pieces of a lot (lost and written-off ones included).":
            "Показать, на каких БПЛА установлен компонент или экземпляры партии (включая утраченные и списанные).",
        "Who supplied it.":
            "Поставщик.",
        "Why (optional).":
            "Причина (необязательно).",
        "Why a part off the BOM goes in.":
            "Причина установки изделия вне спецификации.",
        "Why.":
            "Причина.",
        "With --json the object carries the latest page of its history too (see 'airframe history').":
            "С --json объект содержит также последнюю страницу истории событий (см. 'airframe history').",
        "Without --ever only airframes holding it now; with --ever every span it was installed.":
            "Без --ever — только БПЛА, на которых изделие установлено сейчас; с --ever — все периоды установки.",
        "Without --unit it goes back to the unit it was last issued to (after a repair, say).":
            "Без --unit БПЛА возвращается в подразделение, в которое выдавался последним (например, после ремонта).",
        "Write the airframe off.":
            "Списать БПЛА.",
        "Write the event log as NDJSON on standard output.":
            "Вывести журнал событий в формате NDJSON в стандартный вывод.",
        "Write to this file instead of standard output.":
            "Записать в этот файл вместо стандартного вывода.",
        "YES":
            "ДА",
        "airframe":
            "БПЛА",
        "any (no catalogue)":
            "любые (перечень не задан)",
        "at or below reorder point":
            "— с остатком не выше минимального",
        "at {position}":
            "(место установки: {position})",
        "batch {batch}":
            "серия {batch}",
        "by":
            "автор",
        "capacity":
            "производственная мощность",
        "chain":
            "цепочка",
        "checklist":
            "проверочный лист",
        "checklist v{version}:":
            "проверочный лист v{version}:",
        "code":
            "код",
        "complete":
            "полный",
        "component, battery or consumable.":
            "component, battery или consumable.",
        "cost":
            "цена",
        "cost {cost}":
            "цена {cost}",
        "country":
            "страна",
        "currency":
            "валюта",
        "current":
            "натренирован",
        "cycles":
            "циклы заряда",
        "database {path} is ready (schema up to date)":
            "база данных {path} готова к работе (структура актуальна)",
        "defect codes:":
            "коды дефектов:",
        "description":
            "описание",
        "details":
            "сведения",
        "due":
            "ТО",
        "due for service":
            "подошёл срок ТО",
        "enforced":
            "соблюдение обязательно",
        "event":
            "событие",
        "events":
            "событий",
        "every {n} days":
            "через {n} сут",
        "every {n} min":
            "через {n} мин налёта",
        "first pass {time}":
            "принято ОТК {time}",
        "flight min":
            "налёт, мин",
        "flight minutes":
            "налёт, мин",
        "give --admin ID and --name NAME together":
            "укажите --admin ID и --name NAME вместе",
        "give --defect-code or --any-defect-code, not both":
            "укажите --defect-code или --any-defect-code, но не оба",
        "give --hq PATH or set $HANGAR_HQ":
            "укажите --hq PATH или задайте $HANGAR_HQ",
        "give --lot LOT or --component SERIAL":
            "укажите --lot LOT или --component SERIAL",
        "give --name, --capacity, --country, --currency, --timezone or --code":
            "укажите --name, --capacity, --country, --currency, --timezone или --code",
        "give --name, --role, --lang or a combination":
            "укажите --name, --role, --lang или их сочетание",
        "give --target N (N more after --to) or --target-total N (N in total), not both":
            "укажите --target N (ещё N после --to) или --target-total N (всего N), но не оба",
        "give at least one --role":
            "укажите хотя бы одну --role",
        "give at least one export file":
            "укажите хотя бы один файл выгрузки",
        "headquarters store {path} is ready":
            "хранилище штаба {path} готово",
        "health":
            "остаточная ёмкость (SoH)",
        "id":
            "идентификатор",
        "imported {n} event, skipped {skipped} already present":
            "импортировано событий: {n}, пропущено уже имеющихся: {skipped}",
        "imported {n} events, skipped {skipped} already present":
            "импортировано событий: {n}, пропущено уже имеющихся: {skipped}",
        "in {airframe}":
            "на БПЛА {airframe}",
        "in_stock, quarantine or scrapped.":
            "in_stock, quarantine или scrapped.",
        "installed":
            "установлено",
        "item":
            "пункт проверки",
        "items":
            "кол-во пунктов",
        "kind":
            "вид",
        "lapsed":
            "перерыв в полётах",
        "last recorded":
            "последняя запись",
        "last seq":
            "посл. №",
        "life":
            "назначенный ресурс",
        "limits":
            "допуск",
        "listed for review: {n} (hangar hq conflicts)":
            "к рассмотрению: {n} (hangar hq conflicts)",
        "lot":
            "партия",
        "lot {lot}":
            "партия {lot}",
        "lot {lot} × {qty}":
            "партия {lot} × {qty}",
        "low":
            "ниже мин.",
        "minutes":
            "налёт, мин",
        "model":
            "модель",
        "full name":
            "ФИО",
        "name":
            "наименование",
        "next":
            "доступные команды",
        "no":
            "нет",
        "nothing listed":
            "перечень пуст",
        "occurred":
            "время",
        "of {n} life":
            "из {n} (назначенный ресурс)",
        "off BOM":
            "вне спецификации",
        "on hand":
            "остаток",
        "origin":
            "страна происхождения",
        "origin {origin}":
            "страна происхождения {origin}",
        "part":
            "изделие (P/N)",
        "password set for {id}":
            "пароль задан: {id}",
        "position":
            "место установки",
        "qty":
            "кол-во",
        "qty now":
            "кол-во сейчас",
        "quarantined":
            "в карантине",
        "received":
            "принято на склад",
        "registered":
            "регистрация",
        "removed":
            "снято",
        "reorder at":
            "минимальный остаток",
        "reorder at {n}":
            "минимальный остаток: {n}",
        "reviewed":
            "рассмотрен",
        "revoked {n} token of {id}":
            "отозвано токенов военнослужащего {id}: {n}",
        "revoked {n} tokens of {id}":
            "отозвано токенов военнослужащего {id}: {n}",
        "roles":
            "роли",
        "scheduled, defect or damage.":
            "scheduled, defect или damage.",
        "serial":
            "зав. №",
        "serial (each piece has a serial) or lot (counted by receipt lot).":
            "serial (у каждого экземпляра свой заводской номер) или lot (учёт по партиям поступления).",
        "service":
            "периодичность ТО",
        "service {when}":
            "ТО: {when}",
        "state":
            "состояние",
        "status":
            "статус",
        "stock, quarantine or scrap (a lot: stock or scrap).":
            "stock, quarantine или scrap (для партии: stock или scrap).",
        "timezone":
            "часовой пояс",
        "tracking":
            "учёт",
        "training or operational.":
            "training или operational.",
        "unit":
            "подразделение",
        "use/week":
            "расход в неделю",
        "use/week over the last {n} weeks":
            "расход в неделю — по данным за последние {n} нед.",
        "verified":
            "проверена",
        "verify failed: {fault}":
            "verify: проверка не пройдена — {fault}",
        "verify: all checks passed":
            "verify: все проверки пройдены",
        "weeks of cover":
            "запас, нед.",
        "workshop":
            "мастерская",
        "workshops":
            "мастерские",
        "yes":
            "да",
        "{all} in all, {since} since service":
            "{all} за всё время, {since} после последнего ТО",
        "{file}: workshop {workshop}, {lines} lines: {added} new, {held} already held, {conflicting} conflicting":
            "{file}: мастерская {workshop}, строк: {lines}; новых: {added}, уже имеющихся: {held}, конфликтов записей: {conflicting}",
        "{item} marked reviewed":
            "{item} отмечен как рассмотренный",
        "{model} BOM v{version}":
            "{model}: спецификация v{version}",
        "{model} checklist v{from} → v{to}:":
            "{model}: проверочный лист v{from} → v{to}:",
        "{n} airframe":
            "БПЛА: {n}",
        "{n} airframes":
            "БПЛА: {n}",
        "{n} airframes per year":
            "{n} БПЛА в год",
        "{n} cycles":
            "{n} цикл.",
        "{n} earlier events: {command}":
            "более ранних событий: {n}; показать: {command}",
        "{n} flight minutes in the last 90 days; 60 needed":
            "налёт за последние 90 сут: {n} мин; нужно 60 мин",
        "{n} mAh rated":
            "номинальная ёмкость {n} мА·ч",
        "{n} min":
            "{n} мин",
        "kept replays brought up to date for the next report: {workshops}":
            "сохранённые воспроизведения обновлены для следующего отчёта: {workshops}",
        "kept replays not brought up to date ({reason}); the next report does it":
            "сохранённые воспроизведения не обновлены ({reason}); это сделает следующий отчёт",
        "{n} of {all} lines refused on replay: {code}'s log at headquarters is incomplete (hangar hq conflicts)":
            "при воспроизведении отклонено строк: {n} из {all}; журнал мастерской {code} в штабе неполон (hangar hq conflicts)",
        "{n} off BOM":
            "вне спецификации: {n}",
        "{n} part":
            "изделий (P/N): {n}",
        "{n} parts":
            "изделий (P/N): {n}",
        "{state} since {time}":
            "{state} с {time}",
        "{tracking}, kind {kind}":
            "{tracking}, вид {kind}",
        "--timezone is for the national report; a workshop's report keeps the workshop's own time zone":
            "--timezone относится к сводному отчёту по республике; отчёт мастерской ведётся в её собственном часовом поясе",
        "The JSON of the national report adds by_workshop (each workshop's buckets, totals and snapshot), standards (per model: the workshops using it, their checklist and BOM versions, and whether they agree) and workshops (each one's completeness).":
            "JSON сводного отчёта по республике дополнительно содержит by_workshop (интервалы, итоги и срез каждой мастерской), standards (по каждой модели: мастерские, которые её используют, их версии проверочного листа и спецификации и совпадают ли они) и workshops (полнота журнала каждой мастерской).",
        "The national report over every workshop's lines, or one workshop's (--workshop): the same as its own hangar report.":
            "Сводный отчёт по республике по журналам всех мастерских или отчёт одной мастерской (--workshop): такой же, как её собственный hangar report.",
        "The national report's time zone, an IANA name such as Asia/Almaty (default: UTC).":
            "Часовой пояс сводного отчёта по республике, имя IANA, например Asia/Almaty (по умолчанию: UTC).",
        "delivered":
            "принято ОТК",
        "first-pass yield":
            "сдача с первого предъявления",
        "availability":
            "КТГ",
        "By workshop":
            "По мастерским",
        "Accounts of the headquarters server (hangar serve --hq): commanders, read-only.":
            "Учётные записи сервера штаба (hangar serve --hq): только командиры, только чтение.",
        "Add a commander who may read the national dashboard.":
            "Добавить командира, которому доступен сводный отчёт по республике.",
        "Hangar headquarters serving {path} on {url}":
            "Hangar: сервер штаба, хранилище {path}, адрес {url}",
        "List the headquarters' accounts.":
            "Вывести учётные записи штаба.",
        "Print a new API token for a headquarters account.":
            "Выдать новый токен API для учётной записи штаба.",
        "Serve the headquarters' national dashboard from this store instead (a file path or postgres://…; accounts from hangar hq staff).":
            "Вместо мастерской показывать сводный отчёт по республике из этого хранилища штаба (путь к файлу или postgres://…; учётные записи — hangar hq staff).",
        "Set a headquarters account's sign-in password.":
            "Задать пароль входа для учётной записи штаба.",
        "The token is printed alone on standard output, once; only its SHA-256 is stored. Send it as Authorization: Bearer TOKEN. With --revoke, every token of that person stops working instead.":
            "Токен выводится один раз, отдельной строкой в стандартный вывод; хранится только его SHA-256. Передавайте его в заголовке Authorization: Bearer TOKEN. С --revoke вместо этого перестают действовать все токены этого человека.",
        "{id} may now read the national dashboard (set a password: hangar hq staff password {id})":
            "{id}: доступ к сводному отчёту по республике открыт (задайте пароль: hangar hq staff password {id})",
        "password":
            "пароль",
        "tokens":
            "токены",
        "--hq needs the headquarters store: a file path or a postgres:// URL":
            "для --hq нужно хранилище штаба: путь к файлу или URL postgres://",
    ]
}
