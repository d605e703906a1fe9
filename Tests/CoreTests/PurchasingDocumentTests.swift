import Foundation
import Testing

@testable import QuartermasterCore

/// The documents a purchase order travels as, checked with the real tools: cXML against the cXML
/// DTDs and UBL against the UBL 2.1 XSDs with `xmllint`, PDFs read back with poppler's `pdftotext`
/// and `pdfinfo`. A missing tool fails these tests (scripts/test.sh installs them).
@Suite struct PurchasingDocumentTests {
    static let order = PurchasingFixtures.order()

    static func expectValid(_ result: PurchasingFixtures.ToolResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "\(result.output)", sourceLocation: sourceLocation)
    }

    // MARK: cXML OrderRequest

    @Test func aNewOrderIsAValidCXMLOrderRequest() async throws {
        let xml = CXMLOrderRequest.render(Self.order, envelope: PurchasingFixtures.envelope)
        Self.expectValid(try await PurchasingFixtures.validateDTD(xml, dtd: "cXML.dtd"))
        #expect(xml == CXMLOrderRequest.render(Self.order, envelope: PurchasingFixtures.envelope))  // deterministic
        for expected in [
            #"<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/cXML.dtd">"#,
            #"payloadID="1772443800000.PO-2026-000123-1@quartermaster.example" timestamp="2026-03-02T09:30:00+00:00" version="1.2.063""#,
            #"<Request deploymentMode="test">"#,
            #"<OrderRequestHeader orderID="PO-2026-000123" orderDate="2026-03-02T09:30:00+00:00" type="new" orderVersion="1" requisitionID="req-42">"#,
            #"<Money currency="USD">252.00</Money>"#,
            #"<SharedSecret>s3cr&amp;t</SharedSecret>"#,
            #"<Name xml:lang="en-US">Acme &amp; Sons &lt;Lisbon&gt;</Name>"#,
            #"<ItemOut quantity="12" lineNumber="2" requestedDeliveryDate="2026-03-16">"#,
            "<SupplierPartID>OC-1002</SupplierPartID>", "<BuyerPartID>ACME-2</BuyerPartID>", "<UnitOfMeasure>RM</UnitOfMeasure>",
            #"<AccountingSegment id="CC-102">"#, #"<TransportTerms value="Other">DAP Lisbon (Incoterms 2020)</TransportTerms>"#,
            #"<PaymentTerm payInNumberOfDays="30"/>"#, #"<DiscountPercent percent="2"/>"#,
        ] {
            #expect(xml.contains(expected), "missing \(expected)")
        }
        #expect(!xml.contains("DocumentReference"))
    }

    @Test func changeAndCancelOrdersReferToTheDocumentTheyReplace() async throws {
        let revised = Self.order.revised(at: PurchasingFixtures.orderDate + 86_400_000) { $0.lines[0].quantity = 20 }
        let change = CXMLOrderRequest.render(
            revised, operation: .update(replacingPayloadID: "first@qm"), envelope: PurchasingFixtures.envelope)
        Self.expectValid(try await PurchasingFixtures.validateDTD(change, dtd: "cXML.dtd"))
        #expect(change.contains(#"orderDate="2026-03-03T09:30:00+00:00" type="update" orderVersion="2""#))
        #expect(change.contains(#"<DocumentReference payloadID="first@qm"/>"#))
        #expect(change.contains(#"<ItemOut quantity="20" lineNumber="1""#))
        let cancel = CXMLOrderRequest.render(
            revised, operation: .delete(replacingPayloadID: "second@qm"), envelope: PurchasingFixtures.envelope)
        Self.expectValid(try await PurchasingFixtures.validateDTD(cancel, dtd: "cXML.dtd"))
        #expect(cancel.contains(#"type="delete" orderVersion="2""#))
        #expect(cancel.contains(#"<DocumentReference payloadID="second@qm"/>"#))
    }

    @Test func aMinimalOrderIsValidToo() async throws {
        var order = Self.order
        order.incoterms = nil
        order.shipping = nil
        order.tax = nil
        order.terms = []
        order.requestID = nil
        order.paymentTerms = .net30
        order.buyer.contact = nil
        order.shipTo.id = nil
        order.lines = [PurchaseOrderLine(lineNumber: 1, supplierPartID: "X-1", description: "Stapler", quantity: 1, unitPrice: .zero)]
        var envelope = PurchasingFixtures.envelope
        envelope.isTest = false
        let xml = CXMLOrderRequest.render(order, envelope: envelope)
        Self.expectValid(try await PurchasingFixtures.validateDTD(xml, dtd: "cXML.dtd"))
        #expect(xml.contains(#"<Request deploymentMode="production">"#))
        #expect(xml.contains(#"<Classification domain="UNSPSC"/>"#))
    }

    /// The validation is real: a document missing a required element fails it.
    @Test func theDTDCheckRejectsAnInvalidDocument() async throws {
        let xml = CXMLOrderRequest.render(Self.order, envelope: PurchasingFixtures.envelope)
        let broken = xml.replacingOccurrences(of: "<UnitOfMeasure>RM</UnitOfMeasure>", with: "")
        let result = try await PurchasingFixtures.validateDTD(broken, dtd: "cXML.dtd")
        #expect(result.status != 0)
        #expect(result.output.contains("ItemDetail"))
    }

    // MARK: cXML from vendors

    static let confirmation = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/Fulfill.dtd">
        <cXML payloadID="1772557200000.conf-77@officeco.example" timestamp="2026-03-03T09:00:00-08:00" version="1.2.063" xml:lang="en-US">
          <Header>
            <From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
            <To><Credential domain="NetworkID"><Identity>AN-ACME</Identity></Credential></To>
            <Sender>
              <Credential domain="DUNS"><Identity>123456789</Identity><SharedSecret>vendor-secret</SharedSecret></Credential>
              <UserAgent>OfficeCo OMS 4.2</UserAgent>
            </Sender>
          </Header>
          <Request deploymentMode="test">
            <ConfirmationRequest>
              <ConfirmationHeader type="detail" noticeDate="2026-03-03T09:00:00-08:00" confirmID="CONF-77">
                <Comments xml:lang="en-US">Line 4 is discontinued &amp; will not ship.</Comments>
              </ConfirmationHeader>
              <OrderReference orderID="PO-2026-000123" orderDate="2026-03-02T09:30:00+00:00">
                <DocumentReference payloadID="1772443800000.PO-2026-000123-1@quartermaster.example"/>
              </OrderReference>
              <ConfirmationItem quantity="11" lineNumber="1">
                <UnitOfMeasure>RM</UnitOfMeasure>
                <ConfirmationStatus quantity="11" type="accept" deliveryDate="2026-03-16T00:00:00+00:00">
                  <UnitOfMeasure>RM</UnitOfMeasure>
                </ConfirmationStatus>
              </ConfirmationItem>
              <ConfirmationItem quantity="12" lineNumber="2">
                <UnitOfMeasure>RM</UnitOfMeasure>
                <ConfirmationStatus quantity="8" type="accept"><UnitOfMeasure>RM</UnitOfMeasure></ConfirmationStatus>
                <ConfirmationStatus quantity="4.0" type="backordered" deliveryDate="2026-04-01T00:00:00+01:00">
                  <UnitOfMeasure>RM</UnitOfMeasure>
                </ConfirmationStatus>
              </ConfirmationItem>
              <ConfirmationItem quantity="13" lineNumber="3">
                <UnitOfMeasure>RM</UnitOfMeasure>
                <ConfirmationStatus quantity="13" type="detail" deliveryDate="2026-03-20T00:00:00+00:00">
                  <UnitOfMeasure>RM</UnitOfMeasure>
                  <UnitPrice><Money currency="USD">4.40</Money></UnitPrice>
                  <Comments xml:lang="en-US">New price list from 1 March.</Comments>
                </ConfirmationStatus>
              </ConfirmationItem>
              <ConfirmationItem quantity="14" lineNumber="4">
                <UnitOfMeasure>RM</UnitOfMeasure>
                <ConfirmationStatus quantity="14" type="reject"><UnitOfMeasure>RM</UnitOfMeasure></ConfirmationStatus>
              </ConfirmationItem>
            </ConfirmationRequest>
          </Request>
        </cXML>
        """

    static let shipNotice = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.063/Fulfill.dtd">
        <cXML payloadID="1772719200000.asn-501@officeco.example" timestamp="2026-03-05T14:00:00+00:00" version="1.2.063" xml:lang="en-US">
          <Header>
            <From><Credential domain="DUNS"><Identity>123456789</Identity></Credential></From>
            <To><Credential domain="NetworkID"><Identity>AN-ACME</Identity></Credential></To>
            <Sender>
              <Credential domain="DUNS"><Identity>123456789</Identity><SharedSecret>vendor-secret</SharedSecret></Credential>
              <UserAgent>OfficeCo OMS 4.2</UserAgent>
            </Sender>
          </Header>
          <Request deploymentMode="test">
            <ShipNoticeRequest>
              <ShipNoticeHeader shipmentID="SHIP-501" noticeDate="2026-03-05T14:00:00+00:00" shipmentDate="2026-03-05T12:00:00+00:00"
                deliveryDate="2026-03-09T12:00:00+00:00" shipmentType="actual" fulfillmentType="partial"/>
              <ShipControl>
                <CarrierIdentifier domain="SCAC">UPSN</CarrierIdentifier>
                <CarrierIdentifier domain="companyName">UPS</CarrierIdentifier>
                <ShipmentIdentifier domain="trackingNumber">1Z999AA10123456784</ShipmentIdentifier>
              </ShipControl>
              <ShipNoticePortion>
                <OrderReference orderID="PO-2026-000123">
                  <DocumentReference payloadID="1772443800000.PO-2026-000123-1@quartermaster.example"/>
                </OrderReference>
                <ShipNoticeItem quantity="11" lineNumber="1"><UnitOfMeasure>RM</UnitOfMeasure></ShipNoticeItem>
                <ShipNoticeItem quantity="8" lineNumber="2"><UnitOfMeasure>RM</UnitOfMeasure></ShipNoticeItem>
              </ShipNoticePortion>
            </ShipNoticeRequest>
          </Request>
        </cXML>
        """

    @Test func theVendorSamplesAreValidFulfillDocuments() async throws {
        Self.expectValid(try await PurchasingFixtures.validateDTD(Self.confirmation, dtd: "Fulfill.dtd"))
        Self.expectValid(try await PurchasingFixtures.validateDTD(Self.shipNotice, dtd: "Fulfill.dtd"))
    }

    @Test func aConfirmationReadsAsPerLineAnswers() throws {
        let confirmation = try CXMLConfirmation.parse(Data(Self.confirmation.utf8))
        #expect(confirmation.orderNumber.text == "PO-2026-000123")
        #expect(confirmation.confirmationID == "CONF-77")
        #expect(confirmation.noticeDate == ISO8601DateTime.parse("2026-03-03T17:00:00Z"))
        #expect(confirmation.comment == "Line 4 is discontinued & will not ship.")
        #expect(confirmation.wholeOrder == nil)
        #expect(confirmation.lines.map(\.lineNumber) == [1, 2, 2, 3, 4])
        #expect(confirmation.lines.map(\.status) == [.accepted, .accepted, .backordered, .changed, .rejected])
        #expect(confirmation.lines.map(\.quantity) == [11, 8, 4, 13, 14])
        #expect(confirmation.lines[2].deliveryDate == LocalDate(year: 2026, month: 4, day: 1))  // the vendor's day, not shifted
        #expect(confirmation.lines[3].unitPrice == Money(PurchasingFixtures.decimal("4.40"), PurchasingFixtures.usd))
        #expect(confirmation.lines[3].comment == "New price list from 1 March.")

        // Into the order's state: lines 2, 3 and 4 need a person; line 4 is no longer expected.
        let order = PurchasingFixtures.order(lines: 4)
        var state = PurchaseOrderState(order: order)
        _ = try state.issue()
        #expect(try state.acknowledge(confirmation) == .review(lines: [2, 3, 4]))
        #expect(state.lines.map(\.acknowledgement) == [.accepted, .backordered, .changed, .rejected])
        #expect(state.lines.map(\.expected) == [11, 12, 13, 0])
    }

    @Test func aWholeOrderAnswerNeedsNoItems() async throws {
        let accept = Self.confirmation.replacingOccurrences(of: #"type="detail" noticeDate"#, with: #"type="accept" noticeDate"#)
            .replacingOccurrences(of: #"<ConfirmationItem[\s\S]*</ConfirmationItem>"#, with: "", options: .regularExpression)
        Self.expectValid(try await PurchasingFixtures.validateDTD(accept, dtd: "Fulfill.dtd"))
        let confirmation = try CXMLConfirmation.parse(Data(accept.utf8))
        #expect(confirmation.wholeOrder == .accepted)
        #expect(confirmation.lines.isEmpty)
        let reject = accept.replacingOccurrences(of: #"type="accept""#, with: #"type="reject""#)
        #expect(try CXMLConfirmation.parse(Data(reject.utf8)).wholeOrder == .rejected)
        let detailWithoutItems = accept.replacingOccurrences(of: #"type="accept""#, with: #"type="detail""#)
        #expect(throws: CXMLReadError("a detail confirmation must give its lines")) {
            try CXMLConfirmation.parse(Data(detailWithoutItems.utf8))
        }
    }

    @Test func aShipNoticeReadsAsQuantitiesPerLine() throws {
        let notice = try CXMLShipNotice.parse(Data(Self.shipNotice.utf8))
        #expect(notice.shipmentID == "SHIP-501")
        #expect(notice.operation == .new)
        #expect(notice.carrier == "UPS")
        #expect(notice.trackingNumber == "1Z999AA10123456784")
        #expect(notice.shipmentDate == ISO8601DateTime.parse("2026-03-05T12:00:00Z"))
        #expect(notice.deliveryDate == ISO8601DateTime.parse("2026-03-09T12:00:00Z"))
        let number = PurchaseOrderNumber("PO-2026-000123")!
        #expect(notice.lines(for: number) == [LineQuantity(lineNumber: 1, quantity: 11), LineQuantity(lineNumber: 2, quantity: 8)])

        var state = PurchaseOrderState(order: PurchasingFixtures.order(lines: 2))
        _ = try state.issue()
        _ = try state.ship(shipmentID: notice.shipmentID, notice.lines(for: number))
        #expect(state.status == .partiallyShipped)
        #expect(state.lines.map(\.shipped) == [11, 8])
    }

    @Test func badVendorDocumentsAreRefusedWithAReason() throws {
        func refusal(_ document: String) -> String? {
            do {
                _ = try CXMLShipNotice.parse(Data(document.utf8))
                return nil
            } catch {
                return error.message
            }
        }
        #expect(refusal("<cXML><Header>") != nil)
        #expect(refusal(Self.confirmation) == "expected cXML/Request/ShipNoticeRequest")
        #expect(
            refusal(Self.shipNotice.replacingOccurrences(of: #"quantity="8""#, with: #"quantity="8.5""#))
                == "<ShipNoticeItem> quantity 8.5 is not a whole number of units")
        #expect(
            refusal(Self.shipNotice.replacingOccurrences(of: #"quantity="8""#, with: #"quantity="-8""#))
                == "<ShipNoticeItem> quantity -8 is not a whole number of units")
        #expect(
            refusal(Self.shipNotice.replacingOccurrences(of: #"orderID="PO-2026-000123""#, with: #"orderID="4500012""#))
                == "OrderReference orderID 4500012 is not one of our order numbers")
        #expect(
            refusal(Self.shipNotice.replacingOccurrences(of: #"shipmentID="SHIP-501" "#, with: ""))
                == "<ShipNoticeHeader> has no shipmentID")
        #expect(
            refusal(Self.shipNotice.replacingOccurrences(of: "2026-03-05T12:00:00+00:00", with: "yesterday"))
                == "<ShipNoticeHeader> shipmentDate yesterday is not a date-time")
        // Entities are never expanded: neither internal definitions nor external ones.
        let entity = Self.shipNotice.replacingOccurrences(
            of: #"Fulfill.dtd">"#, with: #"Fulfill.dtd" [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#
        )
        .replacingOccurrences(of: ">UPS<", with: ">&x;<")
        #expect(refusal(entity)?.contains("unknown reference &x;") == true)

        let unknownStatus = Self.confirmation.replacingOccurrences(of: #"type="reject""#, with: #"type="unknown""#)
        #expect(throws: CXMLReadError("line 4: cannot act on status unknown")) { try CXMLConfirmation.parse(Data(unknownStatus.utf8)) }
        let wrongCurrency = Self.confirmation.replacingOccurrences(of: #"currency="USD""#, with: #"currency="XYZ""#)
        #expect(throws: CXMLReadError("unknown currency XYZ")) { try CXMLConfirmation.parse(Data(wrongCurrency.utf8)) }
    }

    @Test func theXMLReaderReadsWhatTheWriterWrites() throws {
        var writer = XMLWriter(doctype: "root")
        writer.element("root", ["a": "x \"y\" & <z>\n\tnext", "skipped": nil]) { xml in
            xml.leaf("text", "1 < 2 & 3 > 2 — ünïcödé \u{0007}")
            xml.leaf("absent", nil)
            xml.empty("empty", ["k": "v"])
        }
        let root = try XMLReader.parse(Array(writer.document.utf8))
        #expect(root.name == "root")
        #expect(root["a"] == "x \"y\" & <z>\n\tnext")
        #expect(root["skipped"] == nil)
        #expect(root.child("text")?.text == "1 < 2 & 3 > 2 — ünïcödé ")  // the bell cannot be carried in XML 1.0
        #expect(root.child("absent") == nil)
        #expect(root.child("empty")?["k"] == "v")
        let cdata = try XMLReader.parse(Array("<a><!-- note --><b x='1'>&#x41;&#66;<![CDATA[<raw>&]]></b><?pi x?></a>".utf8))
        #expect(cdata.descendant("b")?.text == "AB<raw>&")
        #expect(cdata.descendant("b")?["x"] == "1")
        #expect(throws: XMLReader.SyntaxError.self) { try XMLReader.parse(Array("<a><b></a>".utf8)) }
        #expect(throws: XMLReader.SyntaxError.self) { try XMLReader.parse(Array("<a x='1' x='2'/>".utf8)) }
        #expect(throws: XMLReader.SyntaxError.self) { try XMLReader.parse(Array("<a/><b/>".utf8)) }
        #expect(throws: XMLReader.SyntaxError.self) { try XMLReader.parse(Array(#"<?xml version="1.0" encoding="ISO-8859-1"?><a/>"#.utf8)) }
        let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
        #expect(throws: XMLReader.SyntaxError.self) { try XMLReader.parse(Array(deep.utf8)) }
    }

    @Test func dateTimesCarryTheirOffsets() {
        #expect(ISO8601DateTime.format(PurchasingFixtures.orderDate) == "2026-03-02T09:30:00+00:00")
        #expect(ISO8601DateTime.format(-1) == "1969-12-31T23:59:59+00:00")
        #expect(ISO8601DateTime.parse("2026-03-02T01:30:00-08:00") == PurchasingFixtures.orderDate)
        #expect(ISO8601DateTime.parse("2026-03-02T09:30:00.250Z") == PurchasingFixtures.orderDate + 250)
        #expect(ISO8601DateTime.parse("2026-03-02T10:30:00+0100") == PurchasingFixtures.orderDate)
        #expect(ISO8601DateTime.parse("2026-03-02") == PurchasingFixtures.orderDate - 34_200_000)
        for bad in ["2026-03-02T09:30:00", "2026-03-02T25:00:00Z", "2026-02-30T00:00:00Z", "2026-03-02T09:30Z", "soon"] {
            #expect(ISO8601DateTime.parse(bad) == nil, "\(bad)")
        }
    }

    // MARK: UBL

    @Test func theOrderIsAValidUBLOrder() async throws {
        let xml = UBLOrder.render(Self.order)
        Self.expectValid(try await PurchasingFixtures.validateUBL(xml))
        #expect(xml == UBLOrder.render(Self.order))
        for expected in [
            "<cbc:ID>PO-2026-000123</cbc:ID>", "<cbc:IssueDate>2026-03-02</cbc:IssueDate>", "<cbc:IssueTime>09:30:00+00:00</cbc:IssueTime>",
            "<cbc:DocumentCurrencyCode>USD</cbc:DocumentCurrencyCode>", #"<cbc:Quantity unitCode="RM">12</cbc:Quantity>"#,
            #"<cbc:PriceAmount currencyID="USD">12.50</cbc:PriceAmount>"#,
            #"<cbc:PayableAmount currencyID="USD">276.78</cbc:PayableAmount>"#,
            "<cbc:AccountingCost>CC-102</cbc:AccountingCost>", "<cbc:Name>Acme &amp; Sons &lt;Lisbon&gt;</cbc:Name>",
            #"<cbc:ID schemeAgencyID="ICC" schemeVersionID="2020">DAP</cbc:ID>"#,
        ] {
            #expect(xml.contains(expected), "missing \(expected)")
        }
        let revised = UBLOrder.render(Self.order.revised(at: PurchasingFixtures.orderDate) { $0.tax = nil })
        Self.expectValid(try await PurchasingFixtures.validateUBL(revised))
        #expect(revised.contains("Version 2 of PO-2026-000123"))
    }

    /// The UBL schemas resolve their imports locally, and do reject a broken order.
    @Test func theUBLSchemaRejectsAnInvalidOrder() async throws {
        let broken = UBLOrder.render(Self.order).replacingOccurrences(of: "<cbc:IssueDate>2026-03-02</cbc:IssueDate>", with: "")
        let result = try await PurchasingFixtures.validateUBL(broken)
        #expect(result.status != 0)
        #expect(result.output.contains("IssueDate"))
    }

    // MARK: PDF

    @Test func thePDFReadsBackWithItsLinesAndTotals() async throws {
        let pdf = Data(PurchaseOrderPDF.render(Self.order))
        #expect(pdf == Data(PurchaseOrderPDF.render(Self.order)))  // deterministic
        let result = try await PurchasingFixtures.pdftotext(pdf)
        #expect(result.status == 0, "\(result.output)")
        let page = result.output
        for expected in [
            "PURCHASE ORDER", "PO-2026-000123", "Acme & Sons <Lisbon>", "OfficeCo Supplies", "Avenida da Índia 10", "Inês Duarte",
            "Copy paper A4 80 g/m², 500 sheets", "(\"Premium\") — line 3", "OC-1002", "Buyer: ACME-2", "CC-101", "2026-03-16",
            "252.00", "15.00", "9.78", "276.78", "2% 10, Net 30", "DAP Lisbon (Incoterms", "goods & services not ordered",
            "Page 1 of 1",
        ] {
            #expect(page.contains(expected), "missing \(expected)")
        }
        let info = try await PurchasingFixtures.run("pdfinfo", [], on: pdf, suffix: ".pdf")
        #expect(info.status == 0 && !info.output.contains("Error"), "\(info.output)")
        #expect(info.output.contains("Title:           Purchase order PO-2026-000123"))
        #expect(info.output.contains("PDF version:     1.4"))
    }

    @Test func aLongOrderContinuesOverNumberedPages() async throws {
        let order = PurchasingFixtures.order(lines: 120)
        let pdf = Data(PurchaseOrderPDF.render(order))
        let info = try await PurchasingFixtures.run("pdfinfo", [], on: pdf, suffix: ".pdf")
        #expect(info.status == 0 && !info.output.contains("Error"), "\(info.output)")
        let pages = try #require(
            info.output.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) })
        #expect(pages == 6)
        let text = try await PurchasingFixtures.pdftotext(pdf).output
        for page in 1...pages { #expect(text.contains("Page \(page) of \(pages)")) }
        // Every line is there once, the header repeats on each page with lines, and the totals close it.
        for line in [1, 60, 120] { #expect(text.contains("OC-\(1000 + line)")) }
        #expect(text.components(separatedBy: "Buyer: ACME-").count - 1 == 120)
        #expect(text.components(separatedBy: "Unit price").count - 1 == 5)
        #expect(text.contains("(continued)"))
        #expect(text.contains(PurchaseOrderPDF.amount(order.total)))
        #expect(PurchaseOrderPDF.amount(order.total) == "71,124.78")
    }

    @Test func thePDFCrossReferenceTablePointsAtEachObject() throws {
        let bytes = PurchaseOrderPDF.render(PurchasingFixtures.order(lines: 40))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n"))
        #expect(text.hasSuffix("%%EOF\n"))
        let startxref = try #require(text.range(of: "startxref\n", options: .backwards))
        let xrefOffset = try #require(Int(text[startxref.upperBound...].prefix { $0.isNumber }))
        let xref = Array(bytes[xrefOffset...])
        #expect(String(decoding: xref.prefix(5), as: UTF8.self) == "xref\n")
        let lines = String(decoding: xref, as: UTF8.self).split(separator: "\n")
        let count = try #require(Int(lines[1].split(separator: " ")[1]))
        for object in 1..<count {
            let entry = lines[2 + object]
            #expect(entry.utf8.count == 19)  // 20 bytes with its newline
            let offset = try #require(Int(entry.prefix(10)))
            let found = String(decoding: bytes[offset..<min(bytes.count, offset + 12)], as: UTF8.self)
            #expect(found.hasPrefix("\(object) 0 obj\n"), "object \(object) at \(offset): \(found)")
        }
    }

    @Test func textIsMeasuredAndEncodedForTheStandardFonts() {
        #expect(StandardFont.helvetica.width(of: "Hello", size: 10) == 22.78)
        #expect(StandardFont.helveticaBold.width(of: "Hello", size: 10) == 24.45)
        #expect(StandardFont.helvetica.width(of: "1,234.50", size: 1000) == 556 * 6 + 278 * 2)
        #expect(
            WinAnsi.encode("€ “x” – é ő ł 中\u{2212}") == [
                0x80, 0x20, 0x93, 0x78, 0x94, 0x20, 0x96, 0x20, 0xE9, 0x20, 0x6F, 0x20, 0x6C, 0x20, 0x3F, 0x2D,
            ])
        #expect(PDFPage.escape(WinAnsi.encode(#"a(b)c\d é"#)) == #"a\(b\)c\\d \351"#)
        let lines = PurchaseOrderPDF.wrap("alpha beta gamma delta", font: .helvetica, size: 10, width: 60)
        #expect(lines == ["alpha beta", "gamma delta"])
        #expect(lines.allSatisfy { StandardFont.helvetica.width(of: $0, size: 10) <= 60 })
        #expect(
            PurchaseOrderPDF.wrap("ABCDEFGHIJKLMNOP", font: .helvetica, size: 10, width: 30).allSatisfy {
                StandardFont.helvetica.width(of: $0, size: 10) <= 30
            })
        #expect(PurchaseOrderPDF.amount(PurchasingFixtures.decimal("-1234567.5")) == "-1,234,567.50")
    }
}
