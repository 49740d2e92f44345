extension Tables {
    /// What the command line says besides refusals: confirmations, warnings, its own usage errors.
    static let cliEN: [String: String] = [
        "warning.due_for_service": "{serial} is due for service ({reasons}); the flight counts as flown while due",
        "warning.not_entitled_training": "operator {id} is {state}: not entitled to training flights",
        "warning.not_entitled_operational": "operator {id} is {state} with {minutes} minutes in the last 90 days: operational flights need a qualified, current operator (60 minutes in 90 days)",
        "warning.no_operator": "the flight on {serial} names no operator (--operator ID): it is counted as a flight without one",
        "cli.bad_lang": "invalid --lang '{value}': give en, ru or kk",
        "cli.unknown_command": "unknown command '{word}' for '{path}'; its commands: {commands}",
        "cli.unknown_command_near": "unknown command '{word}' for '{path}' (did you mean '{near}'?); its commands: {commands}",
        "cli.stays": "stays {state}",
        "cli.event_ref": "(event #{seq}, id {id})",
        "cli.qc_attempt": "QC attempt {attempt} against checklist v{version}: {outcome}",
        "cli.limits": "limits",
        "cli.defects": "defects",
        "cli.undid": "undid event {id}",
    ]
}
