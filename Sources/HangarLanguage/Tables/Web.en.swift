extension Tables {
    /// What the pages say from Swift code: titles, confirmations, flash messages.
    static let webEN: [String: String] = [
        "w.needs_confirm": "{action} needs the confirm box ticked: it is recorded at once.",
        "w.no_action": "There is no such action.",
        "w.no_airframe": "No airframe {serial} is registered.",
        "w.no_component": "No component {serial} was received.",
        "w.no_operator": "No operator {id} is enrolled.",
        "w.no_part": "No part {part} is in the catalogue.",
        "w.not_a_serial": "That is not a serial.",
        "w.not_found": "Not found",
        "w.recorded": "Recorded {event}: {details}.",
        "w.recorded_change": "Recorded {event}: {from} → {to}.",
        "w.title_airframes": "Airframes",
        "w.title_dashboard": "Dashboard",
        "w.title_operators": "Operators",
        "w.title_qc": "QC {serial}",
        "w.title_recall": "Recall",
        "w.title_register": "Register an airframe",
        "w.title_signin": "Sign in",
        "w.title_stock": "Stock",
        "w.warning": "Warning: {text}.",
        "w.qc_needs_defect": "The run fails ({items}): a failing QC run needs at least one defect code below.",
    ]
}
