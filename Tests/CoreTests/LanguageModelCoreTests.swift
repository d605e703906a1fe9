import Foundation
import Testing

@testable import QuartermasterCore

private let context = RequestParseContext(
    now: 1_795_000_000_000, timeZone: TimeZone(identifier: "UTC")!, defaultCurrency: CurrencyCode("USD")!, knownVendors: ["Staples"])

private func json(_ text: String) -> JSONValue { try! JSONReader.parse(text) }

@Suite struct JSONSchemaValidatorTests {
    static let schema = json(
        """
        {"type":"object","properties":{
          "name":{"type":"string","minLength":1,"maxLength":5},
          "count":{"type":"integer","minimum":1,"maximum":10},
          "price":{"type":["number","null"],"exclusiveMinimum":0},
          "colour":{"enum":["red","green"]},
          "tags":{"type":"array","items":{"type":"string"},"maxItems":2}},
         "required":["name","count"],"additionalProperties":false}
        """)

    @Test func aMatchingValueHasNoProblems() {
        let value = json(#"{"name":"pen","count":3,"price":null,"colour":"red","tags":["a"]}"#)
        #expect(JSONSchemaValidator.problems(in: value, against: Self.schema) == [])
        #expect(JSONSchemaValidator.problems(in: json(#"{"name":"pen","count":3.0,"price":1.5}"#), against: Self.schema) == [])
    }

    @Test func eachKeywordReportsItsPath() {
        func problems(_ text: String) -> [String] { JSONSchemaValidator.problems(in: json(text), against: Self.schema) }
        #expect(problems(#"{"count":1}"#) == [#"$: lacks the required property "name""#])
        #expect(problems(#"{"name":"pen","count":1.5}"#) == ["$.count: must be an integer, not a number"])
        #expect(problems(#"{"name":"pen","count":0}"#) == ["$.count: must be at least 1"])
        #expect(problems(#"{"name":"pen","count":11}"#) == ["$.count: must be at most 10"])
        #expect(problems(#"{"name":"pen","count":1,"price":0}"#) == ["$.price: must be more than 0"])
        #expect(problems(#"{"name":"pen","count":1,"price":"1"}"#) == ["$.price: must be a number or null, not a string"])
        #expect(problems(#"{"name":"pen","count":1,"colour":"blue"}"#) == [#"$.colour: must be one of "red", "green""#])
        #expect(problems(#"{"name":"pen","count":1,"tags":["a",2]}"#) == ["$.tags[1]: must be a string, not a number"])
        #expect(problems(#"{"name":"pen","count":1,"tags":["a","b","c"]}"#) == ["$.tags: must have at most 2 items"])
        #expect(problems(#"{"name":"","count":1}"#) == ["$.name: must have at least 1 characters"])
        #expect(problems(#"{"name":"pen","count":1,"extra":true}"#) == [#"$: has the unexpected property "extra""#])
        #expect(problems("[]") == ["$: must be an object, not an array"])
    }

    @Test func anyOfConstAndSchemaValuedAdditionalProperties() {
        let schema = json(
            #"{"anyOf":[{"type":"string"},{"type":"object","additionalProperties":{"type":"integer"}}]}"#)
        #expect(JSONSchemaValidator.problems(in: json(#""x""#), against: schema) == [])
        #expect(JSONSchemaValidator.problems(in: json(#"{"a":1}"#), against: schema) == [])
        #expect(JSONSchemaValidator.problems(in: json(#"{"a":"1"}"#), against: schema) == ["$: matches none of the allowed shapes"])
        #expect(JSONSchemaValidator.problems(in: json("2"), against: json(#"{"const":2.0}"#)) == [])
        #expect(JSONSchemaValidator.problems(in: json("3"), against: json(#"{"const":2}"#)) == ["$: must be 2"])
    }

    @Test func theRequisitionSchemaAcceptsTheParsersAnswer() {
        let parsed = RequestParser.parse(
            "3 office chairs under $120 each and 2 boxes of 12 pens, budget 2k by 2026-12-01", context: context)
        let answer = RequisitionAnswer.answer(from: parsed)
        #expect(JSONSchemaValidator.problems(in: answer, against: RequisitionAnswer.schema) == [])
    }
}

@Suite struct ModelAnswerCheckTests {
    static let text = "Please get 3 office chairs under $120 each, twenty-five blue pens and a stapler. Budget 2k, by 2026-12-01."

    static func answer(quantity: Int = 3, price: String = "120", budget: String = "2000", pens: Int = 25) -> JSONValue {
        json(
            """
            {"lines":[
              {"description":"office chair","quantity":\(quantity),"unit":"EA","pack_size":null,"attributes":[],"max_unit_price":\(price)},
              {"description":"blue pen","quantity":\(pens),"unit":"EA","pack_size":null,"attributes":["blue"],"max_unit_price":null},
              {"description":"stapler","quantity":1,"unit":"each","pack_size":null,"attributes":[],"max_unit_price":null}],
             "budget":\(budget),"need_by":"2026-12-01","deliver_to":null}
            """)
    }

    static func check(_ answer: JSONValue) -> Result<ModelAnswerCheck.Reading, ModelAnswerCheck.Rejection> {
        ModelAnswerCheck.check(answer, text: text, parsed: RequestParser.parse(text, context: context))
    }

    @Test func numbersWrittenInTheTextAreAccepted() throws {
        let reading = try Self.check(Self.answer()).get()
        #expect(reading.lines.map(\.quantity) == [3, 25, 1])
        #expect(reading.lines.map(\.unit) == ["EA", "EA", "EA"])
        #expect(reading.lines[0].maxUnitPrice == FixedDecimal(120))
        #expect(reading.budget == FixedDecimal(2_000))
        #expect(reading.needBy == LocalDate(year: 2026, month: 12, day: 1))
    }

    @Test func anInventedQuantityOrPriceIsRefused() {
        guard case .failure(let rejection) = Self.check(Self.answer(quantity: 30, price: "99.5", budget: "2500")) else {
            Issue.record("an invented number was accepted")
            return
        }
        #expect(
            rejection.reasons == [
                "line 1: the quantity 30 is not in the request", "line 1: the price 99.5 is not in the request",
                "the budget 2500 is not in the request",
            ])
    }

    @Test func aShapeThatBreaksTheSchemaIsRefused() {
        guard case .failure(let rejection) = Self.check(json(#"{"lines":[]}"#)) else {
            Issue.record("a broken answer was accepted")
            return
        }
        #expect(rejection.reasons.contains(#"$: lacks the required property "budget""#))
        let noLines = json(#"{"lines":[],"budget":null,"need_by":null,"deliver_to":null}"#)
        guard case .failure(let empty) = Self.check(noLines) else {
            Issue.record("an empty reading was accepted where the parser read lines")
            return
        }
        #expect(empty.reasons == ["the model read no line where the parser read 3"])
    }
}

/// A model that answers with a fixed result, for the fallback.
private struct FixedModel: LanguageModel {
    let result: Result<ChatResponse, ModelError>
    var name: String { "fixed" }
    var capabilities: ModelCapabilities { BuiltinLanguageModel(context: context).capabilities }
    func chat(_ request: ChatRequest) async throws(ModelError) -> ChatResponse { try result.get() }
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatStreamEvent, any Error> { streamByChatting(request) }
}

@Suite struct ModelUnderstandingTests {
    @Test func aFailingModelFallsBackToTheParserAndSaysWhy() async {
        let outcome = await ModelUnderstanding.read(
            ModelAnswerCheckTests.text, context: context, model: FixedModel(result: .failure(.timeout(milliseconds: 500))))
        #expect(outcome.model == "builtin")
        #expect(outcome.fallbackReason == "the model did not answer within 500 ms")
        #expect(outcome.requisition.lines.map(\.quantity) == [3, 25, 1])
    }

    @Test func aCheckedReadingIsUsedAndARefusedOneIsNot() async {
        let good = ChatResponse(
            message: .assistant("…"), usage: TokenUsage(promptTokens: 100, completionTokens: 40, reported: true), model: "m",
            structured: ModelAnswerCheckTests.answer())
        let used = await ModelUnderstanding.read(ModelAnswerCheckTests.text, context: context, model: FixedModel(result: .success(good)))
        #expect(used.model == "fixed" && used.fallbackReason == nil)
        #expect(used.requisition.lines.map(\.description) == ["office chair", "blue pen", "stapler"])
        #expect(used.usage.totalTokens == 140)

        var invented = good
        invented.structured = ModelAnswerCheckTests.answer(pens: 250)
        let refused = await ModelUnderstanding.read(
            ModelAnswerCheckTests.text, context: context, model: FixedModel(result: .success(invented)))
        #expect(refused.model == "builtin")
        #expect(refused.fallbackReason == "the model's reading was refused: line 2: the quantity 250 is not in the request")
        #expect(refused.usage.totalTokens == 140)
    }
}

@Suite struct BuiltinLanguageModelTests {
    @Test func itAnswersTheRequisitionSchemaWithTheParser() async throws {
        let model = BuiltinLanguageModel(context: context)
        let response = try await model.chat(RequisitionAnswer.request(for: ModelAnswerCheckTests.text, context: context))
        let answer = try #require(response.structured)
        #expect(JSONSchemaValidator.problems(in: answer, against: RequisitionAnswer.schema) == [])
        #expect(answer == (try JSONReader.parse(response.text)))
        let parsed = RequestParser.parse(ModelAnswerCheckTests.text, context: context)
        #expect((try? ModelAnswerCheck.check(answer, text: ModelAnswerCheckTests.text, parsed: parsed).get()) != nil)
    }

    @Test func itWritesTheSameThoughtEveryTimeAndCallsNoTools() async throws {
        let model = BuiltinLanguageModel(context: context)
        let request = ChatRequest(messages: [.user("2 reams of A4 paper from Staples, budget $50")])
        let first = try await model.chat(request)
        let second = try await model.chat(request)
        #expect(first.text == second.text)
        #expect(first.text.hasPrefix("The request asks for 2 RM a4 paper."))
        #expect(first.text.contains("The budget is 50.00 USD."))
        let forced = ChatRequest(
            messages: [.user("x")], tools: [ToolDefinition(name: "t", description: "", parameters: .object([]))], toolChoice: .required)
        await #expect(throws: ModelError.unsupported("the built-in model calls no tools")) { try await model.chat(forced) }
        var events: [ChatStreamEvent] = []
        for try await event in model.stream(request) { events.append(event) }
        #expect(events.first == .text(first.text))
        #expect(events.last == .finished(first))
    }
}

@Suite struct ModelPriceTableTests {
    @Test func costIsPricePerMillionTokensRoundedToTenThousandths() {
        let table = ModelPriceTable.openAIList
        let usage = TokenUsage(promptTokens: 1_000_000, completionTokens: 500_000, reported: true)
        #expect(table.cost(of: usage, model: "gpt-4o") == Money(FixedDecimal(parsing: "7.5")!, CurrencyCode("USD")!))
        // Dated snapshots are priced as their family; the longest prefix wins (gpt-4o-mini, not gpt-4o).
        let small = TokenUsage(promptTokens: 1_234, completionTokens: 567, reported: true)
        // 1234 × 0.15 + 567 × 0.60 = 525.3 per million = 0.0005253 → 0.0005
        #expect(table.cost(of: small, model: "gpt-4o-mini-2024-07-18")?.amount == FixedDecimal(parsing: "0.0005"))
        #expect(
            table.cost(of: TokenUsage(promptTokens: 500, reported: true), model: "gpt-4.1-nano")?.amount == FixedDecimal(parsing: "0.0001"))
        #expect(table.cost(of: small, model: "llama-3") == nil)
        #expect(table.price(of: "gpt-4.1-mini-2025")?.prompt == FixedDecimal(parsing: "0.40"))
    }

    @Test func aLedgerSumsCallsAndCosts() {
        let ledger = ModelUsageLedger()
        let price = ModelPriceTable.openAIList
        for _ in 0..<3 {
            let usage = TokenUsage(promptTokens: 100_000, completionTokens: 10_000, reported: true)
            ledger.record(
                ModelCallRecord(
                    model: "gpt-4o", usage: usage, cost: price.cost(of: usage, model: "gpt-4o"), milliseconds: 5, succeeded: true))
        }
        #expect(ledger.usage == TokenUsage(promptTokens: 300_000, completionTokens: 30_000, reported: true))
        #expect(ledger.cost == [CurrencyCode("USD")!: FixedDecimal(parsing: "1.05")!])
    }
}

@Suite struct ServerSentEventParserTests {
    static let stream =
        "\u{FEFF}: keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\nevent: note\ndata: first\ndata: second\nid: 7\n\n"
        + "data:no-space\r\rdata: caf\u{E9} \u{1F600}\n\ndata: [DONE]\n\ndata: unfinished"

    static let expected = [
        ServerSentEvent(data: "{\"a\":1}"), ServerSentEvent(event: "note", data: "first\nsecond", id: "7"),
        ServerSentEvent(data: "no-space", id: "7"), ServerSentEvent(data: "caf\u{E9} \u{1F600}", id: "7"),
        ServerSentEvent(data: "[DONE]", id: "7"),
    ]

    @Test func wholeStream() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array(Self.stream.utf8)) == Self.expected)
    }

    /// Every split into two chunks, and byte by byte: between CR and LF, inside "data:", inside the
    /// UTF-8 of é and 😀.
    @Test func chunksSplitAnywhere() {
        let bytes = Array(Self.stream.utf8)
        for cut in 0...bytes.count {
            var parser = ServerSentEventParser()
            let events = parser.feed(bytes[..<cut]) + parser.feed(bytes[cut...])
            #expect(events == Self.expected, "split at byte \(cut)")
        }
        var parser = ServerSentEventParser()
        #expect(bytes.flatMap { parser.feed([$0]) } == Self.expected)
    }
}

@Suite struct ChatStreamAccumulatorTests {
    @Test func toolCallPiecesAreJoinedByIndex() {
        var accumulator = ChatStreamAccumulator(model: "m")
        accumulator.add(ChatDelta(content: "", model: "m-1"))
        accumulator.add(ChatDelta(toolCalls: [ToolCallDelta(index: 0, id: "a", name: "find", arguments: "")]))
        accumulator.add(ChatDelta(toolCalls: [ToolCallDelta(index: 1, id: "b", name: "price", arguments: "{\"sku\"")]))
        accumulator.add(
            ChatDelta(toolCalls: [ToolCallDelta(index: 0, arguments: "{\"q\":"), ToolCallDelta(index: 1, arguments: ":\"x\"}")]))
        accumulator.add(ChatDelta(toolCalls: [ToolCallDelta(index: 0, arguments: "\"pens\"}")], finishReason: "tool_calls"))
        accumulator.add(ChatDelta(usage: TokenUsage(promptTokens: 9, completionTokens: 4, reported: true)))
        let response = accumulator.response
        #expect(
            response.toolCalls == [
                ToolCall(id: "a", name: "find", arguments: "{\"q\":\"pens\"}"),
                ToolCall(id: "b", name: "price", arguments: "{\"sku\":\"x\"}"),
            ])
        #expect(response.message.content == nil)
        #expect(response.finishReason == "tool_calls" && response.model == "m-1" && response.usage.totalTokens == 13)
        #expect((try? response.toolCalls[0].argumentValues()) == json(#"{"q":"pens"}"#))
    }

    @Test func aNewIdAtTheSameIndexIsANewCall() {
        var accumulator = ChatStreamAccumulator(model: "m")
        accumulator.add(ChatDelta(toolCalls: [ToolCallDelta(index: 0, id: "a", name: "x", arguments: "{}")]))
        accumulator.add(ChatDelta(toolCalls: [ToolCallDelta(index: 0, id: "b", name: "y", arguments: "{}")]))
        #expect(accumulator.response.toolCalls.map(\.id) == ["a", "b"])
    }
}

@Suite struct ModelRetryTests {
    static let policy = RetryPolicy(maxAttempts: 4, baseDelayMilliseconds: 500, maxDelayMilliseconds: 8_000)
    /// 2026-01-01T00:00:00Z.
    static let now: Int64 = 1_767_225_600_000

    static func decide(_ failure: ModelAttemptFailure, attempt: Int = 1, jitter: Double = 0) -> ModelRetry.Decision {
        ModelRetry.decide(failure, attempt: attempt, policy: policy, jitter: jitter, now: now)
    }

    @Test func theServersWaitWins() {
        #expect(Self.decide(.status(429, body: "", retryAfterMilliseconds: "1200", retryAfter: "9")) == .retry(afterMilliseconds: 1_200))
        #expect(Self.decide(.status(503, body: "", retryAfter: "2")) == .retry(afterMilliseconds: 2_000))
        #expect(Self.decide(.status(429, body: "", retryAfter: "0.25")) == .retry(afterMilliseconds: 250))
        #expect(Self.decide(.status(429, body: "", retryAfter: "Thu, 01 Jan 2026 00:00:03 GMT")) == .retry(afterMilliseconds: 3_000))
        // A wait beyond the policy's ceiling is not waited for.
        #expect(Self.decide(.status(429, body: "slow down", retryAfter: "60")) == .fail(.http(status: 429, body: "slow down")))
        // Unreadable headers fall back to the backoff: attempt 2 → cap 1000, half + jitter.
        #expect(Self.decide(.status(500, body: "", retryAfter: "soon"), attempt: 2, jitter: 0.5) == .retry(afterMilliseconds: 750))
    }

    @Test func whatIsRetriedAndWhatIsNot() {
        for status in [408, 409, 429, 500, 502, 503, 504] {
            #expect(Self.decide(.status(status, body: "")) == .retry(afterMilliseconds: 250), "status \(status)")
        }
        #expect(Self.decide(.connection("refused")) == .retry(afterMilliseconds: 250))
        for status in [400, 401, 403, 404, 422] {
            #expect(Self.decide(.status(status, body: "")) == .fail(.http(status: status, body: "")), "status \(status)")
        }
        let quota = #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#
        #expect(
            Self.decide(.status(429, body: quota, retryAfterMilliseconds: "10"))
                == .fail(.quotaExhausted("You exceeded your current quota (insufficient_quota)")))
        #expect(Self.decide(.timeout(milliseconds: 900)) == .fail(.timeout(milliseconds: 900)))
        #expect(Self.decide(.connection("reset"), attempt: 4) == .fail(.connection("reset")))
    }
}

@Suite struct ChatRequestFingerprintTests {
    @Test func equalRequestsHaveEqualKeysAndAnyChangeChangesIt() {
        let request = RequisitionAnswer.request(for: "3 chairs", context: context)
        #expect(request.fingerprint(model: "openai:gpt-4o-mini") == request.fingerprint(model: "openai:gpt-4o-mini"))
        #expect(request.fingerprint(model: "openai:gpt-4o-mini").count == 64)
        #expect(request.fingerprint(model: "openai:gpt-4o-mini") != request.fingerprint(model: "openai:gpt-4o"))
        var other = request
        other.temperature = 0.5
        #expect(other.fingerprint(model: "m") != request.fingerprint(model: "m"))
        // Codable round trip keeps the key.
        let copy = try! JSONDecoder().decode(ChatRequest.self, from: JSONEncoder().encode(request))
        #expect(copy.fingerprint(model: "m") == request.fingerprint(model: "m"))
    }
}

@Suite struct ModelThoughtTests {
    @Test func aThoughtMayOnlyRepeatTheNumbersItWasGiven() {
        let facts =
            "Quote: 2 line(s) from 1 vendor(s), items 1,050.00 + shipping 0.00 = 1050.00 USD\nsaves 70.00 against the best single vendor"
        #expect(ModelAnswerCheck.numbersKept("Two lines from one vendor for 1,050.00 USD, saving 70.00.", within: facts))
        #expect(!ModelAnswerCheck.numbersKept("I bought 1000 chairs for 99.99.", within: facts))
        #expect(ModelAnswerCheck.numbersKept("The cheapest vendor was chosen.", within: facts))
    }
}
