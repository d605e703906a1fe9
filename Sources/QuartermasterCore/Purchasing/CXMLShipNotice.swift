/// Reads a vendor's cXML `ShipNoticeRequest` (Fulfill.dtd) into a `ShipNotice`: the shipment,
/// its carrier and tracking number, and the quantities shipped per order line.
public enum CXMLShipNotice {
    public static func parse(_ bytes: some Collection<UInt8>) throws(CXMLReadError) -> ShipNotice {
        try read(XMLReader.Element.cXMLRequest("ShipNoticeRequest", in: bytes))
    }

    /// Reads a `<ShipNoticeRequest>` element already parsed.
    static func read(_ request: XMLReader.Element) throws(CXMLReadError) -> ShipNotice {
        let header = try request.required("ShipNoticeHeader")
        let operationText = header["operation"] ?? "new"
        guard let operation = ShipNotice.Operation(rawValue: operationText) else {
            throw CXMLReadError("<ShipNoticeHeader> operation \(operationText) is not new, update or delete")
        }
        guard let noticeDate = try header.dateTime("noticeDate") else { throw CXMLReadError("<ShipNoticeHeader> has no noticeDate") }
        let control = request.child("ShipControl")
        let carriers = control?.children("CarrierIdentifier") ?? []
        let carrier = (carriers.first { $0["domain"] == "companyName" } ?? carriers.first)?.trimmedText
        let tracking = control?.children("ShipmentIdentifier").first?.trimmedText
        var portions: [ShipNotice.Portion] = []
        for portion in request.children("ShipNoticePortion") {
            var lines: [LineQuantity] = []
            for item in portion.children("ShipNoticeItem") {
                lines.append(LineQuantity(lineNumber: try item.integer("lineNumber"), quantity: try item.quantity()))
            }
            portions.append(ShipNotice.Portion(orderNumber: try portion.orderNumber(), lines: lines))
        }
        guard operation == .delete || portions.contains(where: { !$0.lines.isEmpty }) else {
            throw CXMLReadError("the ship notice names no shipped items")
        }
        return ShipNotice(
            shipmentID: try header.requiredAttribute("shipmentID"), operation: operation, noticeDate: noticeDate,
            shipmentDate: try header.dateTime("shipmentDate"), deliveryDate: try header.dateTime("deliveryDate"),
            carrier: carrier.flatMap { $0.isEmpty ? nil : $0 }, trackingNumber: tracking.flatMap { $0.isEmpty ? nil : $0 },
            portions: portions)
    }
}
