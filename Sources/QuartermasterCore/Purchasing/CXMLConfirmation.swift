/// Reads a vendor's cXML `ConfirmationRequest` (Fulfill.dtd) into an `OrderConfirmation`.
///
/// Header types `accept` and `reject` without items answer for the whole order; otherwise each
/// `ConfirmationItem` gives its line's parts: `accept`, `reject`, `backordered`, and `detail`
/// (a changed quantity, price or date). Types we cannot act on (`replace`, `requestToPay`,
/// `unknown`) are refused with a reason rather than guessed at.
public enum CXMLConfirmation {
    public static func parse(_ bytes: some Collection<UInt8>) throws(CXMLReadError) -> OrderConfirmation {
        try read(XMLReader.Element.cXMLRequest("ConfirmationRequest", in: bytes))
    }

    /// Reads a `<ConfirmationRequest>` element already parsed.
    static func read(_ request: XMLReader.Element) throws(CXMLReadError) -> OrderConfirmation {
        let header = try request.required("ConfirmationHeader")
        let headerType = try header.requiredAttribute("type")
        guard let noticeDate = try header.dateTime("noticeDate") else { throw CXMLReadError("<ConfirmationHeader> has no noticeDate") }
        var confirmation = OrderConfirmation(
            orderNumber: try request.orderNumber(), confirmationID: header["confirmID"], noticeDate: noticeDate,
            comment: header.comments)
        for item in request.children("ConfirmationItem") {
            let lineNumber = try item.integer("lineNumber")
            let statuses = item.children("ConfirmationStatus")
            guard !statuses.isEmpty else { throw CXMLReadError("ConfirmationItem \(lineNumber) has no ConfirmationStatus") }
            for part in statuses {
                let type = try part.requiredAttribute("type")
                guard let status = lineStatus(type) else { throw CXMLReadError("line \(lineNumber): cannot act on status \(type)") }
                confirmation.lines.append(
                    LineConfirmation(
                        lineNumber: lineNumber, status: status, quantity: try part.quantity(),
                        unitPrice: try part.child("UnitPrice")?.money(), deliveryDate: try part.day("deliveryDate"), comment: part.comments)
                )
            }
        }
        if confirmation.lines.isEmpty {
            guard let whole = lineStatus(headerType), whole != .changed else {
                throw CXMLReadError("a \(headerType) confirmation must give its lines")
            }
            confirmation.wholeOrder = whole
        } else if lineStatus(headerType) == nil, headerType != "except" {
            throw CXMLReadError("cannot act on a \(headerType) confirmation")
        }
        return confirmation
    }

    /// The domain status for a cXML confirmation type, nil for those we cannot act on.
    static func lineStatus(_ type: String) -> LineConfirmation.Status? {
        switch type {
        case "accept": .accepted
        case "reject": .rejected
        case "backordered": .backordered
        case "detail", "allDetail": .changed
        default: nil
        }
    }
}
