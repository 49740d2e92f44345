extension Tables {
    /// What the command line says besides refusals: confirmations, warnings, its own usage errors.
    static let cliRU: [String: String] = [
        "cli.bad_lang": "недопустимое значение --lang «{value}»: укажите en, ru или kk",
        "cli.defects": "дефекты",
        "cli.event_ref": "(запись № {seq}, id {id})",
        "cli.limits": "допуск",
        "cli.qc_attempt": "Предъявление № {attempt}, проверочный лист v{version}: {outcome}",
        "cli.stays": "состояние не меняется: «{state}»",
        "cli.undid": "отменена запись {id}",
        "cli.unknown_command": "неизвестная команда «{word}» для «{path}»; команды: {commands}",
        "cli.unknown_command_near": "неизвестная команда «{word}» для «{path}» (возможно, имелось в виду «{near}»); команды: {commands}",
        "warning.due_for_service": "{serial}: подошёл срок ТО ({reasons}); полёт учитывается как полёт при наступившем сроке ТО",
        "warning.no_operator": "в полёте {serial} не указан оператор (--operator ID): полёт учитывается как полёт без оператора",
        "warning.not_entitled_operational": "оператор {id} в состоянии «{state}», налёт за последние 90 сут: {minutes} мин; для полётов по назначению нужен аттестованный и натренированный оператор (60 мин за 90 сут)",
        "warning.not_entitled_training": "оператор {id} в состоянии «{state}»: учебные полёты не допускаются",
    ]
}
