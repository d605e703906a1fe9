import Foundation

/// Phase timings, printed to standard error: an import's batches when `QUARTERMASTER_TRACE_IMPORT` is
/// set, each search's steps when `QUARTERMASTER_TRACE_SEARCH` is.
struct PhaseTrace {
    static let importing = getenv("QUARTERMASTER_TRACE_IMPORT") != nil
    static let searching = getenv("QUARTERMASTER_TRACE_SEARCH") != nil
    let enabled: Bool
    var last = ContinuousClock.now
    var phases: [(String, Duration)] = []

    init(enabled: Bool = Self.importing) { self.enabled = enabled }

    mutating func mark(_ name: String) {
        guard enabled else { return }
        let now = ContinuousClock.now
        phases.append((name, now - last))
        last = now
    }

    func report(_ records: Int, _ label: String = "batch") {
        guard enabled else { return }
        var totals: [(String, Duration)] = []
        for (name, duration) in phases {
            if let index = totals.firstIndex(where: { $0.0 == name }) {
                totals[index].1 += duration
            } else {
                totals.append((name, duration))
            }
        }
        let text = totals.map { "\($0.0)=" + String(format: "%.2fms", $0.1.inMilliseconds) }
        FileHandle.standardError.write(Data("\(label) \(records): \(text.joined(separator: " "))\n".utf8))
    }
}
