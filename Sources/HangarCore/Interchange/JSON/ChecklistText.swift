import Synchronization

extension StoredDataEncoder {
    /// The stored text of a QC run's checklist limits, written once per list: every run of a
    /// model's checklist version carries the same list, and writing it was most of the cost of
    /// a QC run's data. The last few lists are kept. A list is found only by an exact match
    /// of its bytes and bits: Swift's `==` takes canonically equivalent strings, and `0` and
    /// `-0`, as equal, and those are written differently.
    enum ChecklistText {
        struct Kept: Sendable {
            var items: [ChecklistItem]
            var text: String
        }

        static let kept = Mutex<[Kept]>([])
        static let keep = 8

        static func text(of items: [ChecklistItem], path: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) throws -> String {
            if let found = kept.withLock({ $0.first { identical($0.items, items) }?.text }) { return found }
            let slot = Slot()
            try items.encode(to: Writer(slot: slot, codingPath: path, userInfo: userInfo))
            var text = ""
            write(slot.node ?? .array(ArrayNode()), to: &text)
            kept.withLock { list in
                if list.count >= keep { list.removeFirst() }
                list.append(Kept(items: items, text: text))
            }
            return text
        }

        static func identical(_ a: [ChecklistItem], _ b: [ChecklistItem]) -> Bool {
            a.count == b.count && zip(a, b).allSatisfy { x, y in
                same(x.key, y.key) && x.kind == y.kind && same(x.unit, y.unit) && same(x.description, y.description)
                    && x.min?.bitPattern == y.min?.bitPattern && x.max?.bitPattern == y.max?.bitPattern
            }
        }

        static func same(_ a: String?, _ b: String?) -> Bool {
            switch (a, b) {
            case (nil, nil): return true
            case let (a?, b?): return a.utf8.elementsEqual(b.utf8)
            default: return false
            }
        }
    }
}
