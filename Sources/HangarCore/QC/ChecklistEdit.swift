/// A checklist edited item by item (DESIGN §10, issue 15): items given add or change the
/// one with their key, removals drop one, the rest stay; `replacing` makes the items given
/// the whole list. The command line and the setup page both edit through it.
/// What changed, in words, one line an item (`+`, `~`, `-`).
public enum ChecklistEdit {
    public static func apply(to current: [ChecklistItem], given: [ChecklistItem], removing: [String], replacing: Bool) throws -> (items: [ChecklistItem], lines: [String]) {
        let keys = Set(current.map(\.key))
        for key in removing where !keys.contains(key) {
            throw HangarError.invalidValue(field: "--remove-item", value: key, allowed: "items are " + current.map(\.key).joined(separator: ", "))
        }
        var items = replacing ? [] : current.filter { !removing.contains($0.key) }
        var lines: [String] = []
        for var item in given {
            // An item given again keeps its description unless --describe gives a new one.
            if item.description == nil { item.description = current.first(where: { $0.key == item.key })?.description }
            if let i = items.firstIndex(where: { $0.key == item.key }) {
                if items[i] != item { lines.append("  ~ \(item.key): \(items[i].limitsText) → \(item.limitsText)") }
                items[i] = item
            } else {
                if let old = current.first(where: { $0.key == item.key }), old != item {
                    lines.append("  ~ \(item.key): \(old.limitsText) → \(item.limitsText)")
                } else if !keys.contains(item.key) {
                    lines.append("  + \(item.key) (\(item.limitsText))")
                }
                items.append(item)
            }
        }
        for old in current where !items.contains(where: { $0.key == old.key }) { lines.append("  - \(old.key) (\(old.limitsText))") }
        guard !items.isEmpty else {
            throw HangarError.invalidValue(field: "checklist", value: "", allowed: "a checklist keeps at least one item")
        }
        if lines.isEmpty { lines.append("  (no item changes)") }
        return (items, lines)
    }
}
