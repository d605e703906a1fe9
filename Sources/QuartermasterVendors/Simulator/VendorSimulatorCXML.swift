import QuartermasterCore

/// The cXML side of the simulator: reading the OrderRequests it receives, and writing the
/// ConfirmationRequest and ShipNoticeRequest documents it sends back.
enum VendorSimulatorCXML {
    /// What the simulator needs of an OrderRequest.
    static func submission(_ bytes: some Collection<UInt8>, key: String?) throws(CXMLReadError) -> VendorSimulatorLedger.Submission {
        let root: XMLReader.Element
        do {
            root = try XMLReader.parse(bytes)
        } catch {
            throw CXMLReadError(error.description)
        }
        guard root.name == "cXML", let payloadID = root["payloadID"] else {
            throw CXMLReadError("expected a cXML document with a payloadID")
        }
        guard let request = root.descendant("Request", "OrderRequest"), let header = request.child("OrderRequestHeader") else {
            throw CXMLReadError("expected cXML/Request/OrderRequest/OrderRequestHeader")
        }
        guard let orderID = header["orderID"], PurchaseOrderNumber(orderID) != nil else {
            throw CXMLReadError("orderID is not an order number")
        }
        let operation: VendorOperation
        switch header["type"] ?? "new" {
        case "new": operation = .new
        case "update": operation = .change
        case "delete": operation = .cancel
        case let other: throw CXMLReadError("unknown OrderRequest type \(other)")
        }
        var lines: [VendorSimulatorLedger.Line] = []
        for item in request.children("ItemOut") {
            guard let lineNumber = item["lineNumber"].flatMap({ Int($0) }), let quantity = item["quantity"].flatMap({ Int($0) }) else {
                throw CXMLReadError("ItemOut needs a whole lineNumber and quantity")
            }
            let detail = item.child("ItemDetail")
            lines.append(
                .init(
                    lineNumber: lineNumber, quantity: quantity, unit: detail?.child("UnitOfMeasure")?.trimmedText ?? "EA",
                    unitPrice: detail?.descendant("UnitPrice", "Money")?.trimmedText ?? "0"))
        }
        return VendorSimulatorLedger.Submission(
            key: key ?? payloadID, poNumber: orderID, version: header["orderVersion"].flatMap { Int($0) } ?? 1, operation: operation,
            lines: lines)
    }

    /// A ConfirmationRequest or ShipNoticeRequest for an announcement.
    /// `sharedSecret` is presented as the sender's credential, as the buyer's endpoint asks.
    static func document(
        _ announcement: VendorSimulatorLedger.Announcement, profile: VendorSimulatorProfile, sharedSecret: String? = nil
    ) -> String {
        let now = VendorSimulatorLedger.now()
        let order: VendorSimulatorLedger.Order
        let payloadID: String
        switch announcement {
        case .acknowledged(let acknowledged):
            order = acknowledged
            payloadID = "\(order.id).v\(order.version).confirm@\(profile.name).simulator"
        case .shipped(let shipped, let shipment):
            order = shipped
            payloadID = "\(shipment.id).ship@\(profile.name).simulator"
        }
        func unit(_ lineNumber: Int) -> String { order.lines.first { $0.lineNumber == lineNumber }?.unit ?? "EA" }
        var xml = XMLWriter(doctype: #"cXML SYSTEM "http://xml.cxml.org/schemas/cXML/\#(CXMLEnvelope.version)/Fulfill.dtd""#)
        xml.element("cXML", ["payloadID": payloadID, "timestamp": ISO8601DateTime.format(now), "version": CXMLEnvelope.version]) { xml in
            xml.element("Header") { xml in
                for role in ["From", "To", "Sender"] {
                    xml.element(role) { xml in
                        xml.element("Credential", ["domain": "NetworkID"]) { xml in
                            xml.leaf("Identity", "\(profile.name)-simulator")
                            if role == "Sender", let sharedSecret { xml.leaf("SharedSecret", sharedSecret) }
                        }
                        if role == "Sender" { xml.leaf("UserAgent", "Quartermaster vendor simulator") }
                    }
                }
            }
            xml.element("Request") { xml in
                switch announcement {
                case .acknowledged:
                    let allAccepted = order.answers.allSatisfy { $0.status == "accepted" }
                    xml.element("ConfirmationRequest") { xml in
                        xml.empty(
                            "ConfirmationHeader",
                            [
                                "type": allAccepted ? "accept" : "except", "noticeDate": ISO8601DateTime.format(now),
                                "confirmID": "\(order.id)-v\(order.version)",
                            ])
                        xml.element("OrderReference", ["orderID": order.poNumber]) { xml in
                            xml.empty("DocumentReference", ["payloadID": "\(order.poNumber).v\(order.version)"])
                        }
                        for line in order.lines {
                            let quantity = String(line.quantity)
                            xml.element("ConfirmationItem", ["lineNumber": String(line.lineNumber), "quantity": quantity]) { xml in
                                xml.leaf("UnitOfMeasure", line.unit)
                                for answer in order.answers(line.lineNumber) {
                                    let type =
                                        answer.status == "accepted" ? "accept" : answer.status == "rejected" ? "reject" : answer.status
                                    let date = answer.deliveryDate.map { "\($0)T12:00:00Z" }
                                    xml.element(
                                        "ConfirmationStatus", ["quantity": String(answer.quantity), "type": type, "deliveryDate": date]
                                    ) { xml in
                                        xml.leaf("UnitOfMeasure", line.unit)
                                        xml.leaf("Comments", answer.comment)
                                    }
                                }
                            }
                        }
                    }
                case .shipped(_, let shipment):
                    xml.element("ShipNoticeRequest") { xml in
                        xml.empty(
                            "ShipNoticeHeader",
                            [
                                "shipmentID": shipment.id, "operation": "new", "noticeDate": ISO8601DateTime.format(now),
                                "shipmentDate": shipment.shippedAt,
                            ])
                        xml.element("ShipControl") { xml in
                            xml.leaf("CarrierIdentifier", ["domain": "companyName"], shipment.carrier)
                            xml.leaf("ShipmentIdentifier", shipment.trackingNumber)
                        }
                        xml.element("ShipNoticePortion") { xml in
                            xml.element("OrderReference", ["orderID": order.poNumber]) { xml in
                                xml.empty("DocumentReference", ["payloadID": "\(order.poNumber).v\(order.version)"])
                            }
                            for line in shipment.lines {
                                xml.element("ShipNoticeItem", ["quantity": String(line.quantity), "lineNumber": String(line.lineNumber)]) {
                                    xml in
                                    xml.leaf("UnitOfMeasure", unit(line.lineNumber))
                                }
                            }
                        }
                    }
                }
            }
        }
        return xml.document
    }
}
