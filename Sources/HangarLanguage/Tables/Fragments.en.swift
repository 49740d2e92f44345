extension Tables {
    /// The fragments that carry a value, as `{name}` templates (Fragments matches them).
    static let fragmentTemplates: [String] = [
        "this workshop is {code}: another workshop's export goes to headquarters (hangar hq merge)",
        "one workshop's lines in a file (this file is {code}'s)",
        "give 1-{n} characters, without control characters or surrounding spaces",
        "min ({min}) must not exceed max ({max})",
        "admin, or {actor} who recorded the '{event}' being undone",
        "give a whole number from {min} to {max}",
        "a receipt of {qty} gives exactly {qty2} serials, {given} given",
        "installed in airframe {airframe}",
        "it holds {qty}",
        "{qty} of {part} lot {lot}",
        "each line must be one JSON object: {reason}",
        "that local time does not exist in {zone} (the clocks were moved forward)",
        "admin, or {id} themself",
        "{field} is a whole number from {min} to {max}",
        "the server sets {key} (the signed-in author, a new id, now)",
        "one of {values}",
        "maintenance reasons are {values}",
        "it is a piece of {part}",
        "{serial} has a later event",
        "lot {lot} of {part} has a later event",
        "lot {lot} of {part} would go below zero",
        "{field} must be {expected}",
    ]
}
