import Foundation
import Testing

@testable import QuartermasterCore

/// A purchase order with the awkward parts real ones have (markup characters, accents, a
/// discount, several lines), the envelope to send it in, and the command-line checkers.
enum PurchasingFixtures {
    static let usd = CurrencyCode("USD")!
    /// 2026-03-02T09:30:00Z
    static let orderDate: Int64 = 1_772_443_800_000

    static func decimal(_ text: String) -> FixedDecimal { FixedDecimal(parsing: text)! }

    static let buyer = Party(
        id: "org-acme", name: "Acme & Sons <Lisbon>",
        address: PostalAddress(
            street: ["Rua Augusta 12", "3º andar"], city: "Lisboa", postalCode: "1100-053", countryCode: "PT", countryName: "Portugal"),
        contact: Contact(name: "Inês Duarte", email: "ines@acme.example", phone: "+351 21 000 0000"))

    static let supplier = Party(
        id: "vendor-officeco", name: "OfficeCo Supplies",
        address: PostalAddress(street: ["500 Market St"], city: "San Francisco", region: "CA", postalCode: "94105", countryCode: "US"),
        contact: Contact(name: "Sam Lee", email: "orders@officeco.example"))

    static let warehouse = Party(
        id: "loc-lisbon", name: "Acme Lisbon warehouse",
        address: PostalAddress(
            street: ["Avenida da Índia 10"], city: "Lisboa", postalCode: "1300-299", countryCode: "PT", countryName: "Portugal"),
        contact: Contact(name: "Receiving desk", email: "receiving@acme.example"))

    static func line(_ number: Int, quantity: Int = 10, price: String = "4.25") -> PurchaseOrderLine {
        PurchaseOrderLine(
            lineNumber: number, buyerPartID: "ACME-\(number)", supplierPartID: "OC-\(1000 + number)",
            description: "Copy paper A4 80 g/m², 500 sheets (\"Premium\") — line \(number)", quantity: quantity,
            unit: UnitOfMeasure("RM")!, unitPrice: decimal(price), requestedDeliveryDate: LocalDate(year: 2026, month: 3, day: 16),
            costCentre: "CC-\(100 + number % 3)", unspsc: "14111507")
    }

    static func order(lines: Int = 3) -> PurchaseOrder {
        PurchaseOrder(
            number: PurchaseOrderNumber("PO-2026-000123")!, orderDate: orderDate, vendorID: "officeco", requestID: "req-42",
            currency: usd, buyer: buyer, billTo: buyer, shipTo: warehouse, supplier: supplier,
            paymentTerms: PaymentTerms(netDays: 30, discountPercent: decimal("2"), discountDays: 10),
            incoterms: Incoterms(.dap, place: "Lisbon"),
            shipping: PurchaseOrderCharge(amount: decimal("15.00"), description: "Standard delivery"),
            tax: PurchaseOrderCharge(amount: decimal("9.78"), description: "VAT 23%"),
            lines: (1...lines).map { line($0, quantity: 10 + $0, price: $0 % 2 == 0 ? "12.50" : "4.25") },
            terms: [
                "Deliveries between 08:00 and 16:00 on working days.",
                "Invoices must quote the purchase order number; goods & services not ordered will be returned.",
            ])
    }

    static let envelope = CXMLEnvelope(
        payloadID: "1772443800000.PO-2026-000123-1@quartermaster.example", timestamp: orderDate,
        from: CXMLCredential(domain: "NetworkID", identity: "AN-ACME"), to: CXMLCredential(domain: "DUNS", identity: "123456789"),
        sender: CXMLCredential(domain: "NetworkID", identity: "AN-ACME", sharedSecret: "s3cr&t"), isTest: true)

    // MARK: Checkers

    static var schemas: URL {
        if let path = ProcessInfo.processInfo.environment["QUARTERMASTER_SCHEMAS"] { return URL(fileURLWithPath: path) }
        // Tests/CoreTests/PurchasingFixtures.swift → the repository → its sibling `shared`.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/schemas")
    }

    struct ToolResult {
        var status: Int32
        var output: String
    }

    /// Runs a command-line tool on `contents` written to a temporary file (the tool must be installed:
    /// a missing tool fails the test rather than skipping it). The tool runs and is waited for on a
    /// thread of its own: blocking a thread of the concurrency pool (two on this machine) for the
    /// second an XSD check takes stalled every other test of the suite meanwhile.
    static func run(
        _ tool: String, _ arguments: [String], on contents: Data, suffix: String, then trailing: [String] = []
    ) async throws -> ToolResult {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ToolResult, any Error>) in
            Thread {
                continuation.resume(with: Result { try runWaiting(tool, arguments, on: contents, suffix: suffix, then: trailing) })
            }.start()
        }
        if result.status == 127 {
            Issue.record("\(tool) is not installed (scripts/test.sh installs libxml2-utils and poppler-utils)")
        }
        return result
    }

    private static func runWaiting(
        _ tool: String, _ arguments: [String], on contents: Data, suffix: String, then trailing: [String]
    ) throws -> ToolResult {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("qm-\(UUID().uuidString)\(suffix)")
        try contents.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments + [file.path] + trailing
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ToolResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }

    /// The text of a PDF, laid out as on the page (poppler's `pdftotext -layout`).
    static func pdftotext(_ pdf: Data) async throws -> ToolResult {
        try await run("pdftotext", ["-layout"], on: pdf, suffix: ".pdf", then: ["-"])
    }

    /// `xmllint --noout --dtdvalid`: the document against a cXML DTD (`cXML.dtd` or `Fulfill.dtd`).
    static func validateDTD(_ document: String, dtd: String) async throws -> ToolResult {
        let path = schemas.appendingPathComponent("cxml-1.2.063/\(dtd)").path
        #expect(FileManager.default.fileExists(atPath: path), "missing \(path)")
        return try await run("xmllint", ["--noout", "--nonet", "--dtdvalid", path], on: Data(document.utf8), suffix: ".xml")
    }

    /// `xmllint --noout --schema`: the document against the UBL 2.1 Order schema.
    static func validateUBL(_ document: String) async throws -> ToolResult {
        let path = schemas.appendingPathComponent("ubl-2.1/maindoc/UBL-Order-2.1.xsd").path
        #expect(FileManager.default.fileExists(atPath: path), "missing \(path)")
        return try await run("xmllint", ["--noout", "--nonet", "--schema", path], on: Data(document.utf8), suffix: ".xml")
    }
}
