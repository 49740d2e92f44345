import HangarTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HangarCore
import Testing
@testable import HangarReport

/// Collects what an XML parse of the page sees.
final class PageParse: NSObject, XMLParserDelegate {
    var figures: [String] = []
    var elements: [String: Int] = [:]
    var text = ""
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements[name, default: 0] += 1
        if name == "figure", let id = attributes["id"] { figures.append(id) }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}

@Suite("Report renderings")
struct RenderTests {
    func sample(workshop: String = "Test Workshop") -> ThroughputReport {
        var log = Log()
        log.delivered("A", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T10:00:00Z", passed: "2026-01-05T12:00:00Z")
        log.register("B", "2026-01-06T08:00:00Z")
        log.assembled("B", "2026-01-06T09:00:00Z")
        log.fail("B", "2026-01-06T10:00:00Z", ["MOTOR"])
        log.add(.unitAdd, "Recon & Strike \"B\"", "boss", Log.at("2026-01-06T10:00:00Z"))
        return log.report(from: "2026-01-05", to: "2026-01-19", target: 5)
    }

    /// A list of ids is written a piece at a time when no id needs escaping: the same text,
    /// byte for byte, as the id-at-a-time writer, at every depth and compactly, for lists
    /// longer than a piece and streams that hand on small pieces; and the JSON encoder's own
    /// layout of an array of strings.
    @Test(arguments: [0, 1, 7, 3000])
    func idListsWrittenInPiecesAreTheSameText(count: Int) throws {
        var ids = IDList()
        for i in 0..<count { ids.append("KZ-W\(i % 10)/\(UUID().uuidString.prefix(i % 37))") }
        #expect(!ids.bytes.contains(0x22) && !ids.bytes.contains(0x5C))
        func written(_ write: (inout ByteStream) -> Void, limit: Int) throws -> [UInt8] {
            var collected: [UInt8] = []
            var stream = ByteStream(limit: limit) { collected += $0 }
            write(&stream)
            _ = try stream.finish()
            return collected
        }
        for depth in [nil, 0, 1, 3] as [Int?] {
            for limit in [1, 4096, 1 << 20] {
                let pieces = try written({ ReportJSON.array(ids, depth: depth, into: &$0) }, limit: limit)
                let oneByOne = try written({ ReportJSON.escapedArray(ids, depth: depth, into: &$0) }, limit: limit)
                #expect(pieces == oneByOne, "\(count) ids at depth \(depth.map(String.init) ?? "none"), pieces of \(limit)")
            }
        }
        let strings = ids.indices.map { ids[$0] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        if !strings.isEmpty {
            #expect(try written({ ReportJSON.array(ids, depth: 0, into: &$0) }, limit: 1 << 20) == Array(try encoder.encode(strings)))
        }
        encoder.outputFormatting = [.withoutEscapingSlashes]
        #expect(try written({ ReportJSON.array(ids, depth: nil, into: &$0) }, limit: 1 << 20) == Array(try encoder.encode(strings)))
    }

    @Test func htmlIsWellFormedWithOneChartPerItemAndNoScript() throws {
        let html = ReportHTML.render(sample())
        let parse = PageParse()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = parse
        #expect(parser.parse(), "the page must parse as XML: \(parser.parserError.map { "\($0)" } ?? "")")
        #expect(parse.figures == ["chart-delivered", "chart-flow", "chart-fpy", "chart-availability", "chart-defects", "chart-forecast"])
        #expect(parse.elements["script"] == nil)
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").dropFirst().allSatisfy { $0.hasPrefix("www.w3.org/") })
        #expect(!html.contains("src=") && !html.contains("href="))
        #expect(html.contains("@page { size: A4 portrait"))
        // The definitions are in the report itself, not a pointer to a document.
        #expect(html.contains("First-pass yield: of the airframes whose first QC run falls in the bucket"))
        #expect(!html.contains("DESIGN"))
        let russian = ReportHTML.render(sample(), language: .ru)
        #expect(russian.contains("Определения показателей") && russian.contains("Сдача с первого предъявления"))
    }

    /// Issue findings on the charts: the flow chart labels bucket starts like the others, the
    /// Pareto's long codes are not cut, and its cumulative line has a scale.
    @Test func chartsLabelBucketStartsAndTheParetoHasItsScale() {
        var log = Log()
        log.delivered("A", registered: "2026-01-05T08:00:00Z", assembled: "2026-01-05T10:00:00Z", passed: "2026-01-05T12:00:00Z")
        log.register("B", "2026-01-06T08:00:00Z")
        log.assembled("B", "2026-01-06T09:00:00Z")
        log.fail("B", "2026-01-06T10:00:00Z", ["COMPASS_INTERFERENCE_X"])
        let report = log.report(from: "2026-01-05", to: "2026-01-19", target: 5)
        let charts = ReportCharts.all(report)
        func texts(_ id: String) -> String {
            (charts.first { $0.id == id }?.texts ?? []).compactMap { $0["text"] as? String }.map { ">\($0)<" }.joined()
        }
        let delivered = texts("chart-delivered"), flow = texts("chart-flow")
        for label in ["5 Jan", "12 Jan"] {
            #expect(delivered.contains(">\(label)<") && flow.contains(">\(label)<"), "both label the week starting \(label)")
        }
        #expect(!flow.contains(">11 Jan<"), "not the week's last day")
        let pareto = texts("chart-defects")
        #expect(pareto.contains(">COMPASS_INTERFERENCE_X<"), "a 22-character code is shown whole")
        for tick in [">0%<", ">50%<", ">100%<"] { #expect(pareto.contains(tick)) }
    }

    @Test func htmlEscapesWhatPeopleTyped() {
        var report = sample()
        #expect(ReportHTML.render(report).contains("Recon &amp; Strike &quot;B&quot;"))
        // Names refuse markup when recorded; the page escapes anyway (a file edited by hand).
        report.snapshot.currentOperators.append((unit: "<b>Injected</b>", count: 1))
        let html = ReportHTML.render(report)
        #expect(html.contains("&lt;b&gt;Injected&lt;/b&gt;"))
        #expect(!html.contains("<b>Injected"))
    }

    @Test func csvHasAHeaderOneRowPerBucketAndTotals() {
        let csv = ReportCSV.render(sample())
        let rows = csv.split(separator: "\n").map(String.init)
        #expect(rows.count == 4)
        // The last row is the whole period; numbers have at most four decimals.
        #expect(rows[3].hasPrefix("total,"))
        #expect(ReportCSV.cell(2.0 / 3) == "0.6667")
        #expect(ReportCSV.cell(14.383333333333333) == "14.3833")
        #expect(ReportCSV.cell(0.5) == "0.5" && ReportCSV.cell(3) == "3" && ReportCSV.cell(nil) == "")
        // Typed text a spreadsheet would run as a formula is kept as text.
        for formula in ["=1+2", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\",\"y\")"] {
            #expect(ReportCSV.text(formula) == "'" + formula)
        }
        #expect(ReportCSV.text("MOTOR-2207") == "MOTOR-2207" && ReportCSV.text("") == "")
        #expect(rows[0].hasPrefix("start,end,registered,assembled,delivered,build_hours_p50"))
        let header = rows[0].split(separator: ",", omittingEmptySubsequences: false)
        let first = rows[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(header.count == first.count)
        #expect(first[0] == "2026-01-05" && first[4] == "1" && first[5] == "4")
        #expect(first[header.firstIndex(of: "first_pass_yield")!] == "0.5")
        #expect(rows[2].split(separator: ",", omittingEmptySubsequences: false)[header.firstIndex(of: "first_pass_yield")!] == "")
        // The forecast's mode and dates: on the total row only (empty on bucket rows, and without a target).
        let mode = try! #require(header.firstIndex(of: "forecast_mode"))
        #expect(first[mode] == "")
        var withTarget = sample()
        withTarget.forecast = Forecast(target: 30, mode: .total, deliveredSoFar: 5, more: 25, trials: 10, seed: 1, weeklyDelivered: [1],
                                       p50Weeks: 3, p85Weeks: 4, p50Date: Day(year: 2026, month: 2, day: 2), p85Date: nil, fan: [])
        let total = ReportCSV.render(withTarget).split(separator: "\n").map(String.init)[3].split(separator: ",", omittingEmptySubsequences: false)
        #expect(total.count == header.count)
        #expect(total[mode] == "total" && total[mode + 1] == "30" && total[mode + 2] == "2026-02-02" && total[mode + 3] == "")
    }

    @Test func jsonFollowsTheContract() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.render(sample()).utf8)) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["period", "buckets", "totals", "snapshot", "cycle", "forecast"]))
        let period = try #require(object["period"] as? [String: String])
        #expect(period == ["from": "2026-01-05", "to": "2026-01-19", "every": "week"])
        let buckets = try #require(object["buckets"] as? [[String: Any]])
        #expect(buckets.count == 2)
        for group in ["build", "test", "train", "maintain", "fleet", "capacity", "compliance", "loops_active"] {
            #expect(buckets[0][group] != nil, "bucket lacks \(group)")
        }
        let test = try #require(buckets[1]["test"] as? [String: Any])
        #expect(test["first_pass_yield"] is NSNull)
        let defects = try #require((buckets[0]["test"] as? [String: Any])?["defects"] as? [[String: Any]])
        #expect(defects.first?["code"] as? String == "MOTOR")
        #expect(buckets[0]["loops_active"] as? [String] == ["build", "test"])
        let snapshot = try #require(object["snapshot"] as? [String: Any])
        #expect((snapshot["wip"] as? [String: Int])?.count == 8)
        #expect(Set((snapshot["current_operators"] as? [String: Int])?.keys ?? [:].keys) == ["Alpha", "Bravo", "Recon & Strike \"B\""])
        let events = try #require(snapshot["compliance_events"] as? [String: [String]])
        #expect(Set(events.keys) == ["flights_while_due", "flights_by_unqualified", "hasty_qc"])
        let forecast = try #require(object["forecast"] as? [String: Any])
        #expect(forecast["target"] as? Int == 5)
    }

    /// The id lists are written into the JSON by hand (they can be hundreds of thousands
    /// long); the bytes must be exactly what the encoder gives for the same document with
    /// plain arrays, in both layouts, with quotes and backslashes in ids escaped.
    @Test func idListsAreWrittenExactlyAsTheEncoderWouldWriteThem() throws {
        var r = sample()
        r.snapshot.complianceEvents.flightsWhileDue = ["a-1", #"odd"id\x"#, "z/9"]
        r.snapshot.complianceEvents.hastyQC = []
        r.snapshot.dueForService = ["AF-1", "AF-2"]
        let plain = ReportDocument(report: r, markers: false)
        #expect(ReportJSON.bytes(r) == ReportJSON.encode(plain, pretty: true) + [0x0A])
        #expect(ReportJSON.bytes(r, pretty: false) == ReportJSON.encode(plain, pretty: false))
        let back = try #require(try JSONSerialization.jsonObject(with: Data(ReportJSON.bytes(r))) as? [String: Any])
        let events = try #require((back["snapshot"] as? [String: Any])?["compliance_events"] as? [String: [String]])
        #expect(events["flights_while_due"] == ["a-1", #"odd"id\x"#, "z/9"])
        #expect(events["hasty_qc"] == [])
        #expect((back["snapshot"] as? [String: Any])?["due_for_service"] as? [String] == ["AF-1", "AF-2"])
    }

    /// Written a piece at a time (the national report is a hundred megabytes), the JSON is
    /// the same bytes, in pieces of at least the size asked, whatever that size; left open,
    /// it is the same document up to its closing brace.
    @Test(arguments: [1, 7, 64, 1 << 20]) func jsonWrittenInPiecesIsTheSameBytes(limit: Int) throws {
        var r = sample()
        r.snapshot.complianceEvents.flightsWhileDue = IDList((0..<500).map { "event-\($0)" })
        r.snapshot.dueForService = ["AF-1", #"AF-"2""#]
        let whole = ReportJSON.bytes(r)
        var pieces: [[UInt8]] = []
        var stream = ByteStream(limit: limit) { pieces.append($0) }
        ReportJSON.write(r, to: &stream)
        #expect(try stream.finish() == [])
        #expect(pieces.flatMap { $0 } == whole)
        #expect(pieces.dropLast().allSatisfy { $0.count >= limit } && pieces.count > (limit < whole.count ? 1 : 0))
        var open = ByteStream()
        ReportJSON.write(r, open: true, to: &open)
        let closed = try open.finish() + Array("\n}\n".utf8)
        #expect(closed == whole)
    }

    /// A piece appended far past the limit is handed on whole, and its room is not kept
    /// after it (the sink may still hold it: keeping the room would mean a second buffer as
    /// large); pieces near the limit keep theirs.
    @Test func aStreamKeepsNoRoomForAnOversizedPiece() throws {
        var held: [[UInt8]] = []
        var stream = ByteStream(limit: 1024) { held.append($0) }
        stream.append(contentsOf: [UInt8](repeating: 0x61, count: 100 * 1024))
        #expect(held.map(\.count) == [100 * 1024])
        #expect(stream.buffer.isEmpty && stream.buffer.capacity < 2 * 1024, "capacity \(stream.buffer.capacity)")
        stream.append(contentsOf: [UInt8](repeating: 0x62, count: 1500))
        #expect(held.map(\.count) == [100 * 1024, 1500])
        #expect(stream.buffer.capacity >= 1500, "a piece near the limit keeps its room")
        stream.append("c")
        #expect(try stream.finish() == [] && held.last == [0x63])
    }

    /// A piece that cannot be handed on stops the writing: the error comes out of `finish`,
    /// and nothing after it is handed on.
    @Test func aPieceThatCannotBeWrittenIsReportedAtTheEnd() throws {
        struct Full: Error {}
        var handed = 0
        var stream = ByteStream(limit: 4) { _ in
            handed += 1
            if handed == 2 { throw Full() }
        }
        stream.append("0123")
        stream.append("4567")
        stream.append("89ab")
        #expect(handed == 2)
        #expect(throws: Full.self) { _ = try stream.finish() }
        var gathered = ByteStream()
        gathered.append("ab")
        gathered.append(0x63)
        #expect(try gathered.finish() == Array("abc".utf8))
    }

    @Test func textShowsHeadlinesTableAndSnapshot() {
        let text = ReportText.render(sample())
        #expect(text.hasPrefix("Test Workshop — throughput 2026-01-05 to 2026-01-19 (exclusive), by week"))
        #expect(text.contains("LAST WEEK (2026-01-12 to 2026-01-19)"))
        #expect(text.contains("delivered             0               (-1 vs previous)"))
        #expect(text.contains("SNAPSHOT at 2026-01-19"))
        #expect(text.contains("rework 1"))
    }
}
