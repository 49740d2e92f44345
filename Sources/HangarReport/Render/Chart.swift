import Foundation

/// A chart as drawing primitives in SVG user units: computed here, drawn by one template.
struct Chart {
    var id: String
    var title: String
    var width = 640.0
    var height = 220.0
    var rects: [[String: Any]] = []
    var lines: [[String: Any]] = []
    var polylines: [[String: Any]] = []
    var polygons: [[String: Any]] = []
    var texts: [[String: Any]] = []
    var legend: [[String: Any]] = []
    var note: String?

    // The plot area.
    let left = 48.0, top = 14.0, bottom = 34.0
    /// Wider where a chart has a scale on the right too (the Pareto's cumulative share).
    var right = 12.0
    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    static func f(_ x: Double) -> String { String(format: "%.1f", x) }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ cls: String) {
        rects.append(["x": Self.f(x), "y": Self.f(y), "w": Self.f(max(w, 0)), "h": Self.f(max(h, 0)), "cls": cls])
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ cls: String) {
        lines.append(["x1": Self.f(x1), "y1": Self.f(y1), "x2": Self.f(x2), "y2": Self.f(y2), "cls": cls])
    }

    mutating func polyline(_ points: [(Double, Double)], _ cls: String) {
        polylines.append(["points": points.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " "), "cls": cls])
    }

    mutating func polygon(_ points: [(Double, Double)], _ cls: String) {
        polygons.append(["points": points.map { "\(Self.f($0.0)),\(Self.f($0.1))" }.joined(separator: " "), "cls": cls])
    }

    mutating func text(_ x: Double, _ y: Double, _ s: String, _ cls: String = "label", anchor: String = "middle") {
        texts.append(["x": Self.f(x), "y": Self.f(y), "text": s, "cls": cls, "anchor": anchor])
    }

    mutating func key(_ label: String, _ cls: String) { legend.append(["label": label, "cls": cls]) }

    /// Y axis from 0 to `maximum` with a few gridlines; returns the y of a value.
    mutating func yAxis(maximum: Double, format: (Double) -> String) -> (Double) -> Double {
        let top = self.top, h = plotHeight
        let scale: (Double) -> Double = { v in top + h - (maximum > 0 ? v / maximum : 0) * h }
        for i in 0...4 {
            let v = maximum * Double(i) / 4
            let y = scale(v)
            line(left, y, width - right, y, "grid")
            text(left - 4, y + 3, format(v), "axis", anchor: "end")
        }
        return scale
    }

    /// Category labels along the x axis, thinned to fit.
    mutating func xLabels(_ labels: [String], center: (Int) -> Double) {
        let step = max(1, Int((Double(labels.count) * 46 / plotWidth).rounded(.up)))
        for (i, label) in labels.enumerated() where i % step == 0 {
            text(center(i), height - bottom + 14, label, "axis")
        }
    }

    var context: [String: Any] {
        var c: [String: Any] = [
            "id": id, "title": title, "width": Self.f(width), "height": Self.f(height),
            "rects": rects, "lines": lines, "polylines": polylines, "polygons": polygons, "texts": texts, "legend": legend,
        ]
        if let note { c["note"] = note }
        c["hasLegend"] = !legend.isEmpty
        return c
    }

    /// A round upper bound for an axis.
    static func niceMaximum(_ v: Double) -> Double {
        guard v > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(v)))
        for m in [1.0, 2, 2.5, 5, 10] where m * magnitude >= v { return m * magnitude }
        return 10 * magnitude
    }
}
