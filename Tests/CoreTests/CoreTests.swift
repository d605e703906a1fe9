import Testing

@testable import QuartermasterCore

@Suite struct RetryPolicyTests {
    @Test func delaysGrowExponentiallyWithinTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 8_000)
        // jitter 0 gives half the cap, jitter ~1 gives the cap.
        #expect(policy.decide(afterFailedAttempt: 1, jitter: 0) == .retry(afterMilliseconds: 500))
        #expect(policy.decide(afterFailedAttempt: 2, jitter: 0) == .retry(afterMilliseconds: 1_000))
        #expect(policy.decide(afterFailedAttempt: 3, jitter: 0) == .retry(afterMilliseconds: 2_000))
        #expect(policy.decide(afterFailedAttempt: 9, jitter: 0) == .retry(afterMilliseconds: 4_000))
        guard case .retry(let high) = policy.decide(afterFailedAttempt: 9, jitter: 0.999_999) else {
            Issue.record("expected a retry")
            return
        }
        #expect(high <= 8_000 && high >= 7_990)
    }

    @Test func deadLettersAfterTheLastAttempt() {
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.decide(afterFailedAttempt: 3, jitter: 0.5) == .deadLetter)
        #expect(policy.decide(afterFailedAttempt: 2, jitter: 0.5) != .deadLetter)
    }

    @Test func hugeAttemptNumbersDoNotOverflow() {
        let policy = RetryPolicy(maxAttempts: 1_000, baseDelayMilliseconds: 1_000, maxDelayMilliseconds: 60_000)
        #expect(policy.decide(afterFailedAttempt: 500, jitter: 0) == .retry(afterMilliseconds: 30_000))
    }
}

@Suite struct TokenBucketTests {
    @Test func allowsABurstThenRefillsAtTheRate() {
        var bucket = TokenBucket(capacity: 3, refillPerSecond: 1, now: 0)
        #expect(bucket.take(now: 0) == .allowed(remaining: 2))
        #expect(bucket.take(now: 0) == .allowed(remaining: 1))
        #expect(bucket.take(now: 0) == .allowed(remaining: 0))
        #expect(bucket.take(now: 0.1) == .denied(retryAfterSeconds: 1))
        #expect(bucket.take(now: 1.2) == .allowed(remaining: 0))
        #expect(bucket.isFull(now: 100))
    }

    @Test func retryAfterRoundsUpForSlowRates() {
        var bucket = TokenBucket(capacity: 1, refillPerSecond: 1.0 / 60, now: 0)
        _ = bucket.take(now: 0)
        #expect(bucket.take(now: 0) == .denied(retryAfterSeconds: 60))
        #expect(bucket.secondsUntilAvailable(now: 30) == 30)
        #expect(bucket.secondsUntilAvailable(now: 61) == 0)
    }
}

@Suite struct RecurringScheduleTests {
    @Test func slotsAlignToTheEpochSoInstancesAgree() {
        let schedule = RecurringSchedule(name: "cleanup", jobKind: "maintenance.cleanup", intervalSeconds: 3_600)
        #expect(schedule.slotStart(atMilliseconds: 7_200_000) == 7_200_000)
        #expect(schedule.slotStart(atMilliseconds: 7_199_999) == 3_600_000)
        #expect(schedule.idempotencyKey(atMilliseconds: 3_600_001) == schedule.idempotencyKey(atMilliseconds: 7_199_999))
        #expect(schedule.idempotencyKey(atMilliseconds: 3_600_001) != schedule.idempotencyKey(atMilliseconds: 7_200_000))
    }
}

@Suite struct ValidationTests {
    @Test func collectsEveryFieldError() {
        var validator = Validator()
        validator.text("name", "   ", maxLength: 10)
        validator.email("email", "not-an-email")
        validator.password("password", "short")
        validator.text("organization", String(repeating: "x", count: 11), maxLength: 10)
        validator.text("title", "bad\u{0007}bell", maxLength: 50)
        #expect(validator.errors.map(\.field) == ["name", "email", "password", "organization", "title"])
        #expect(throws: ValidationFailure.self) { try validator.check() }
    }

    @Test(arguments: ["ann@acme.com", "first.last+tag@sub.example.org", "x@y.io"])
    func acceptsPlausibleEmails(_ email: String) {
        #expect(EmailAddress.isPlausible(email))
    }

    @Test(arguments: [
        "", "ann", "ann@", "@acme.com", "ann@acme", "ann@@acme.com", "a b@acme.com", "ann@acme..com", "ann@ac_me.com",
        "'; DROP TABLE users;--@x.com",
    ])
    func rejectsImplausibleEmails(_ email: String) {
        #expect(!EmailAddress.isPlausible(email))
    }

    @Test func normalisesEmailAndTrimsText() {
        var validator = Validator()
        #expect(validator.email("email", "  Ann@ACME.com ") == "ann@acme.com")
        #expect(validator.text("name", "\n Ann \t", maxLength: 10) == "Ann")
        #expect(validator.errors.isEmpty)
    }

    @Test func passwordsOver72BytesAreRefusedNotTruncated() {
        var validator = Validator()
        validator.password("password", String(repeating: "é", count: 40))  // 80 bytes
        #expect(validator.errors == [FieldError(field: "password", message: "must be at most 72 bytes")])
    }

    @Test func rolesParseAndReportUnknownNames() throws {
        #expect(try Role.parse(["Buyer", "admin", "buyer"]).get() == [.admin, .buyer])
        guard case .failure(let error) = Role.parse(["admin", "root"]) else {
            Issue.record("expected failure")
            return
        }
        #expect(error.field == "roles[1]")
    }
}

@Suite struct FormattingTests {
    @Test(arguments: [
        ("Acme Corp.", "acme-corp"), ("Café Lisboa, Lda.", "cafe-lisboa-lda"), ("  ", "org"), ("Ærø & Sønner", "aero-sonner"),
        ("日本", "org"),
    ])
    func slugs(_ name: String, _ expected: String) {
        #expect(Slug.make(from: name) == expected)
    }

    @Test func instantsFormatAsRFC3339() {
        #expect(Instant.iso8601(0) == "1970-01-01T00:00:00.000Z")
        #expect(Instant.iso8601(1_795_256_092_120) == "2026-11-21T10:14:52.120Z")
        #expect(Instant.iso8601(951_782_400_000) == "2000-02-29T00:00:00.000Z")
        #expect(Instant.iso8601(-1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func principalsRoleChecks() {
        let principal = Principal(userID: "u", organizationID: "o", roles: [.buyer], credential: .apiKey(id: "k"))
        #expect(principal.holdsAny(of: [.buyer, .admin]))
        #expect(!principal.holdsAny(of: [.admin]))
        #expect(principal.credentialKey == "key:k")
    }
}
