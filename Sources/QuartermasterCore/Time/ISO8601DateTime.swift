/// ISO 8601 date-times with an explicit offset, as business documents carry them
/// (`2026-03-02T09:30:00+00:00`, `2026-03-02T01:30:00-08:00`, `2026-03-02T09:30:00.250Z`).
public enum ISO8601DateTime {
    /// `milliseconds` since the epoch as UTC with a `+00:00` offset, to the second.
    public static func format(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1_000 : (milliseconds - 999) / 1_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = LocalDate(daysSinceEpoch: Int(days))
        func pad(_ value: Int) -> String { String(value).leftPadded(to: 2) }
        return "\(date.iso)T\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))+00:00"
    }

    /// Milliseconds since the epoch, or nil when `text` is not a date-time with an offset. A bare
    /// date (`2026-03-02`) reads as midnight UTC, since vendors often send one where a time belongs.
    public static func parse(_ text: String) -> Int64? {
        let text = text.trimmingWhitespace()
        guard text.count >= 10, let date = LocalDate(iso: String(text.prefix(10))) else { return nil }
        let dayStart = Int64(date.daysSinceEpoch) * 86_400_000
        var rest = Substring(text.dropFirst(10))
        if rest.isEmpty { return dayStart }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        func number(_ digits: Int, max: Int) -> Int? {
            let part = rest.prefix(digits)
            guard part.count == digits, part.allSatisfy(\.isASCIIDigit), let value = Int(part), value <= max else { return nil }
            rest = rest.dropFirst(digits)
            return value
        }
        func skip(_ character: Character) -> Bool {
            guard rest.first == character else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard let hour = number(2, max: 23), skip(":"), let minute = number(2, max: 59), skip(":"), let second = number(2, max: 60)
        else { return nil }
        var milliseconds = 0
        if skip(".") {
            let fraction = rest.prefix { $0.isASCIIDigit }
            guard !fraction.isEmpty else { return nil }
            milliseconds = Int(fraction.prefix(3) + String(repeating: "0", count: max(0, 3 - fraction.count))) ?? 0
            rest = rest.dropFirst(fraction.count)
        }
        var offsetSeconds = 0
        if skip("Z") {
            offsetSeconds = 0
        } else if let sign = rest.first, sign == "+" || sign == "-" {
            rest = rest.dropFirst()
            guard let hours = number(2, max: 18) else { return nil }
            _ = skip(":")
            guard let minutes = number(2, max: 59) else { return nil }
            offsetSeconds = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        } else {
            return nil
        }
        guard rest.isEmpty else { return nil }
        let secondOfDay = Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return dayStart + secondOfDay * 1_000 + Int64(milliseconds)
    }
}
