extension Tables {
    /// What the command line says besides refusals: confirmations, warnings, its own usage errors.
    static let cliKK: [String: String] = [
        "cli.bad_lang": "--lang мәні жарамсыз: «{value}»; en, ru немесе kk көрсетіңіз",
        "cli.defects": "ақаулар",
        "cli.event_ref": "(жазба № {seq}, id {id})",
        "cli.limits": "шектер",
        "cli.qc_attempt": "Ұсыну № {attempt}, тексеру парағы v{version}: {outcome}",
        "cli.stays": "күйі өзгермейді: «{state}»",
        "cli.undid": "{id} жазбасының күші жойылды",
        "cli.unknown_command": "белгісіз команда «{word}» («{path}» үшін); командалар: {commands}",
        "cli.unknown_command_near": "белгісіз команда «{word}» («{path}» үшін; мүмкін, «{near}» болар); командалар: {commands}",
        "warning.due_for_service": "{serial}: ТҚК мерзімі келді ({reasons}); ұшу ТҚК мерзімі келген кездегі ұшу ретінде есептеледі",
        "warning.no_operator": "{serial} ұшуында оператор көрсетілмеген (--operator ID): ұшу операторсыз ұшу ретінде есептеледі",
        "warning.not_entitled_operational": "{id} операторы «{state}» күйінде, соңғы 90 тәуліктегі ұшу уақыты: {minutes} мин; мақсаты бойынша ұшуға аттестатталған, дағдысы сақталған оператор қажет (90 тәулікте 60 мин)",
        "warning.not_entitled_training": "{id} операторы «{state}» күйінде: оқу ұшуларына рұқсат жоқ",
    ]
}
