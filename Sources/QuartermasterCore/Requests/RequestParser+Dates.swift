import Foundation

extension RequestParseRun {
    /// The lower-case word at `i` when it is inside `end` and not yet used by another phrase.
    func word(_ i: Int, _ end: Int) -> String? {
        guard i >= 0, i < end, i < tokens.count, !tokens[i].consumed, tokens[i].kind != .newline else { return nil }
        return tokens[i].lower
    }

    mutating func consume(_ range: Range<Int>) {
        for i in range where i >= 0 && i < tokens.count { tokens[i].consumed = true }
    }

    // MARK: - Dates

    static let dateCues: Set<String> = [
        "by", "before", "until", "till", "til", "due", "on", "for", "latest", "deadline", "needed", "need", "required", "delivered",
        "deliver", "delivery", "arriving", "arrive", "arrives", "ideally", "preferably", "hopefully", "no", "not", "later", "than",
        "sometime", "around", "ready", "in", "time", "at", "the", "of", "start", "starting", "from", "asap",
    ]
    static let timeOfDay: Set<String> = [
        "morning", "afternoon", "evening", "night", "noon", "midday", "lunchtime", "lunch", "am", "pm", "eod", "cob", "latest",
    ]

    mutating func readDates(_ start: Int, _ end: Int, applied: Bool) {
        var i = start
        while i < end {
            guard word(i, end) != nil, let match = matchDate(i, end) else {
                i += 1
                continue
            }
            // Cue words before the expression belong to it; "before" means the day before.
            var first = i
            var before = false
            var k = i - 1
            while k >= start, let cue = word(k, end), Self.dateCues.contains(cue) || cue == ":" {
                if cue == "before" { before = true }
                if cue == "for" && k < i - 1 { break }
                first = k
                k -= 1
                if i - k > 5 { break }
            }
            // Leading words that only joined the cue ("needed by", "of", "the") stay with the text around them.
            while first < i, let head = word(first, end),
                ["the", "of", "at", "from", "in", "need", "needed", "required", "no", "not"].contains(head),
                !((head == "no" || head == "not") && word(first + 1, end) == "later")
            {
                first += 1
            }
            var next = match.next
            while let w = word(next, end), Self.timeOfDay.contains(w) || (w == "the" && word(next + 1, end) == "latest") { next += 1 }
            if next < end, tokens[next].kind == .number, ["am", "pm"].contains(where: { tokens[next].suffix.hasSuffix($0) }) { next += 1 }
            consume(first..<next)
            if var date = match.date, !match.past {
                if before && match.absolute { date = date.adding(days: -1) }
                if applied {
                    dates.append((date, i))
                    if let alternative = match.alternative {
                        let other = before && match.absolute ? alternative.adding(days: -1) : alternative
                        ask("need_by", nil, match.question ?? "Which date do you mean?", [Self.dateLabel(date), Self.dateLabel(other)])
                    }
                }
            }
            i = next
        }
    }

    static func dateLabel(_ date: LocalDate) -> String {
        let names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        return "\(names[date.weekday - 1]) \(date.iso)"
    }

    struct DateMatch {
        var date: LocalDate?
        var next: Int
        var past = false
        /// A fixed day (weekday, calendar date) rather than a period: "before" moves it one day earlier.
        var absolute = true
        var alternative: LocalDate? = nil
        var question: String? = nil
    }

    /// Reads a count for durations: "3", "three", "a", "an", "a couple of".
    func durationCount(_ i: Int, _ end: Int) -> (Int, Int)? {
        guard let w = word(i, end) else { return nil }
        if tokens[i].kind == .number, tokens[i].suffix.isEmpty, let n = tokens[i].intValue, n > 0, n <= 400 { return (n, i + 1) }
        if w == "a" || w == "an" || w == "one" {
            if word(i + 1, end) == "couple" { return (2, word(i + 2, end) == "of" ? i + 3 : i + 2) }
            if word(i + 1, end) == "few" { return (3, i + 2) }
            return (1, i + 1)
        }
        if w == "couple" { return (2, word(i + 1, end) == "of" ? i + 2 : i + 1) }
        if w == "few" { return (3, i + 1) }
        if let (n, next) = Self.numberWords(tokens, i, end), n > 0, n <= 400 { return (n, next) }
        return nil
    }

    func matchDate(_ i: Int, _ end: Int) -> DateMatch? {
        guard let w = word(i, end) else { return nil }
        let token = tokens[i]
        switch w {
        case "today", "tonight", "eod", "cob":
            return DateMatch(date: today, next: i + 1)
        case "tomorrow", "tmrw", "tmr", "tomorow":
            return DateMatch(date: today.adding(days: 1), next: i + 1)
        case "yesterday":
            return DateMatch(date: nil, next: i + 1, past: true)
        case "eow":
            return DateMatch(date: fridayOfThisWeek(), next: i + 1)
        case "eom":
            return DateMatch(date: today.lastDayOfMonth, next: i + 1)
        case "eoy":
            return DateMatch(date: LocalDate(year: today.year, month: 12, day: 31), next: i + 1)
        case "eoq":
            return DateMatch(date: endOfQuarter(), next: i + 1)
        case "christmas", "xmas":
            var next = i + 1
            var day = 25
            if word(next, end) == "eve" {
                day = 24
                next += 1
            } else if word(next, end) == "day" {
                next += 1
            }
            return DateMatch(date: upcoming(month: 12, day: day), next: next)
        case "new":
            if word(i + 1, end) == "year" || word(i + 1, end) == "year's" || word(i + 1, end) == "years" {
                var next = i + 2
                if word(next, end) == "day" { next += 1 }
                if word(next, end) == "eve" { return DateMatch(date: upcoming(month: 12, day: 31), next: next + 1) }
                return DateMatch(date: LocalDate(year: today.year + 1, month: 1, day: 1), next: next)
            }
        case "day":
            if word(i + 1, end) == "after" && word(i + 2, end) == "tomorrow" { return DateMatch(date: today.adding(days: 2), next: i + 3) }
        case "last", "past", "previous":
            if let unit = word(i + 1, end),
                ["week", "month", "year", "time", "quarter", "weekend"].contains(unit) || RequestLexicon.weekdays[unit] != nil
            {
                return DateMatch(date: nil, next: i + 2, past: true)
            }
        case "end", "close":
            return matchEndOf(i, end)
        case "month-end", "year-end", "week-end":
            let kind = String(w.prefix(while: { $0 != "-" }))
            return DateMatch(date: endOf(kind, offset: 0), next: i + 1)
        case "this", "next", "coming", "following", "upcoming":
            return matchRelative(i, end)
        case "in", "within":
            return matchDuration(i, end)
        case "the":
            // "the 25th", "the 3rd of December"
            if let n = ordinalDay(i + 1, end) {
                if let (month, next) = monthAfter(i + 2, end) {
                    let (year, after) = yearAfter(next, end)
                    return DateMatch(date: calendarDate(month: month, day: n, year: year), next: after)
                }
                return DateMatch(date: upcomingDayOfMonth(n), next: i + 2)
            }
        default:
            break
        }
        if let weekday = RequestLexicon.weekdays[w] ?? (w.hasSuffix("'s") ? RequestLexicon.weekdays[String(w.dropLast(2))] : nil) {
            if RequestLexicon.ambiguousWeekdays.contains(w) && !token.capitalised {
                guard let previous = i > 0 ? tokens[i - 1].lower : nil,
                    ["by", "on", "before", "until", "till", "for", "this", "next"].contains(previous)
                else { return nil }
            }
            return weekdayMatch(weekday, modifier: nil, i + 1, end)
        }
        if let month = RequestLexicon.months[w] {
            // "Dec 1", "December 1st, 2026", "Dec the 3rd"
            var k = i + 1
            if word(k, end) == "the" { k += 1 }
            if let day = dayNumber(k, end) {
                let (year, after) = yearAfter(k + 1, end)
                return DateMatch(date: calendarDate(month: month, day: day, year: year), next: after)
            }
            return nil
        }
        if token.kind == .number {
            // "1 Dec", "3rd of December 2026"
            if let day = dayNumber(i, end), let (month, next) = monthAfter(i + 1, end) {
                let (year, after) = yearAfter(next, end)
                return DateMatch(date: calendarDate(month: month, day: day, year: year), next: after)
            }
            return numericDate(i, end)
        }
        return nil
    }

    func matchEndOf(_ i: Int, _ end: Int) -> DateMatch? {
        // end of (the|this|next) day|week|month|year|quarter; close of business
        guard word(i + 1, end) == "of" else { return nil }
        var k = i + 2
        var offset = 0
        if let w = word(k, end), ["the", "this", "next", "current"].contains(w) {
            if w == "next" { offset = 1 }
            k += 1
            if w == "the", word(k, end) == "next" {
                offset = 1
                k += 1
            }
        }
        guard let unit = word(k, end) else { return nil }
        switch unit {
        case "day", "today", "business", "play":
            return DateMatch(date: today.adding(days: offset), next: k + 1)
        case "week", "month", "year", "quarter":
            return DateMatch(date: endOf(unit, offset: offset), next: k + 1)
        default:
            return nil
        }
    }

    func endOf(_ unit: String, offset: Int) -> LocalDate? {
        switch unit {
        case "week":
            return offset == 0 ? fridayOfThisWeek() : mondayOfNextWeek().adding(days: 4)
        case "month":
            return today.withDay(1).adding(months: offset).lastDayOfMonth
        case "year":
            return LocalDate(year: today.year + offset, month: 12, day: 31)
        case "quarter":
            return endOfQuarter()
        default:
            return nil
        }
    }

    func fridayOfThisWeek() -> LocalDate {
        // Monday-start weeks; on a weekend the coming Friday.
        let friday = today.adding(days: 5 - today.weekday)
        return friday < today ? friday.adding(days: 7) : friday
    }

    func mondayOfNextWeek() -> LocalDate { today.adding(days: 8 - today.weekday) }

    func endOfQuarter() -> LocalDate? {
        let lastMonth = ((today.month - 1) / 3 + 1) * 3
        return LocalDate(year: today.year, month: lastMonth, day: LocalDate.daysIn(month: lastMonth, year: today.year))
    }

    func matchRelative(_ i: Int, _ end: Int) -> DateMatch? {
        guard let modifier = word(i, end), let unit = word(i + 1, end) else { return nil }
        if let weekday = RequestLexicon.weekdays[unit] { return weekdayMatch(weekday, modifier: modifier, i + 2, end) }
        let next = modifier != "this"
        switch unit {
        case "week":
            return DateMatch(date: next ? mondayOfNextWeek() : fridayOfThisWeek(), next: i + 2, absolute: false)
        case "weekend":
            let saturday = today.adding(days: 6 - today.weekday)
            return DateMatch(
                date: next ? saturday.adding(days: today.weekday >= 6 ? 7 : 7) : max(saturday, today), next: i + 2, absolute: false)
        case "month":
            if next {
                let first = today.adding(months: 1).withDay(1)
                return DateMatch(date: first, next: i + 2, absolute: false)
            }
            return DateMatch(date: today.lastDayOfMonth, next: i + 2, absolute: false)
        case "year":
            return DateMatch(
                date: next ? LocalDate(year: today.year + 1, month: 1, day: 1) : LocalDate(year: today.year, month: 12, day: 31),
                next: i + 2, absolute: false)
        default:
            return nil
        }
    }

    func weekdayMatch(_ weekday: Int, modifier: String?, _ next: Int, _ end: Int) -> DateMatch {
        var after = next
        // "Monday 23rd", "Monday the 23rd": the day of the month decides.
        var k = next
        if word(k, end) == "," { k += 1 }
        if word(k, end) == "the" { k += 1 }
        if let day = ordinalDay(k, end) ?? plainDay(k, end) {
            if let (month, afterMonth) = monthAfter(k + 1, end) {
                let (year, afterYear) = yearAfter(afterMonth, end)
                return DateMatch(date: calendarDate(month: month, day: day, year: year), next: afterYear)
            }
            return DateMatch(date: upcomingDayOfMonth(day), next: k + 1)
        }
        if word(after, end) == "week" && modifier == nil { after += 1 }  // "Wednesday week"
        let delta = (weekday - today.weekday + 7) % 7
        let coming = today.adding(days: delta == 0 ? 7 : delta)
        switch modifier {
        case "this":
            return DateMatch(date: today.adding(days: delta), next: after)
        case "next":
            let inNextWeek = mondayOfNextWeek().adding(days: weekday - 1)
            if inNextWeek != coming {
                return DateMatch(
                    date: inNextWeek, next: after, alternative: coming,
                    question: "\"Next \(Self.weekdayName(weekday))\": the one in the coming week or this week's?")
            }
            return DateMatch(date: inNextWeek, next: after)
        default:
            return DateMatch(date: coming, next: after)
        }
    }

    static func weekdayName(_ weekday: Int) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][max(0, min(6, weekday - 1))]
    }

    func matchDuration(_ i: Int, _ end: Int) -> DateMatch? {
        var k = i + 1
        if word(k, end) == "the" { k += 1 }
        if let w = word(k, end), w == "next" || w == "coming" { k += 1 }
        var count = 1
        if word(k, end) == "fortnight" || (word(k, end) == "a" && word(k + 1, end) == "fortnight") {
            let at = word(k, end) == "a" ? k + 2 : k + 1
            return DateMatch(date: today.adding(days: 14), next: at, absolute: false)
        }
        if let (n, next) = durationCount(k, end) {
            count = n
            k = next
        } else if word(k, end) == "time" && word(k + 1, end) == "for" {
            return nil
        }
        var business = false
        if let w = word(k, end), ["business", "working", "work", "biz"].contains(w) {
            business = true
            k += 1
        }
        guard let unit = word(k, end) else { return nil }
        switch RequestLexicon.singular(unit) {
        case "day":
            return DateMatch(date: business ? addingBusinessDays(count) : today.adding(days: count), next: k + 1, absolute: false)
        case "week", "wk":
            return DateMatch(date: today.adding(days: 7 * count), next: k + 1, absolute: false)
        case "fortnight":
            return DateMatch(date: today.adding(days: 14 * count), next: k + 1, absolute: false)
        case "month":
            return DateMatch(date: today.adding(months: count), next: k + 1, absolute: false)
        case "hour", "hr", "h":
            // Wall-clock hours, like calendar days: a clock change in between does not move the day.
            let offset = Int64(context.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(context.now) / 1_000))) * 1_000
            let later = context.now + offset + Int64(count) * 3_600_000
            return DateMatch(date: LocalDate.at(later, in: TimeZone(secondsFromGMT: 0)!), next: k + 1, absolute: false)
        default:
            return nil
        }
    }

    func addingBusinessDays(_ count: Int) -> LocalDate {
        var date = today
        var left = count
        while left > 0 {
            date = date.adding(days: 1)
            if date.weekday <= 5 { left -= 1 }
        }
        return date
    }

    /// "25th", "1st", "3rd" as a day of the month.
    func ordinalDay(_ i: Int, _ end: Int) -> Int? {
        guard word(i, end) != nil, tokens[i].kind == .number, ["st", "nd", "rd", "th"].contains(tokens[i].suffix),
            let n = tokens[i].intValue, (1...31).contains(n)
        else { return nil }
        return n
    }

    func plainDay(_ i: Int, _ end: Int) -> Int? {
        guard word(i, end) != nil, tokens[i].kind == .number, tokens[i].suffix.isEmpty, let n = tokens[i].intValue, (1...31).contains(n),
            !tokens[i].raw.contains(",") && !tokens[i].raw.contains(".")
        else { return nil }
        // A plain number right after a weekday is a day only if a month follows or nothing that could be counted does.
        if let next = word(i + 1, end), tokens[i + 1].kind == .word, RequestLexicon.months[next] == nil { return nil }
        return n
    }

    func dayNumber(_ i: Int, _ end: Int) -> Int? {
        guard word(i, end) != nil, tokens[i].kind == .number,
            tokens[i].suffix.isEmpty || ["st", "nd", "rd", "th"].contains(tokens[i].suffix),
            let n = tokens[i].intValue, (1...31).contains(n), !tokens[i].raw.contains(","), !tokens[i].raw.contains(".")
        else { return nil }
        return n
    }

    func monthAfter(_ i: Int, _ end: Int) -> (Int, Int)? {
        var k = i
        if word(k, end) == "of" { k += 1 }
        guard let w = word(k, end), let month = RequestLexicon.months[w] else { return nil }
        return (month, k + 1)
    }

    func yearAfter(_ i: Int, _ end: Int) -> (Int?, Int) {
        var k = i
        if word(k, end) == "," { k += 1 }
        if word(k, end) != nil, tokens[k].kind == .number, tokens[k].suffix.isEmpty, let n = tokens[k].intValue, tokens[k].raw.count == 4,
            (2000...2100).contains(n)
        {
            return (n, k + 1)
        }
        return (nil, i)
    }

    func calendarDate(month: Int, day: Int, year: Int?) -> LocalDate? {
        if let year { return LocalDate(year: year, month: month, day: day) }
        return upcoming(month: month, day: day)
    }

    /// The next `month`/`day` on or after today.
    func upcoming(month: Int, day: Int) -> LocalDate? {
        if let date = LocalDate(year: today.year, month: month, day: day), date >= today { return date }
        return LocalDate(year: today.year + 1, month: month, day: day) ?? LocalDate(year: today.year + 4, month: month, day: day)
    }

    /// The next day `n` of a month, on or after today.
    func upcomingDayOfMonth(_ n: Int) -> LocalDate? {
        var month = today.withDay(1)
        for _ in 0..<3 {
            if let date = LocalDate(year: month.year, month: month.month, day: n), date >= today { return date }
            month = month.adding(months: 1)
        }
        return nil
    }

    /// "2026-12-03", "4/12", "12/5/2026": day/month order follows the time zone (month first in the United States).
    func numericDate(_ i: Int, _ end: Int) -> DateMatch? {
        let token = tokens[i]
        guard let first = token.intValue else { return nil }
        let suffix = token.suffix
        if suffix.hasPrefix("-") {
            let parts = suffix.dropFirst().split(separator: "-")
            guard token.raw.count >= 10, parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
            guard let date = LocalDate(year: first, month: m, day: d) else { return nil }
            return DateMatch(date: date, next: i + 1)
        }
        guard suffix.hasPrefix("/") else { return nil }
        let parts = suffix.dropFirst().split(separator: "/").map { Int($0) }
        guard parts.count == 1 || parts.count == 2, let second = parts[0], (1...31).contains(first), (1...31).contains(second) else {
            return nil
        }
        var year: Int? = nil
        if parts.count == 2 {
            guard let y = parts[1] else { return nil }
            year = y < 100 ? 2000 + y : y
        }
        let monthFirst = Self.monthFirst(context.timeZone)
        var (month, day) = monthFirst ? (first, second) : (second, first)
        if month > 12 { (month, day) = (day, month) }
        guard month <= 12 else { return nil }
        guard let date = calendarDate(month: month, day: day, year: year) else { return nil }
        if first <= 12 && second <= 12 && first != second, let other = calendarDate(month: day, day: month, year: year) {
            return DateMatch(
                date: date, next: i + 1, alternative: other,
                question: "Is \(token.raw) \(Self.dateLabel(date)) or \(Self.dateLabel(other))?")
        }
        return DateMatch(date: date, next: i + 1)
    }

    static func monthFirst(_ zone: TimeZone) -> Bool {
        let id = zone.identifier
        if id.hasPrefix("US/") || id == "Pacific/Honolulu" || id == "America/Puerto_Rico" { return true }
        let american = [
            "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Phoenix", "America/Anchorage",
            "America/Detroit", "America/Boise", "America/Indiana", "America/Kentucky", "America/North_Dakota", "America/Adak",
            "America/Juneau", "America/Sitka", "America/Nome", "America/Yakutat", "America/Metlakatla", "America/Menominee",
            "America/Louisville", "America/Indianapolis",
        ]
        return american.contains(where: { id.hasPrefix($0) })
    }
}

extension LocalDate {
    func withDay(_ day: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: min(max(1, day), LocalDate.daysIn(month: month, year: year))) ?? self
    }
}
